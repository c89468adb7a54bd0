"""A large batch's journal records written by a helper process: all of them, once, in order."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.journal import Journal, JournalError

from .conftest import batch, reader_rows, signers_sheet

DAY = dt.date(2026, 11, 25)
LOT = 10


@pytest.fixture(autouse=True)
def _small_lots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("letterkit.journal.COMMIT_EVERY", LOT)


def record(journal: Journal, signer: str, **overrides: object) -> int | None:
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


def signers(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT signer FROM letters ORDER BY id")]


def names(count: int, start: int = 0) -> list[str]:
    return [f"Signer {number:04d}" for number in range(start, start + count)]


def test_records_past_the_first_lot_are_written_by_the_helper_in_order(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    helped = False
    with Journal(path) as journal:
        for name in names(95):
            record(journal, name)
            helped = helped or journal._helper is not None
        # Counting waits for every lot: what this run recorded counts too.
        assert journal.count_matching(case_id="ua-2-19-russia") == 95
    assert helped
    assert signers(path) == names(95)


def test_a_record_of_its_own_waits_for_the_helpers_lots(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        for name in names(45):
            record(journal, name)
        made = record(journal, "Compose writer", how="compose", with_id=True)
        record(journal, "Signer 0003")  # made again: counted once
    assert made == 46
    assert signers(path) == [*names(45), "Compose writer"]


def test_a_helper_that_dies_loses_no_record_and_doubles_none(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal(path) as journal:
        for number, name in enumerate(names(200)):
            record(journal, name)
            helper = journal._helper
            if number == 60 and helper is not None:
                process = helper._process
                assert process is not None
                process.kill()
                process.wait()
    assert signers(path) == names(200)


def test_a_lot_the_helper_cannot_write_is_kept_and_said(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    for name in names(25):
        record(journal, name)

    def record_more() -> None:
        # A record SQLite refuses (a value of no SQL type), in a lot the helper writes.
        for name in names(30, start=25):
            record(journal, name, how=["?"] if name == "Signer 0032" else "batch")
        journal.commit()

    with pytest.raises(JournalError, match=r"the journal cannot be written: .*binding parameter"):
        record_more()
    with pytest.raises(JournalError, match="binding parameter"):  # kept, refused again here
        journal.close()
    assert signers(path)[:20] == names(20)


def test_a_large_batch_journals_every_letter_once(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = reader_rows(120)
    sheet = signers_sheet(tmp_path, lines)
    journal = tmp_path / "journal.sqlite3"
    options = ["--channel", "letter", "--date", "2026-11-25", "--format", "jsonl"]
    result = batch(runner, str(sheet), *options, "--journal", str(journal))
    assert result.exit_code == 0, result.stderr
    assert signers(journal) == [f"Signer {n}" for n in range(120)]


def test_ctrl_c_halfway_through_a_lot_loses_no_record(tmp_path: Path) -> None:
    from .test_letter_files import HALF_SENT

    path = tmp_path / "j.sqlite3"
    code = (
        HALF_SENT
        + f"""
import datetime as dt
import letterkit.journal
from letterkit.journal import Journal
letterkit.journal.COMMIT_EVERY = 10
journal = Journal(Path({str(path)!r}))
made = 0
try:
    for number in range(500):
        made += 1
        journal.record(case_id="c", reference="", recipient="r", channel="letter",
                       letter_date=dt.date(2026, 11, 25), signer=f"Signer {{number:04d}}",
                       output=None, how="batch")
except KeyboardInterrupt:
    pass
journal.close()
print(made)
"""
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    made = int(done.stdout)
    assert made < 500
    assert signers(path) == names(made)


def test_after_a_lot_refused_the_records_keep_their_order(tmp_path: Path) -> None:
    """The lots sent after a refused one are not written out of turn by the helper."""
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)

    def record_all() -> None:
        for name in names(80):
            record(journal, name, how=["?"] if name == "Signer 0032" else "batch")

    with pytest.raises(JournalError, match="binding parameter"):
        record_all()
    with pytest.raises(JournalError, match="binding parameter"):
        journal.close()
    written = signers(path)
    assert written == names(len(written))  # the first lots, in order, and nothing after
    assert len(written) < 32
