"""Files on a disk that fills or under a size limit: each output whole or absent, inputs untouched.

These run the installed console script as a process, as cron and organisers do.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app

from .conftest import BUNDLED_CASE, as_every_run_says_it

LETTERKIT = Path(sys.executable).parent / "letterkit"
SHEET = "name,about,place\nAnn Lee,I sing in Oslo.,Oslo\nBob Ray,I paint in Lima.,Lima\n"

ANN_WRITES_A_LETTER = ["--name", "Ann", "--about", "I sing.", "--ask", "1 2", "--channel", "letter"]


def _limited(size: int) -> object:
    """A preexec_fn: files this process writes stop at *size* bytes, as `ulimit -f` does."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _run(*arguments: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(LETTERKIT), *arguments],
        cwd=cwd,
        capture_output=True,
        check=False,
        preexec_fn=_limited(limit) if limit else None,
        env={**os.environ, "LETTERKIT_JOURNAL": str(cwd / "journal.sqlite3")},
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode(),
        as_every_run_says_it(result.stderr).decode(),
    )


def test_a_batch_under_a_file_size_limit_stops_and_leaves_no_part_of_a_letter(
    tmp_path: Path,
) -> None:
    (tmp_path / "signers.csv").write_text(SHEET)
    options = ["batch", "ua-2-19-russia", "signers.csv", "--channel", "letter"]
    options += ["--format", "pdf", "--out-dir", "letters", "--no-journal"]
    result = _run(*options, cwd=tmp_path, limit=8192)
    assert result.returncode == 4, result.stderr
    assert "000002-ann-lee.pdf: cannot be written: File too large" in result.stderr
    assert "make room, then run the same command again to finish" in result.stderr
    assert sorted(path.name for path in (tmp_path / "letters").iterdir()) == [
        ".letterkit-batch.lock"
    ]
    result = _run(*options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("2 rows: 2 written, 0 already done, 0 failed")
    for letter in (tmp_path / "letters").glob("*.pdf"):
        assert letter.read_bytes().rstrip().endswith(b"%%EOF")


def test_a_journal_that_cannot_be_written_stops_the_batch_with_what_was_done(
    tmp_path: Path,
) -> None:
    """The journal fills its limit when its first lot of records is written: the letters made
    by then are in place and counted, and a run without the journal finishes the rest."""
    rows = "".join(f"Signer {n},I write letter {n} from here.,Oslo\n" for n in range(3_000))
    (tmp_path / "signers.csv").write_text("name,about,place\n" + rows)
    options = ["batch", "ua-2-19-russia", "signers.csv", "--channel", "letter"]
    options += ["--out-dir", "letters"]
    result = _run(*options, cwd=tmp_path, limit=64 * 1024)
    assert result.returncode == 4, result.stderr
    lines = result.stderr.splitlines()
    assert "journal.sqlite3: the journal cannot be written" in lines[0]
    letters = sorted((tmp_path / "letters").glob("*.txt"))
    assert 2_000 <= len(letters) < 2_500  # a lot is 2,000 records; some rows were in flight
    made = len(letters)  # the rows after them were not read
    assert lines[1] == (
        f"{made:,} rows: {made:,} written, 0 already done, 0 failed; the journal could not be "
        "written: make room (or give --no-journal), then run the same command again to finish"
    )
    assert [path for path in (tmp_path / "letters").iterdir() if path.suffix == ".tmp"] == []
    result = _run(*options, "--no-journal", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        f"3,000 rows: {3_000 - made:,} written, {made:,} already done, 0 failed"
    )
    # With room again, a run with the journal records every letter, those done before too.
    result = _run(*options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("3,000 rows: 0 written, 3,000 already done, 0 failed")
    journal = sqlite3.connect(tmp_path / "journal.sqlite3")
    try:
        assert journal.execute("SELECT COUNT(*) FROM letters").fetchone() == (3_000,)
    finally:
        journal.close()


def test_a_compose_under_a_file_size_limit_saves_nothing(tmp_path: Path) -> None:
    options = ["compose", "ua-2-19-russia", "--name", "Ann", "--about", "I sing."]
    options += ["--ask", "1 2", "--channel", "letter", "--output", "letter.pdf"]
    result = _run(*options, cwd=tmp_path, limit=4096)
    assert result.returncode == 4
    assert result.stderr == "letterkit: letter.pdf: cannot be written: File too large\n"
    assert list(tmp_path.glob("*.pdf")) == []
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_a_killed_runs_temporary_beside_the_combined_pdf_is_cleared(tmp_path: Path) -> None:
    rows = "".join(f"Signer {n},I write letter {n}.,Oslo\n" for n in range(400))
    (tmp_path / "signers.csv").write_text("name,about,place\n" + rows)
    options = ["batch", "ua-2-19-russia", "signers.csv", "--channel", "letter", "--format"]
    options += ["pdf", "--combined", "all.pdf"]
    child = subprocess.Popen(
        [str(LETTERKIT), *options],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LETTERKIT_JOURNAL": str(tmp_path / "journal.sqlite3")},
    )
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".all.pdf.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert list(tmp_path.glob(".all.pdf.*.tmp")), "the run was killed before it began"
    result = _run(*options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob(".all.pdf.*")) == []
    assert (tmp_path / "all.pdf").exists()


@pytest.mark.parametrize(
    ("combined", "envelopes", "message"),
    [
        (
            "signers.csv",
            None,
            "--combined: signers.csv is the signers sheet: letterkit never writes over its input",
        ),
        (
            "x.pdf",
            "sub/../x.pdf",
            "--envelopes: sub/../x.pdf is also the combined PDF; give each output a file of "
            "its own",
        ),
        ("case.yaml", None, "--combined: case.yaml is the case file: letterkit never writes over"),
        (
            "journal.sqlite3",
            None,
            "--combined: journal.sqlite3 is the journal: letterkit never writes over its input",
        ),
    ],
)
def test_force_never_writes_over_an_input_and_outputs_never_share_a_file(
    runner: CliRunner, tmp_path: Path, combined: str, envelopes: str | None, message: str
) -> None:
    os.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "signers.csv").write_text(SHEET)
    shutil.copy(BUNDLED_CASE, tmp_path / "case.yaml")
    (tmp_path / "journal.sqlite3").write_bytes(b"")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()}
    options = ["batch", "case.yaml", "signers.csv", "--channel", "letter", "--format", "pdf"]
    options += ["--out-dir", "letters", "--combined", combined, "--force"]
    options += ["--journal", "journal.sqlite3"]
    if envelopes:
        options += ["--envelopes", envelopes]
    result = runner.invoke(app, options)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"letterkit: {message}")
    assert not (tmp_path / "letters").exists()  # refused before any work
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()} == before


def test_compose_never_saves_over_its_case(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(BUNDLED_CASE, tmp_path / "case.yaml")
    case = tmp_path / "case.yaml"
    result = runner.invoke(
        app,
        [
            "compose",
            str(case),
            *ANN_WRITES_A_LETTER,
            "--output",
            str(tmp_path / "sub" / ".." / "case.yaml"),
            "--force",
        ],
    )
    assert result.exit_code == 2
    assert "is the case file: letterkit never writes over its input" in result.stderr
    assert case.read_bytes() == BUNDLED_CASE.read_bytes()


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("sheet", "holds the signers sheet under a letter's name (000002-ann-lee.txt)"),
        ("envelopes", "holds the envelopes under a letter's name (000003-bob-ray.pdf)"),
        ("journal", "holds the journal under a letter's name (000003-bob-ray.txt)"),
    ],
)
def test_no_letter_is_written_over_a_file_named_like_one(
    runner: CliRunner, tmp_path: Path, where: str, message: str
) -> None:
    os.chdir(tmp_path)
    letters = tmp_path / "letters"
    letters.mkdir()
    sheet = letters / "000002-ann-lee.txt" if where == "sheet" else tmp_path / "signers.csv"
    sheet.write_text(SHEET)
    options = ["batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--force"]
    options += ["--out-dir", str(letters)]
    if where == "envelopes":
        options += ["--format", "pdf", "--envelopes", str(letters / "000003-bob-ray.pdf")]
    if where == "journal":
        options += ["--journal", str(letters / "000003-bob-ray.txt")]
    result = runner.invoke(app, options)
    assert result.exit_code == 2
    assert f"--out-dir: {letters} {message}" in result.stderr
    assert sheet.read_text() == SHEET


def test_a_template_the_case_includes_is_an_input_too(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(
        BUNDLED_CASE.read_text() + "templates: {letter: mine.j2}\n", encoding="utf-8"
    )
    (tmp_path / "mine.j2").write_text('{% include "part.j2" %}\n')
    (tmp_path / "part.j2").write_text("Dear {{ recipient.display_name }},\n")
    result = runner.invoke(
        app,
        [
            "compose",
            str(tmp_path / "case.yaml"),
            *ANN_WRITES_A_LETTER,
            "--output",
            str(tmp_path / "part.j2"),
            "--force",
        ],
    )
    assert result.exit_code == 2
    assert "is the case's template part.j2: letterkit never writes over its input" in result.stderr
    assert (tmp_path / "part.j2").read_text() == "Dear {{ recipient.display_name }},\n"
