"""Batch letters for a room of signers: golden output, bad rows, resuming, the journal."""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from letterkit import similarity
from letterkit.batch import file_name
from letterkit.cli import app

from .conftest import (
    FIXTURE_CASES,
    SCRIPT,
    as_every_run_says_it,
    batch,
    reader_rows,
    signers_sheet,
)

SHEET = """name,about,place,asks
Ann Lee,I am a nurse in Ottawa.,"Ottawa, Canada",1 3
Борис Петров,I teach history in Montreal.,Montreal,2;4
Zoë Martin,"As a mother of two, I believe everyone deserves safety.",,
"""
DAY = ["--date", "2026-11-25"]
LETTERKIT = Path(sys.executable).parent / "letterkit"


def _write(tmp_path: Path, text: str, name: str = "signers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _folder(out: Path) -> str:
    """Every file of a batch folder, in order, as one text to compare with a golden file."""
    parts = []
    for path in sorted(out.iterdir()):
        if not path.name.startswith("."):
            parts.append(f"=== {path.name} ===\n{path.read_text(encoding='utf-8')}")
    return "".join(parts)


@pytest.mark.parametrize("channel", ["letter", "fax", "tweet"])
def test_golden_batch_per_channel(
    runner: CliRunner, tmp_path: Path, golden: Callable[[str, str], None], channel: str
) -> None:
    sheet = _write(tmp_path, SHEET)
    out = tmp_path / "out"
    result = batch(runner, str(sheet), "--channel", channel, "--out-dir", str(out), *DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("3 rows: 3 written, 0 already done, 0 failed\n")
    golden(f"batch.{channel}.txt", _folder(out))


def test_golden_batch_email(
    runner: CliRunner, tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    sheet = _write(
        tmp_path,
        "name,about,asks,to\nAnn,I read the news.,1,minister\nBob,I am a lawyer.,2,prosecutor\n",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "batch",
            "email-appeal",
            str(sheet),
            "--channel",
            "email",
            "--out-dir",
            str(out),
            "--cases-dir",
            str(FIXTURE_CASES),
            *DAY,
        ],
    )
    assert result.exit_code == 0, result.stderr
    golden("batch.email.txt", _folder(out))


def test_batch_uses_the_same_letters_as_compose(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET)
    out = tmp_path / "out"
    batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(out), *DAY)
    composed = runner.invoke(
        app,
        [
            "compose",
            "ua-2-19-russia",
            "--name",
            "Ann Lee",
            "--about",
            "I am a nurse in Ottawa.",
            "--place",
            "Ottawa, Canada",
            "--ask",
            "1 3",
            "--channel",
            "letter",
            *DAY,
        ],
    )
    batch_letter = (out / "000002-ann-lee.txt").read_text()
    # The same letter but for the wording variant, which batch varies per signer.
    assert batch_letter.splitlines()[:15] == composed.stdout.splitlines()[:15]
    assert "carry out a prompt, effective" in batch_letter


def test_same_sheet_same_letters_and_signers_vary(runner: CliRunner, tmp_path: Path) -> None:
    rows = "".join(f"Signer {n},I am signer number {n}.,,\n" for n in range(40))
    sheet = _write(tmp_path, "name,about,place,asks\n" + rows)
    for out in ("one", "two"):
        result = batch(
            runner, str(sheet), "--channel", "letter", "--out-dir", str(tmp_path / out), *DAY
        )
        assert result.exit_code == 0, result.stderr
    assert _folder(tmp_path / "one") == _folder(tmp_path / "two")
    letters = [path.read_text() for path in sorted((tmp_path / "one").glob("*.txt"))]
    first_asks = [
        letter.split("Dear President Putin,\n\n")[1].split("\n\n")[2] for letter in letters
    ]
    openings = {
        "Please" if ask.startswith("Please") else ask.split(" to ")[0] for ask in first_asks
    }
    closings = {letter.split("\n\n\n\n")[0].splitlines()[-1] for letter in letters}
    assert openings == {"I urge you", "I call on you", "I ask you", "Please"}
    assert len(closings) == 3
    ask_sets = {
        tuple(sorted(line for line in letter.splitlines() if "Chechnya" in line))
        for letter in letters
    }
    assert len(ask_sets) > 5


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",I am a nurse.,,", "SIGNERS:3: name: your name is required"),
        ("Eve,,,", "SIGNERS:3: about: your sentence about yourself is required"),
        ("Eve,Hi.,,1 9", "SIGNERS:3: asks: there is no ask 9; the asks are 1 to 4"),
        ("Eve,Hi.,,1 2 3 4", "SIGNERS:3: asks: choose 2 to 3 asks of the 4; you chose 4"),
        ("Eve,Hi.,,1 x", "SIGNERS:3: asks: `x` is not an ask number; type numbers like 1 3"),
        (
            "Eve,Hi.,,,pigeon",
            "SIGNERS:3: channel: no channel `pigeon`; this case accepts tweet, fax, letter, call",
        ),
        (
            "Eve,Hi.,,,,medvedev",
            "SIGNERS:3: to: no official `medvedev` in this case; choose "
            "from putin (target), darchiev (copy), bastrykin (copy), all (one each)",
        ),
        (
            "Ann,I am a nurse.,,",
            "SIGNERS:3: name: the same name and sentence as row 2; skipped as a duplicate",
        ),
        (
            "Eve," + "x" * 100_000 + ",,",
            "SIGNERS:3: about: your sentence about yourself is 100,000 characters; 1,000 at most",
        ),
    ],
)
def test_a_bad_row_is_named_and_skipped_and_the_others_written(
    runner: CliRunner, tmp_path: Path, row: str, expected: str
) -> None:
    sheet = _write(
        tmp_path, f"name,about,place,asks,channel,to\nAnn,I am a nurse.,,\n{row}\nZed,I cook.,,\n"
    )
    out = tmp_path / "out"
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(out), *DAY)
    assert result.exit_code == 1
    lines = result.stderr.replace(str(sheet), "SIGNERS").splitlines()
    assert lines[0] == f"letterkit: {expected}"
    assert lines[1] == "3 rows: 2 written, 0 already done, 1 failed"
    assert sorted(path.name for path in out.glob("*.txt")) == ["000002-ann.txt", "000004-zed.txt"]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "s.csv", "SIGNERS: is empty; expected a header row or JSON"),
        (
            b"name,about,asks\n",
            "s.csv",
            "SIGNERS: has no signers, only a header (or nothing at all)",
        ),
        (
            b"name,place\nAnn,Ottawa\n",
            "s.csv",
            "SIGNERS:1: missing column `about`; the header "
            "has: name, place (letterkit reads name, about, place, email, asks, channel, to, "
            "language, ascii, and recipient_name and the like for a recipient each signer "
            'supplies); say which with --column "HEADER=COLUMN"',
        ),
        (
            b"\x00\x01\x02binary",
            "s.csv",
            "SIGNERS: is a binary file, not a CSV or JSON signers sheet",
        ),
        (b"{}", "s.json", "SIGNERS: a JSON signers file is an array of objects: [{...}, {...}]"),
        (b"[]", "s.json", "SIGNERS: has no signers, only a header (or nothing at all)"),
    ],
)
def test_a_sheet_that_cannot_be_used(
    runner: CliRunner, tmp_path: Path, content: bytes, name: str, expected: str
) -> None:
    sheet = tmp_path / name
    sheet.write_bytes(content)
    out = tmp_path / "out"
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(out))
    assert result.exit_code == 1
    assert result.stderr.replace(str(sheet), "SIGNERS").splitlines()[0] == f"letterkit: {expected}"
    assert not list(out.glob("*.txt")) if out.exists() else True


def test_rows_not_in_utf8_are_named(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "latin1.csv"
    sheet.write_bytes("name,about\nZoë,Je suis infirmière.\nBob,Hi.\n".encode("latin-1"))
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        f"letterkit: {sheet}:2: name: is not UTF-8 text; save the sheet as UTF-8 (CSV UTF-8)"
        in result.stderr
    )
    assert [path.name for path in (tmp_path / "out").glob("*.txt")] == ["000003-bob.txt"]


def test_files_are_kept_and_a_rerun_finishes_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET)
    out = tmp_path / "out"
    out.mkdir()
    (out / "000002-ann-lee.txt").write_text("Ann's letter, as she edited it\n")
    options = ["batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--out-dir", str(out)]
    result = runner.invoke(app, options)
    assert result.exit_code == 0
    assert result.stderr.startswith("3 rows: 2 written, 1 already done, 0 failed")
    assert (out / "000002-ann-lee.txt").read_text() == "Ann's letter, as she edited it\n"
    result = runner.invoke(app, [*options, "--force"])
    assert result.stderr.startswith("3 rows: 3 written, 0 already done, 0 failed")
    assert "Dear President Putin" in (out / "000002-ann-lee.txt").read_text()


def test_strict_and_dry_run_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET + "Eve,,,\n")
    out = tmp_path / "out"
    for flag in ("--strict", "--dry-run"):
        result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(out), flag)
        assert result.exit_code == 1
        assert "4 rows: 3 would be written, 0 already done, 1 failed" in result.stderr
        assert not out.exists() or not list(out.glob("*.txt"))
    good = _write(tmp_path, SHEET, "good.csv")
    result = batch(
        runner,
        "-",
        "--channel",
        "letter",
        "--out-dir",
        str(out),
        "--strict",
        input=good.read_text(),
    )
    assert result.exit_code == 0, result.stderr
    assert len(list(out.glob("*.txt"))) == 3


def test_jsonl_for_pipelines(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET)
    result = batch(runner, str(sheet), "--channel", "tweet", "--format", "jsonl", *DAY)
    assert result.exit_code == 0, result.stderr
    messages = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(one["row"], one["signer"], one["channel"]) for one in messages] == [
        (2, "Ann Lee", "tweet"),
        (3, "Борис Петров", "tweet"),
        (4, "Zoë Martin", "tweet"),
    ]
    assert all(one["weighted_length"] <= 280 for one in messages)
    assert messages[0]["url"].startswith("https://twitter.com/intent/tweet?text=")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "--out-dir: give the folder for the letters (or --format jsonl)"),
        (
            ["--format", "docx", "--out-dir", "x"],
            "--format: `docx` is not a format; use files, pdf or jsonl",
        ),
        (
            ["--format", "jsonl", "--out-dir", "x"],
            "--out-dir: --format jsonl writes to standard output, not a folder",
        ),
    ],
)
def test_batch_options(runner: CliRunner, tmp_path: Path, options: list[str], message: str) -> None:
    sheet = _write(tmp_path, SHEET)
    result = batch(runner, str(sheet), "--channel", "letter", *options)
    assert result.exit_code == 2
    assert result.stderr == f"letterkit: {message}\n"


def test_near_identical_letters_are_reported_with_both_rows(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = _write(
        tmp_path,
        "name,about,asks\nAnn,I care.,1 3\nBob,I care!,1 3\n"
        "Cy,\"I have worked for thirty years as a doctor in Ottawa's "
        "hospitals and seen what violence does to people, their families "
        'and their friends.",2 4\n',
    )
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "shares most of its text" in line]
    assert warnings == [
        "letterkit: warning: the message of row 3 shares most of its text with row 2's; some "
        "offices discard such messages: a longer sentence of the signer's own, or other asks, "
        "sets it apart"
    ]


def _alike_sheet(tmp_path: Path, rows: int) -> Path:
    return signers_sheet(tmp_path, reader_rows(rows))


def test_letters_compared_in_the_helper_process_are_reported_alike(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _alike_sheet(tmp_path, 30)
    options = ["--channel", "letter", "--format", "jsonl", *DAY]
    here = batch(runner, str(sheet), *options)
    monkeypatch.setattr(similarity, "HANDOFF", 4)
    monkeypatch.setattr(similarity, "CHUNK", 5)
    helped = batch(runner, str(sheet), *options)
    assert helped.exit_code == here.exit_code == 0
    # 28 of the 30 read like an earlier one: 20 named, then the count of the rest.
    assert "8 more messages share most of their text" in here.stderr
    assert helped.stderr == here.stderr
    assert helped.stdout == here.stdout


def test_a_lost_helper_process_is_said_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(similarity, "HANDOFF", 4)
    monkeypatch.setattr(sys, "executable", "/bin/false")  # a helper that ends at once
    result = batch(
        runner, str(_alike_sheet(tmp_path, 30)), "--channel", "letter", "--format", "jsonl"
    )
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 30  # the letters themselves are all there
    assert (
        "letterkit: warning: the comparing of letters stopped partway (its helper process "
        "ended); letters that read alike may not all be named above"
    ) in result.stderr


def test_a_duplicate_far_down_a_long_sheet_is_found(runner: CliRunner, tmp_path: Path) -> None:
    # Past the first thousand, fingerprints are on disk: the duplicate is found there.
    lines = [f"Signer {number},I write as reader {number}.,1 3" for number in range(1_500)]
    lines.append("SIGNER  7,i write as READER 7.,2 3")  # the same, whatever case and spaces
    sheet = _write(tmp_path, "name,about,asks\n" + "\n".join(lines) + "\n")
    result = batch(runner, str(sheet), "--channel", "letter", "--format", "jsonl", "--dry-run")
    assert result.exit_code == 1
    assert (
        f"letterkit: {sheet}:1502: name: the same name and sentence as row 9; "
        "skipped as a duplicate"
    ) in result.stderr
    assert result.stderr.startswith(f"letterkit: {sheet}:1502:")  # the only failed row
    assert "1,501 rows: 1,500 would be written, 0 already done, 1 failed" in result.stderr


def test_unknown_columns_are_warned_about(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, "name,abuot,about\nAnn,x,Hi\n")
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(tmp_path / "out"))
    assert f"letterkit: warning: {sheet}: columns ignored: abuot" in result.stderr


def test_a_folder_in_use_by_another_batch(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".letterkit-batch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = batch(
            runner, str(_write(tmp_path, SHEET)), "--channel", "letter", "--out-dir", str(out)
        )
    assert result.exit_code == 4
    assert result.stderr == (
        f"letterkit: {out}: another batch is writing letters here; wait for it to finish\n"
    )


def test_the_journal_counts_letters_once(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET)
    options = [
        "batch",
        "ua-2-19-russia",
        str(sheet),
        "--channel",
        "letter",
        "--out-dir",
        str(tmp_path / "out"),
    ]
    runner.invoke(app, options)
    runner.invoke(app, options)  # already done: not counted again
    runner.invoke(app, [*options[:5], "--format", "jsonl", "--no-journal"])
    result = runner.invoke(app, ["journal"])
    assert result.exit_code == 0
    assert "ua-2-19-russia  UA 2/19    3 letters     0  " in result.stdout
    assert "Борис Петров" in result.stdout
    path = Path(os.environ["LETTERKIT_JOURNAL"])
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(letters)")]
    assert "about" not in columns  # the journal keeps no sentence, no address


def test_letters_made_as_text_then_as_pdf_in_one_folder_are_both_written_and_counted_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = _write(tmp_path, SHEET)
    options = ["batch", "ua-2-19-russia", str(sheet), "--channel", "letter"]
    options += ["--out-dir", str(tmp_path / "out")]
    text = runner.invoke(app, options)
    assert text.exit_code == 0, text.stderr
    pdf = runner.invoke(app, [*options, "--format", "pdf", "--paper", "a4"])
    assert pdf.exit_code == 0, pdf.stderr
    assert pdf.stderr.startswith("3 rows: 3 written, 0 already done, 0 failed"), pdf.stderr
    assert "earlier version of the sheet" not in pdf.stderr
    assert "rows moved" not in pdf.stderr
    names = sorted(path.name for path in (tmp_path / "out").glob("0*"))
    assert [name.rpartition(".")[2] for name in names] == ["pdf", "txt"] * 3
    again = runner.invoke(app, [*options, "--format", "pdf", "--paper", "a4"])
    assert again.stderr.startswith("3 rows: 0 written, 3 already done, 0 failed"), again.stderr
    result = runner.invoke(app, ["journal"])
    assert "ua-2-19-russia  UA 2/19    3 letters     0  " in result.stdout


def test_two_batches_at_once_share_the_journal(tmp_path: Path) -> None:
    sheets = [  # three rooms, each its own signers: 900 messages in all
        _write(
            tmp_path,
            "name,about\n" + "".join(f"Signer {n}-{i},I am signer {i}.\n" for i in range(300)),
            f"room{n}.csv",
        )
        for n in range(3)
    ]
    environment = {**os.environ}
    runs = [
        subprocess.Popen(
            [
                str(LETTERKIT),
                "batch",
                "ua-2-19-russia",
                str(sheets[n]),
                "--channel",
                "letter",
                "--out-dir",
                str(tmp_path / f"out{n}"),
            ],
            env=environment,
            stderr=subprocess.PIPE,
        )
        for n in range(3)
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0, 0]
    with sqlite3.connect(environment["LETTERKIT_JOURNAL"]) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM letters").fetchone() == (900,)


def _until_no_more_files(folder: Path) -> None:
    counts = [-1]
    while counts[-1] != len(os.listdir(folder)):
        counts.append(len(os.listdir(folder)))
        time.sleep(0.2)
    assert len(counts) < 10


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_batch_is_finished_by_running_it_again(
    tmp_path: Path, how: signal.Signals
) -> None:
    rows = "".join(f"Signer {n},I am signer number {n} and I care.\n" for n in range(2000))
    sheet = _write(tmp_path, "name,about\n" + rows)
    out = tmp_path / "out"
    command = [
        str(LETTERKIT),
        "batch",
        "ua-2-19-russia",
        str(sheet),
        "--channel",
        "letter",
        "--out-dir",
        str(out),
        *DAY,
    ]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(os.listdir(out) if out.exists() else []) < 200:
        time.sleep(0.01)
    run.send_signal(how)
    try:
        _, errors = run.communicate(timeout=30)
    finally:
        run.kill()  # a batch that hangs must not outlive its test
    _until_no_more_files(out)  # a killed batch's helper process stops within a letter
    if how == signal.SIGINT:
        assert run.returncode == 130
        assert "interrupted: run the same command again to finish" in errors
    else:
        assert run.returncode == -signal.SIGKILL
    written = len(list(out.glob("*.txt")))
    assert 0 < written < 2000, "the batch must be caught partway"

    again = subprocess.run(command, stderr=subprocess.PIPE, check=False)
    errors = as_every_run_says_it(again.stderr).decode()
    assert again.returncode == 0, errors
    assert errors.startswith(f"2,000 rows: {2000 - written:,} written, {written:,} already")
    names = sorted(path.name for path in out.iterdir() if path.name != ".letterkit-batch.lock")
    assert names == sorted(file_name(n + 2, f"Signer {n}") for n in range(2000))  # no debris
    fresh = tmp_path / "fresh"
    subprocess.run([*command[:-3], str(fresh), *DAY], check=True, stderr=subprocess.DEVNULL)
    for path in out.glob("*.txt"):
        assert path.read_text() == (fresh / path.name).read_text()
    with sqlite3.connect(os.environ["LETTERKIT_JOURNAL"]) as db:
        recorded = db.execute(
            "SELECT COUNT(*) FROM letters WHERE output LIKE ?", (f"{out}/%",)
        ).fetchone()[0]
    assert recorded == 2000


@given(st.text(max_size=400), st.integers(min_value=1, max_value=10**7))
def test_any_signer_name_gives_a_file_inside_the_folder(name: str, row: int) -> None:
    made = file_name(row, name)
    assert "/" not in made
    assert "\\" not in made
    assert "\x00" not in made
    assert made.startswith(f"{row:06d}-")
    assert made.endswith(".txt")
    assert len(made.encode()) < 100
    folder = Path("/letters")
    assert (folder / made).parent == folder
    assert made not in (".", "..")


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("../../etc/passwd", "000002-etc-passwd.txt"),
        ("CON", "000002-con.txt"),
        ("???", "000002-signer.txt"),
        ("Мария Иванова", "000002-mariia-ivanova.txt"),
        ("x" * 300, "000002-" + "x" * 60 + ".txt"),
    ],
)
def test_awkward_names(name: str, made: str) -> None:
    assert file_name(2, name) == made


def test_ascii_batch_for_fax(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET)
    out = tmp_path / "out"
    result = batch(runner, str(sheet), "--channel", "fax", "--out-dir", str(out), "--ascii")
    assert result.exit_code == 0, result.stderr
    letters = {path.name: path.read_text() for path in out.glob("*.txt")}
    assert all(text.isascii() for text in letters.values())
    assert "Boris Petrov" in letters["000003-boris-petrov.txt"]


def test_message_warnings_are_said_once_per_kind(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, "name,about\nZoë,I care.\nZoé,I write.\nAnn,I am.\n")
    result = batch(
        runner, str(sheet), "--channel", "fax", "--out-dir", str(tmp_path / "out"), "--ascii"
    )
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"letterkit: warning: {sheet}:2: changed 1 kind of character to plain ASCII: ë → e"
    )
    assert lines[1] == (
        f"letterkit: warning: {sheet}:3: changed 1 kind of character to plain ASCII: é → e"
    )
    assert not any("more warnings" in line for line in lines)


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            b'{"name": "A", "about": "Hi", "asks": ' + b"1" * 5000 + b"}\n",
            "s.jsonl",
            "SIGNERS:1: not a signer: a number with too many digits",
        ),
        (
            b'{"name": "A", "about": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
            "s.jsonl",
            "SIGNERS:1: not a signer: JSON nested too deeply",
        ),
        (
            b'[{"name": "A", "about": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]",
            "s.json",
            "SIGNERS:1: not a signer: JSON nested too deeply",
        ),
        (
            "name\tabout\nAnn\tHi\n".encode("utf-16"),
            "s.txt",
            "SIGNERS: is UTF-16 text (Excel's Unicode Text); save it as CSV UTF-8",
        ),
        (
            b'{\n  "name": "Ann",\n  "about": "Hi"\n}\n',
            "s.txt",
            "SIGNERS: a JSON signers file is an array of objects: [{...}, {...}]",
        ),
    ],
)
def test_json_and_exports_that_would_have_crashed(
    runner: CliRunner, tmp_path: Path, content: bytes, name: str, expected: str
) -> None:
    sheet = tmp_path / name
    sheet.write_bytes(content)
    result = batch(runner, str(sheet), "--channel", "letter", "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.replace(str(sheet), "SIGNERS").splitlines()[0] == f"letterkit: {expected}"


def test_excel_sep_line_and_blank_rows_above_the_header(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "excel.csv"
    sheet.write_bytes(b"sep=;\r\nname;about\r\nAnn;Hi, I care.\r\n")
    result = batch(runner, str(sheet), "--channel", "letter", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["signer"] == "Ann"
    sheet.write_bytes(b"\n\nname,about\nAnn,Hi\n,\nBob,Yo\n")
    result = batch(runner, str(sheet), "--channel", "letter", "--format", "jsonl")
    assert [json.loads(line)["row"] for line in result.stdout.splitlines()] == [4, 6]


def test_a_missing_channel_is_said_once_up_front(runner: CliRunner, tmp_path: Path) -> None:
    result = batch(runner, str(_write(tmp_path, SHEET)), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == (
        "letterkit: --channel: choose how to send them: tweet, fax, letter, call\n"
    )


def test_a_sheet_cut_short_says_what_was_done(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "cut.json"
    sheet.write_bytes(b'[{"name": "Ann", "about": "Hi"}, {"name": "Bob", "about": "Yo"},')
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"letterkit: {sheet}:3: ends inside the JSON array (a ] is missing)",
        "2 rows: 2 written, 0 already done, 0 failed; the sheet could not be read to the end",
    ]


def test_a_closed_pipeline_is_a_failure_with_a_summary(tmp_path: Path) -> None:
    rows = "".join(f"Signer {n},I am signer {n}.\n" for n in range(20_000))
    sheet = _write(tmp_path, "name,about\n" + rows)
    run = subprocess.Popen(
        [
            str(LETTERKIT),
            "batch",
            "ua-2-19-russia",
            str(sheet),
            "--channel",
            "letter",
            "--format",
            "jsonl",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None
    assert run.stderr is not None
    run.stdout.readline()
    run.stdout.close()
    errors = run.stderr.read()
    assert run.wait(timeout=60) == 4
    assert "standard output was closed before the end" in errors
    assert "Traceback" not in errors


def test_re_running_jsonl_or_forcing_counts_each_letter_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = _write(tmp_path, SHEET)
    jsonl = [
        "batch",
        "ua-2-19-russia",
        str(sheet),
        "--channel",
        "letter",
        "--format",
        "jsonl",
        *DAY,
    ]
    runner.invoke(app, jsonl)
    runner.invoke(app, jsonl)
    files = ["batch", "ua-2-19-russia", str(sheet), "--out-dir", str(tmp_path / "out"), *DAY]
    runner.invoke(app, [*files, "--channel", "letter"])
    runner.invoke(app, [*files, "--channel", "fax", "--force"])
    with sqlite3.connect(os.environ["LETTERKIT_JOURNAL"]) as db:
        rows = db.execute("SELECT channel, output IS NULL FROM letters ORDER BY id").fetchall()
    assert sorted(rows) == [("fax", 0)] * 3 + [("letter", 1)] * 3


def test_a_batch_says_how_long_it_took(tmp_path: Path) -> None:
    """In a script as on a terminal: the summary's last words are the time the batch took."""
    sheet = _write(tmp_path, SHEET)
    command = [str(SCRIPT), "batch", "ua-2-19-russia", str(sheet), "--channel", "letter"]
    result = subprocess.run(
        [*command, "--format", "jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"^3 rows: 3 written, 0 already done, 0 failed, in \d+\.\d s$", result.stderr, re.M
    )


def test_rows_that_moved_are_found_again(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = ["--channel", "letter", "--out-dir", str(out), *DAY]
    batch(runner, str(_write(tmp_path, SHEET)), *options)
    lines = SHEET.splitlines()
    moved = "\n".join([lines[0], lines[1], "Late Comer,I came late to the evening.,,", *lines[2:]])
    result = batch(runner, str(_write(tmp_path, moved + "\n", "moved.csv")), *options)
    assert result.exit_code == 0, result.stderr
    assert "4 rows: 1 written, 3 already done, 0 failed" in result.stderr
    assert (
        "000003-boris-petrov.txt is from an earlier version of the sheet: row 3 now holds "
        "Late Comer" in result.stderr
    )
    assert sorted(path.name for path in out.glob("*.txt")) == [
        "000002-ann-lee.txt",
        "000003-boris-petrov.txt",
        "000003-late-comer.txt",
        "000004-zoe-martin.txt",
    ]


def test_pdfs_whose_rows_moved_are_found_again_and_not_printed_twice(
    runner: CliRunner, tmp_path: Path
) -> None:
    out, combined = tmp_path / "out", tmp_path / "late.pdf"
    options = ["--channel", "letter", "--format", "pdf", "--paper", "a4", "--out-dir", str(out)]
    first = batch(runner, str(_write(tmp_path, SHEET)), *options, *DAY)
    assert first.exit_code == 0, first.stderr
    lines = SHEET.splitlines()
    moved = "\n".join([lines[0], "Late Comer,I came late to the evening.,,", *lines[1:]])
    late = [*options, "--new-only", "--combined", str(combined), *DAY]
    result = batch(runner, str(_write(tmp_path, moved + "\n", "moved.csv")), *late)
    assert result.exit_code == 0, result.stderr
    assert "4 rows: 1 written, 3 already done, 0 failed" in result.stderr
    assert "already written as 000002-ann-lee.pdf, before the sheet's rows moved" in result.stderr
    assert len(PdfReader(combined).pages) == 1  # the late signer's letter alone
    assert len(list(out.glob("*.pdf"))) == 4


def test_a_damaged_pdf_under_another_row_is_not_taken_for_the_signers(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    options = ["--channel", "letter", "--format", "pdf", "--paper", "a4", "--out-dir", str(out)]
    first = batch(runner, str(_write(tmp_path, SHEET)), *options, *DAY)
    assert first.exit_code == 0, first.stderr
    whole = (out / "000002-ann-lee.pdf").read_bytes()
    (out / "000009-ann-lee.pdf").write_bytes(whole.replace(b"/FlateDecode", b"/FlateDecodX"))
    (out / "000008-ann-lee.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 1_000_001 + b"%%EOF")
    (out / "000002-ann-lee.pdf").unlink()
    again = batch(runner, str(_write(tmp_path, SHEET)), *options, *DAY)
    assert again.exit_code == 0, again.stderr
    assert "3 rows: 1 written, 2 already done, 0 failed" in again.stderr
    assert (out / "000002-ann-lee.pdf").read_bytes().endswith(b"%%EOF\n")


def test_every_official_gets_a_letter_in_a_batch(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, "name,about,to\nAnn,I care.,all\nBob,I teach.,darchiev\n")
    out = tmp_path / "out"
    result = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(out))
    assert result.exit_code == 0, result.stderr
    assert "2 rows: 4 written, 0 already done, 0 failed" in result.stderr
    assert sorted(path.name for path in out.glob("*.txt")) == [
        "000002-ann-bastrykin.txt",
        "000002-ann-darchiev.txt",
        "000002-ann-putin.txt",
        "000003-bob.txt",
    ]
    assert "cc: His Excellency Alexander Darchiev" in (out / "000002-ann-putin.txt").read_text()
    again = batch(runner, str(sheet), "--channel", "letter", "--out-dir", str(out))
    assert "2 rows: 0 written, 4 already done, 0 failed" in again.stderr
    assert "earlier version of the sheet" not in again.stderr  # Ann's letters are all hers


def test_a_row_is_written_whole_or_not_at_all(runner: CliRunner, tmp_path: Path) -> None:
    """An envelope the font cannot print fails the row: no letter left, no stamps counted."""
    sheet = _write(tmp_path, "name,about,place\nAnn,I sing.,Oslo\n李 Wei,I paint.,Shanghai\n")
    out, envelopes = tmp_path / "out", tmp_path / "envelopes.pdf"
    options = ["--channel", "letter", "--out-dir", str(out), "--envelopes", str(envelopes)]
    result = batch(runner, sheet, *options)
    assert result.exit_code == 1
    assert f"{sheet}:3: the envelope has 李 (U+674E CJK UNIFIED IDEOGRAPH-674E)" in result.stderr
    assert (
        "write yes in this row's `ascii` column to spell this signer's letter in Latin letters "
        "(the other signers' stay as written)" in result.stderr
    )
    assert sorted(path.name for path in out.glob("*.txt")) == ["000002-ann.txt"]
    assert "  1 letter to Vladimir Putin (RUSSIAN FEDERATION): $2.65 each" in result.stderr
    envelopes.unlink()
    again = batch(runner, sheet, *options)
    assert "\n2 rows: 0 written, 1 already done, 1 failed\n" in again.stderr
    # As the error says: the row in Latin letters, its envelope too.
    envelopes.unlink()
    ascii_sheet = _write(
        tmp_path,
        "name,about,place,ascii\nAnn,I sing.,Oslo,\n李 Wei,I paint.,Shanghai,yes\n",
        "a.csv",
    )
    mended = batch(runner, ascii_sheet, *options)
    assert mended.exit_code == 0, mended.stderr
    assert "\n2 rows: 1 written, 1 already done, 0 failed\n" in mended.stderr
    assert "Li Wei\n" in (out / "000003-li-wei.txt").read_text(encoding="utf-8")
    text = "\n".join(page.extract_text() for page in PdfReader(envelopes).pages)
    assert "Li Wei" in text
    assert "李" not in text


def test_a_pdf_an_earlier_run_cut_short_is_written_again(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, SHEET)
    out = tmp_path / "out"
    options = ["--channel", "letter", "--format", "pdf", "--out-dir", str(out), *DAY]
    assert batch(runner, sheet, *options).exit_code == 0
    whole = (out / "000002-ann-lee.pdf").read_bytes()
    (out / "000002-ann-lee.pdf").write_bytes(whole[:8192])  # as a full disk left it
    result = batch(runner, sheet, *options)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        f"letterkit: warning: {sheet}:2: 000002-ann-lee.pdf was cut short when it was written "
        "before; it is written again\n3 rows: 1 written, 2 already done, 0 failed"
    )
    again = (out / "000002-ann-lee.pdf").read_bytes()
    assert again.rstrip().endswith(b"%%EOF")
    assert len(again) == len(whole)  # the same letter (only its time of making differs)


def test_a_text_letter_that_may_be_cut_short_is_never_counted_or_replaced(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = _write(tmp_path, SHEET)
    out = tmp_path / "out"
    out.mkdir()
    (out / "000002-ann-lee.txt").write_text("Ann Lee\nOttawa\n\n25 November 2026\n\nVlad")
    result = batch(runner, sheet, "--channel", "letter", "--out-dir", str(out))
    assert result.exit_code == 1
    assert (
        f"letterkit: {sheet}:2: 000002-ann-lee.txt does not end with a line break, as letterkit "
        "ends every letter: it may have been cut short; look at it, and delete it to have it "
        "written again; pass --force to replace it\n"
    ) in result.stderr
    assert (out / "000002-ann-lee.txt").read_text().endswith("Vlad")
    assert "Postage to buy:\n  2 letters to Vladimir Putin" in result.stderr


def test_strict_says_each_warning_once(runner: CliRunner, tmp_path: Path) -> None:
    sheet = _write(tmp_path, "name,about\nZoë,Je suis.\nAnn,I am.\n")
    result = batch(
        runner, sheet, "--channel", "fax", "--out-dir", str(tmp_path / "out"), "--ascii", "--strict"
    )
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert (
        lines.count(
            f"letterkit: warning: {sheet}:2: changed 1 kind of character to plain ASCII: ë → e"
        )
        == 1
    )
    assert not any("more warnings" in line for line in lines)


def test_every_file_an_earlier_sheet_left_is_named(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for row in range(2, 8):
        (out / f"{row:06d}-someone-else.txt").write_text("An earlier letter.\n")
    rows = "".join(f"Signer {row},I write {row}.\n" for row in range(2, 8))
    sheet = _write(tmp_path, "name,about\n" + rows)
    result = batch(runner, sheet, "--channel", "letter", "--out-dir", str(out))
    for row in range(2, 8):
        assert (
            f"{sheet}:{row}: {row:06d}-someone-else.txt is from an earlier version of the sheet"
        ) in result.stderr


def test_one_row_in_plain_ascii_leaves_the_others_as_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = _write(
        tmp_path,
        "name,about,place,ascii\nZoë Ångström,I sing.,Oslo,\n李 Wei,I paint.,Shanghai,yes\n"
        "Bob,I teach.,York,perhaps\n",
    )
    out = tmp_path / "out"
    result = batch(runner, sheet, "--channel", "letter", "--format", "pdf", "--out-dir", str(out))
    assert result.exit_code == 1
    assert f"{sheet}:4: ascii: write yes (or leave it empty), not `perhaps`" in result.stderr
    assert sorted(path.name for path in out.glob("*.pdf")) == [
        "000002-zoe-angstrom.pdf",
        "000003-li-wei.pdf",
    ]
    from pypdf import PdfReader

    zoe = PdfReader(out / "000002-zoe-angstrom.pdf").pages[0].extract_text()
    li = PdfReader(out / "000003-li-wei.pdf").pages[0].extract_text()
    assert zoe.startswith("Zoë Ångström")  # as written
    assert li.split()[:2] == ["Li", "Wei"]  # this row alone in Latin letters
