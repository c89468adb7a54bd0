"""Closed streams, narrow encodings, odd terminal widths and editors: the installed script copes.

Each test runs the console script as a process, with the standard streams and
environment a cron job, an old terminal or a careless shell would give it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import as_every_run_says_it

LETTERKIT = Path(sys.executable).parent / "letterkit"
LETTER = ["compose", "ua-2-19-russia", "--name", "Мария Иванова", "--about", "I am a nurse."]
LETTER += ["--ask", "1 2", "--channel", "letter", "--date", "2026-11-25"]


def _run(
    *arguments: str,
    cwd: Path,
    close: int | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run letterkit with standard stream *close* (0, 1 or 2) closed, as `<&-` or `>&-` do."""
    closing: Callable[[], None] | None = (lambda: os.close(close)) if close is not None else None
    result = subprocess.run(
        [str(LETTERKIT), *arguments],
        cwd=cwd,
        stdin=subprocess.DEVNULL if close != 0 else None,
        stdout=subprocess.PIPE if close != 1 else None,
        stderr=subprocess.PIPE if close != 2 else None,
        preexec_fn=closing,  # runs in the child, before letterkit starts
        env={
            **os.environ,
            "LETTERKIT_JOURNAL": str(cwd / "journal.sqlite3"),
            **(env or {}),
        },
        check=False,
    )
    if result.stderr is not None:
        result.stderr = as_every_run_says_it(result.stderr)
    return result


def test_a_closed_standard_output_loses_only_what_was_printed_there(tmp_path: Path) -> None:
    result = _run("list", cwd=tmp_path, close=1)
    assert (result.returncode, result.stderr) == (
        4,
        b"letterkit: standard output is closed: what was printed there is lost\n",
    )
    assert _run(*LETTER, cwd=tmp_path, close=1).returncode == 4
    saved = _run(*LETTER, "--output", "letter.txt", cwd=tmp_path, close=1)
    assert saved.returncode == 0, saved.stderr
    assert saved.stderr == b"Saved to letter.txt\n"
    assert (tmp_path / "letter.txt").read_text(encoding="utf-8").startswith("Мария Иванова\n")


def test_a_closed_standard_input_asks_nothing(tmp_path: Path) -> None:
    result = _run("compose", "ua-2-19-russia", cwd=tmp_path, close=0)
    assert (result.returncode, result.stderr) == (
        2,
        b"letterkit: --name: your name is required\n",
    )


def test_a_batch_with_its_standard_error_closed_still_writes_its_letters(tmp_path: Path) -> None:
    (tmp_path / "signers.csv").write_text("name,about\nAnn,I sing.\nBob,I paint.\n")
    options = ["batch", "ua-2-19-russia", "signers.csv", "--channel", "letter"]
    result = _run(*options, "--out-dir", "letters", cwd=tmp_path, close=2)
    assert result.returncode == 0
    assert sorted(path.name for path in (tmp_path / "letters").glob("*.txt")) == [
        "000002-ann.txt",
        "000003-bob.txt",
    ]
    journal = tmp_path / "journal.sqlite3"
    assert journal.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_narrow_encoding_spells_out_what_it_cannot_show(tmp_path: Path) -> None:
    result = _run(*LETTER, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert result.stdout.startswith(b"Mariia Ivanova\n")
    assert result.stderr.endswith(
        b"letterkit: warning: this terminal's encoding (ascii) cannot show some characters, "
        b"spelled above in Latin letters or as ?; a UTF-8 locale (LANG=C.UTF-8) shows them as "
        b"written\n"
    )


def test_an_iso_8859_1_locale_shows_the_case(tmp_path: Path) -> None:
    """A locale built with localedef, as an old system has it (skipped where none can be built)."""
    locales = tmp_path / "locales"
    locales.mkdir()
    try:
        built = subprocess.run(
            ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(locales / "en_US.ISO-8859-1")],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("localedef is not installed, so no ISO-8859-1 locale can be built")
    if built.returncode != 0:
        pytest.skip(f"localedef could not build en_US.ISO-8859-1: {built.stderr.decode()[:200]}")
    latin = {"LOCPATH": str(locales), "LC_ALL": "en_US.ISO-8859-1", "LANG": "en_US.ISO-8859-1"}
    latin["PYTHONIOENCODING"] = ""
    result = _run("show", "ua-2-19-russia", cwd=tmp_path, env=latin)
    assert result.returncode == 0, result.stderr
    assert b"the individuals' passports" in result.stdout  # ’ spelled '
    assert b"(latin-1) cannot show some characters" in result.stderr


@pytest.mark.parametrize("columns", ["0", "10"])
def test_a_terminal_that_says_it_is_narrow_still_gets_whole_ids(
    tmp_path: Path, columns: str
) -> None:
    assert _run(*LETTER, "--sent", cwd=tmp_path).returncode == 0
    for command in (["list"], ["show", "ua-2-19-russia"], ["journal"]):
        result = _run(*command, cwd=tmp_path, env={"COLUMNS": columns})
        assert result.returncode == 0, command
        assert b"ua-2-19-russia" in result.stdout or b"UA 2/19" in result.stdout, command
    listed = _run("list", cwd=tmp_path, env={"COLUMNS": columns})
    assert b"ua-2-19-russia" in listed.stdout


def test_an_editor_that_removes_the_file_keeps_the_draft(tmp_path: Path) -> None:
    result = _run(*LETTER, "--edit", "--output", "letter.txt", cwd=tmp_path, env={"EDITOR": "rm"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        b"letterkit: warning: the editor left no file to read back; keeping the draft\n"
    )
    assert (tmp_path / "letter.txt").read_text(encoding="utf-8").startswith("Мария Иванова\n")


def test_an_editors_screen_never_goes_into_the_letter(tmp_path: Path) -> None:
    editor = {"EDITOR": "sh -c 'echo EDITOR SCREEN; echo edited >> \"$0\"'"}
    result = _run(*LETTER, "--edit", cwd=tmp_path, env=editor)
    assert result.returncode == 0
    assert b"EDITOR SCREEN" not in result.stdout
    assert b"EDITOR SCREEN" in result.stderr
    assert result.stdout.rstrip().endswith(b"edited")
