"""The journal: each letter counted once, per case, kept across versions of letterkit."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

from letterkit.compose import make_draft, make_writer
from letterkit.journal import Journal, JournalError, default_path
from letterkit.models import Case

DAY = dt.date(2026, 11, 25)


def record(journal: Journal, **overrides: object) -> int:
    fields: dict[str, object] = {
        "case_id": "ua-2-19-russia",
        "reference": "UA 2/19",
        "recipient": "putin",
        "channel": "letter",
        "letter_date": DAY,
        "signer": "Maria",
        "output": None,
        "how": "sent",
    }
    made = journal.record(**{**fields, **overrides}, with_id=True)  # type: ignore[arg-type]
    assert made is not None
    return made


def test_a_message_is_counted_once_whatever_its_format(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        first = record(journal, output="/letters/000002-maria.txt")
        assert record(journal, output="/letters/000002-maria.txt") == first  # a batch re-run
        assert record(journal, output="/letters/000002-maria.pdf") == first  # then as PDF
        assert record(journal, letter_date=DAY + dt.timedelta(days=1)) == first  # no file
        record(journal, recipient="darchiev")  # another official
        record(journal, channel="tweet")  # another channel
        record(journal, signer="Ana")  # another signer
        [count] = journal.counts()
    assert (count.case_id, count.reference, count.letters) == ("ua-2-19-russia", "UA 2/19", 4)
    assert count.by_channel == {"letter": 3, "tweet": 1}
    assert count.sent == 0


def test_a_rewritten_letter_updates_its_record(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        record(journal, output="/letters/a.txt", how="batch")
        record(journal, output="/letters/a.txt", how="forced", rewritten=True)
        record(journal, output="/letters/a.txt", how="ignored")
        assert [entry.how for entry in journal.latest(10)] == ["forced"]


def test_counts_per_case_and_the_latest_first(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        for signer in ("Ann", "Bob", "Cy"):
            record(journal, signer=signer)
        record(journal, case_id="other", reference="UA 9/26", signer="Dee")
        assert [entry.signer for entry in journal.latest(2)] == ["Dee", "Cy"]
        assert [entry.signer for entry in journal.latest(10, "ua-2-19-russia")] == [
            "Cy",
            "Bob",
            "Ann",
        ]
        counts = {count.case_id: count.letters for count in journal.counts()}
        assert counts == {"ua-2-19-russia": 3, "other": 1}
        assert [count.case_id for count in journal.counts("other")] == ["other"]
        assert journal.counts("none") == []


def test_records_survive_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "j.sqlite3"  # folders made as needed
    with Journal(path) as journal:
        record(journal)
    journal.close()  # twice is harmless
    with Journal(path) as again:
        assert again.counts()[0].letters == 1


def test_a_draft_is_recorded_with_what_it_is(tmp_path: Path, case: Case) -> None:
    draft = make_draft(case, make_writer("Maria", "I am a nurse."), [1, 2], "fax", None, DAY)
    with Journal(tmp_path / "j.sqlite3") as journal:
        journal.record_draft(draft, output=None, how="sent")
        [entry] = journal.latest(1)
    assert (entry.case_id, entry.recipient, entry.channel, entry.letter_date, entry.signer) == (
        "ua-2-19-russia",
        "putin",
        "fax",
        "2026-11-25",
        "Maria",
    )


def test_a_journal_from_the_first_version_is_upgraded_with_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE letters (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, case_id TEXT "
        "NOT NULL, reference TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, "
        "letter_date TEXT NOT NULL, signer TEXT, output TEXT, how TEXT NOT NULL)"
    )
    for number in range(3):
        old.execute(
            "INSERT INTO letters (recorded_at, case_id, reference, recipient, channel, "
            "letter_date, signer, output, how) VALUES ('2026-01-01T00:00:00', 'c', 'R 1', "
            "'putin', 'letter', '2026-01-01', ?, NULL, 'sent')",
            (f"Signer {number}",),
        )
    old.commit()
    old.close()
    with Journal(path) as journal:
        assert journal.counts()[0].letters == 3
        record(journal, case_id="c")
        assert journal.counts()[0].letters == 4


def test_a_journal_that_cannot_be_opened_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "folder.sqlite3").mkdir()
    with pytest.raises(JournalError, match="the journal cannot be opened"):
        Journal(tmp_path / "folder.sqlite3")
    (tmp_path / "garbage.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(JournalError, match="the journal cannot be opened"):
        Journal(tmp_path / "garbage.sqlite3")


def test_the_journal_lives_where_the_environment_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LETTERKIT_JOURNAL", str(tmp_path / "mine.sqlite3"))
    assert default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv("LETTERKIT_JOURNAL")
    monkeypatch.setenv("LETTERKIT_HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / "journal.sqlite3"
    monkeypatch.delenv("LETTERKIT_HOME")
    assert default_path().name == "journal.sqlite3"
    assert "letterkit" in default_path().parts


def test_another_programs_database_is_never_changed(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite3"
    theirs = sqlite3.connect(path)
    theirs.execute("CREATE TABLE contacts (name TEXT)")
    theirs.commit()
    theirs.close()
    before = path.read_bytes()
    for read_only in (True, False):
        with pytest.raises(JournalError, match="is not a letterkit journal; letterkit leaves it"):
            Journal(path, read_only=read_only)
    assert path.read_bytes() == before
    assert not (tmp_path / "theirs.sqlite3-wal").exists()


def test_reading_changes_nothing_and_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        record(journal)
    writer = Journal(path)
    record(writer, signer="Bob")  # a batch holding the write lock, not yet committed
    before = path.read_bytes()
    started = time.monotonic()
    with Journal(path, read_only=True) as reader:
        assert reader.counts()[0].letters == 1
        assert [entry.signer for entry in reader.latest(99999999999999999999)] == ["Maria"]
    assert time.monotonic() - started < 1
    assert path.read_bytes() == before
    writer.close()
    with Journal(path, read_only=True) as reader:
        assert reader.counts()[0].letters == 2


def _version_2(path: Path) -> None:
    """A journal as letterkit kept it before messages were counted whatever their format."""
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE letters (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, case_id TEXT "
        "NOT NULL, reference TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, "
        "letter_date TEXT NOT NULL, signer TEXT, output TEXT, how TEXT NOT NULL, letter TEXT "
        "NOT NULL UNIQUE)"
    )
    rows = [
        ("2026-10-01T10:00:00", "Ann", "/l/ann.txt", "saved"),
        ("2026-10-01T10:05:00", "Ann", "/l/ann.pdf", "sent"),  # the same letter, as PDF
        ("2026-11-02T09:00:00", "Bob", None, "saved"),
    ]
    for at, signer, output, how in rows:
        old.execute(
            "INSERT INTO letters (recorded_at, case_id, reference, recipient, channel, "
            "letter_date, signer, output, how, letter) VALUES (?, 'c', 'R 1', 'putin', 'letter', "
            "'2026-10-01', ?, ?, ?, ?)",
            (at, signer, output, how, output or f"{signer} letter"),
        )
    old.commit()
    old.close()


def test_a_journal_kept_per_file_is_read_then_upgraded_to_one_record_a_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.sqlite3"
    _version_2(path)
    with Journal(path, read_only=True) as reader:  # read as it is, changing nothing
        [count] = reader.counts()
        assert (count.letters, count.sent) == (3, 1)
    with Journal(path) as journal:
        [count] = journal.counts()
        assert (count.letters, count.sent) == (2, 1)  # Ann's text and PDF: one, and sent
        assert record(journal, case_id="c", signer="Bob") == journal.latest(1)[0].id


def test_messages_are_marked_sent_and_forgotten(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        ann = record(journal, signer="Ann")
        bob = record(journal, signer="Bob")
        other = record(journal, case_id="test-run", signer="Me")
        assert journal.mark_sent([ann, 999]) == ([999], [])
        assert journal.mark_sent([ann]) == ([], [ann])  # twice: still sent once, at the first time
        [count] = journal.counts("ua-2-19-russia")
        assert (count.letters, count.sent) == (2, 1)
        assert record(journal, signer="Bob", sent=True) == bob  # said sent when made again
        assert journal.counts("ua-2-19-russia")[0].sent == 2
        assert journal.count_matching(case_id="test-run") == 1
        assert journal.forget(case_id="test-run") == 1
        assert journal.forget([other]) == 0
        assert [one.case_id for one in journal.counts()] == ["ua-2-19-russia"]
        assert journal.forget() == 2


def test_counts_per_case_and_month(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    _version_2(path)
    with Journal(path) as journal:
        months = [(one.month, one.letters, one.sent) for one in journal.counts(by_month=True)]
    assert months == [("2026-11", 1, 0), ("2026-10", 1, 1)]  # the latest month first


def test_a_first_journal_with_one_file_for_several_letters_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE letters (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, case_id TEXT "
        "NOT NULL, reference TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, "
        "letter_date TEXT NOT NULL, signer TEXT, output TEXT, how TEXT NOT NULL)"
    )
    for official in ("putin", "darchiev"):  # `compose --to all -o l.txt`: one file, two letters
        old.execute(
            "INSERT INTO letters (recorded_at, case_id, reference, recipient, channel, "
            "letter_date, signer, output, how) VALUES ('2026-01-01T00:00:00', 'c', 'R 1', ?, "
            "'letter', '2026-01-01', 'Ann', '/x/l.txt', 'saved')",
            (official,),
        )
    old.commit()
    old.close()
    with Journal(path) as journal:
        assert journal.counts()[0].letters == 2
        assert journal.mark_sent([1]) == ([], [])


def batch_record(journal: Journal, signer: str, **overrides: object) -> int | None:
    """Record a letter as a batch does: kept back, to be written with others."""
    fields: dict[str, object] = {
        "case_id": "ua-2-19-russia",
        "reference": "UA 2/19",
        "recipient": "putin",
        "channel": "letter",
        "letter_date": DAY,
        "signer": signer,
        "output": f"/letters/{signer}.txt",
        "how": "batch",
    }
    return journal.record(**{**fields, **overrides})  # type: ignore[arg-type]


def test_a_batchs_records_kept_back_are_written_in_order_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        assert batch_record(journal, "Ann") is None
        assert batch_record(journal, "Bob") is None
        # A record written at once comes after those kept back, as they were made.
        assert batch_record(journal, "Cy", with_id=True) == 3
        batch_record(journal, "Dee")
        assert [count.letters for count in journal.counts()] == [4]  # counted before a commit
        batch_record(journal, "Eve")
    with Journal(path, read_only=True) as journal:  # closing wrote what was kept back
        assert sorted(entry.signer or "" for entry in journal.latest(None)) == [
            "Ann",
            "Bob",
            "Cy",
            "Dee",
            "Eve",
        ]


def test_a_batch_record_that_cannot_be_written_is_kept_and_written_later(tmp_path: Path) -> None:
    """A failed write of the records kept back loses none: the next commit writes them."""
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        batch_record(journal, "Ann")
        journal._db.execute(  # a fault for one record only: SQLite refuses it
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON letters WHEN NEW.signer = 'Bob' "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
        batch_record(journal, "Bob")
        with pytest.raises(JournalError, match="cannot be written"):
            journal.commit()
        journal._db.execute("DROP TRIGGER refuse")
        batch_record(journal, "Cy")
    with Journal(path, read_only=True) as journal:
        assert sorted(entry.signer or "" for entry in journal.latest(None)) == ["Ann", "Bob", "Cy"]
