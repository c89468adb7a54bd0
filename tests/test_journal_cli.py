"""`letterkit journal` as a group reports from it: made and sent, exports, sent, forget."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from letterkit.cli import app

COMPOSE = [
    *("compose", "ua-2-19-russia", "--name", "Maria Example", "--place", "Ottawa, Canada"),
    *(
        "--about",
        "I am a nurse in Ottawa.",
        "--ask",
        "1 3",
        "--to",
        "putin",
        "--date",
        "2026-11-25",
    ),
]


def test_a_letter_made_as_text_then_as_pdf_is_one_message(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = runner.invoke(app, [*COMPOSE, "--channel", "letter", "-o", str(tmp_path / "l.txt")])
    assert text.exit_code == 0, text.stderr
    pdf = runner.invoke(app, [*COMPOSE, "--channel", "letter", "-o", str(tmp_path / "l.pdf")])
    assert pdf.exit_code == 0, pdf.stderr
    fax = runner.invoke(app, [*COMPOSE, "--channel", "fax", "--sent"])
    assert fax.exit_code == 0, fax.stderr
    result = runner.invoke(app, ["journal"], env={"COLUMNS": "120"})
    assert "ua-2-19-russia  UA 2/19    1 fax, 1 letter     1  " in result.stdout


def test_messages_are_marked_sent_by_id_and_exported(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("Ann", "=HYPERLINK()"):
        made = [*COMPOSE, "--channel", "letter", "-o", str(tmp_path / f"{len(name)}.txt")]
        made[made.index("Maria Example")] = name
        assert runner.invoke(app, made).exit_code == 0
    sent = runner.invoke(app, ["journal", "sent", "1"])
    assert (sent.exit_code, sent.stderr) == (0, "marked as sent: 1\n")
    unknown = runner.invoke(app, ["journal", "sent", "7"])
    assert unknown.exit_code == 1
    assert "no record 7 in the journal" in unknown.stderr
    exported = runner.invoke(app, ["journal", "--csv"])
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(row["id"], row["signer"], bool(row["sent_at"])) for row in rows] == [
        ("1", "Ann", True),
        ("2", "'=HYPERLINK()", False),  # never a formula in the organiser's spreadsheet
    ]
    as_json = json.loads(runner.invoke(app, ["journal", "--json"]).stdout)
    assert [one["signer"] for one in as_json] == ["Ann", "=HYPERLINK()"]
    assert set(as_json[0]) == set(rows[0])


def test_a_test_run_is_forgotten_after_a_confirmation(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, [*COMPOSE, "--channel", "fax", "--sent"]).exit_code == 0
    refused = runner.invoke(app, ["journal", "forget", "--case", "ua-2-19-russia"])
    assert refused.exit_code == 2
    assert "Pass --yes to confirm without a terminal" in refused.stderr
    nothing = runner.invoke(app, ["journal", "forget"])
    assert (nothing.exit_code, nothing.stderr) == (
        2,
        "letterkit: --case: say what to forget: record ids, --case ID, or --all\n",
    )
    done = runner.invoke(app, ["journal", "forget", "--case", "ua-2-19-russia", "--yes"])
    assert (done.exit_code, done.stderr) == (0, "forgot 1 record(s) of ua-2-19-russia\n")
    after = runner.invoke(app, ["journal", "--case", "ua-2-19-russia"])
    assert after.stderr == "No letters recorded for ua-2-19-russia.\n"


def test_counts_per_month(runner: CliRunner) -> None:
    assert runner.invoke(app, [*COMPOSE, "--channel", "fax", "--sent"]).exit_code == 0
    result = runner.invoke(app, ["journal", "--months"], env={"COLUMNS": "120"})
    header = result.stdout.splitlines()[0].split()
    assert header == ["case", "reference", "month", "made", "sent", "first", "last"]


def test_forget_takes_ids_or_a_case_never_both_and_huge_ids_are_no_record(
    runner: CliRunner,
) -> None:
    assert runner.invoke(app, [*COMPOSE, "--channel", "fax", "--sent"]).exit_code == 0
    both = runner.invoke(app, ["journal", "forget", "1", "--case", "other", "--yes"])
    assert (both.exit_code, both.stderr) == (
        2,
        "letterkit: --case: give record ids or --case, not both\n",
    )
    huge = runner.invoke(app, ["journal", "sent", "99999999999999999999"])
    assert huge.exit_code == 1
    assert "no record 99999999999999999999 in the journal" in huge.stderr
    gone = runner.invoke(app, ["journal", "forget", "1", "99999999999999999999", "--yes"])
    assert (gone.exit_code, gone.stderr) == (
        1,
        "letterkit: no record 99999999999999999999 in the journal (see `letterkit journal`)\n",
    )
    assert "1 fax" in runner.invoke(app, ["journal"]).stdout  # nothing was touched, 1 neither


def test_ids_are_said_to_be_numbers_and_a_message_is_sent_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    made = runner.invoke(app, [*COMPOSE, "--channel", "fax", "-o", str(tmp_path / "f.txt")])
    assert made.exit_code == 0, made.stderr
    word = runner.invoke(app, ["journal", "sent", "abc"])
    assert (word.exit_code, word.stderr) == (
        2,
        "letterkit: ID...: `abc` is not a record's id: ids are the numbers `letterkit journal` "
        "lists\n",
    )
    for digit in ("³", "٣"):  # digits to Unicode, not ids
        other = runner.invoke(app, ["journal", "sent", digit])
        assert other.exit_code == 2, other.stderr
        assert f"`{digit}` is not a record's id" in other.stderr
    none = runner.invoke(app, ["journal", "sent"])
    assert none.exit_code == 2
    assert none.stderr.startswith("letterkit: ID...: give the ids of the records to mark")
    first = runner.invoke(app, ["journal", "sent", "1"])
    assert (first.exit_code, first.stderr) == (0, "marked as sent: 1\n")
    again = runner.invoke(app, ["journal", "sent", "1"])
    assert (again.exit_code, again.stderr) == (0, "already marked as sent: 1\n")


def test_an_export_of_no_records_is_an_empty_table_and_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    empty = runner.invoke(app, ["journal", "--csv"])  # no journal yet
    assert empty.stdout.startswith("id,")
    assert empty.stderr.startswith("No letters recorded yet")
    made = runner.invoke(app, [*COMPOSE, "--channel", "fax", "-o", str(tmp_path / "f.txt")])
    assert made.exit_code == 0, made.stderr
    other = runner.invoke(app, ["journal", "--json", "--case", "no-such-case"])
    assert (other.exit_code, other.stdout, other.stderr) == (
        0,
        "[]\n",
        "No letters recorded for no-such-case.\n",
    )
