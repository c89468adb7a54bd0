"""A batch's files written by a helper process: in order, whole rows, and never lost."""

from __future__ import annotations

import errno
import io
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from letterkit import letter_files
from letterkit.errors import DiskFullError, OutputError
from letterkit.journal import Journal
from letterkit.letter_files import LetterFiles, NotWritten, Outcome, RowFiles, write_row
from letterkit.message import Draft

from .conftest import batch, reader_rows, signers_sheet


def rows(folder: Path, count: int, files: int = 1) -> list[RowFiles]:
    return [
        tuple(
            (str(folder / f"{row:06d}-{part}.txt"), f"letter {row} part {part}\n")
            for part in range(files)
        )
        for row in range(count)
    ]


def write_all(files: LetterFiles, made: list[RowFiles]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for one in made:
        outcomes += files.add(one)
    return outcomes + files.finish()


def test_rows_written_by_the_helper_are_settled_in_order_and_whole(tmp_path: Path) -> None:
    made = rows(tmp_path, 700, files=2)
    made[350] = ()  # a row with nothing to write keeps its place
    with LetterFiles(handoff=10) as files:
        outcomes = write_all(files, made)
    assert outcomes == [None] * 700
    for row in made:
        for path, text in row:
            assert Path(path).read_text(encoding="utf-8") == text
    assert len(os.listdir(tmp_path)) == 699 * 2  # no temporary files left


def test_add_returns_outcomes_only_for_rows_settled(tmp_path: Path) -> None:
    made = rows(tmp_path, 2 * letter_files.CHUNK * (letter_files.AHEAD + 2))
    settled = 0
    with LetterFiles(handoff=1) as files:
        for number, row in enumerate(made, start=1):
            settled += len(files.add(row))
            assert settled <= number
            # The helper is at most a few chunks behind: memory stays flat.
            assert number - settled <= letter_files.CHUNK * (letter_files.AHEAD + 1) + 1
        settled += len(files.finish())
    assert settled == len(made)


def test_a_row_that_cannot_be_written_fails_alone_and_leaves_nothing(tmp_path: Path) -> None:
    made = rows(tmp_path, 300, files=2)
    broken = 150
    made[broken] = (made[broken][0], (str(tmp_path / "no such folder" / "x.txt"), "lost\n"))
    with LetterFiles(handoff=10) as files:
        outcomes = write_all(files, made)
    failed = [index for index, outcome in enumerate(outcomes) if outcome is not None]
    assert failed == [broken]
    outcome = outcomes[broken]
    assert outcome is not None
    assert not outcome.disk_full
    assert "no such folder" in outcome.message
    assert not Path(made[broken][0][0]).exists()  # the row's first file was taken back
    assert Path(made[broken + 1][0][0]).exists()


def test_a_helper_that_dies_loses_no_row(tmp_path: Path) -> None:
    made = rows(tmp_path, 600)
    outcomes: list[Outcome] = []
    with LetterFiles(handoff=10) as files:
        for number, row in enumerate(made):
            outcomes += files.add(row)
            if number == 300:
                helper = files._helper
                assert helper is not None
                helper.kill()
                helper.wait()
        outcomes += files.finish()
    assert outcomes == [None] * 600
    assert all(Path(row[0][0]).read_text(encoding="utf-8") == row[0][1] for row in made)


def test_where_no_helper_can_start_the_rows_are_written_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    made = rows(tmp_path, 200)
    with LetterFiles(handoff=10) as files:
        assert write_all(files, made) == [None] * 200
    assert len(os.listdir(tmp_path)) == 200


def test_a_full_disk_takes_back_the_row_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def full_on_second(descriptor: int, data: bytes) -> int:
        if b"part 1" in bytes(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", full_on_second)
    [row] = rows(tmp_path, 1, files=2)
    outcome = write_row(row)
    assert outcome is not None
    assert outcome.disk_full
    assert isinstance(outcome.error(), DiskFullError)
    assert os.listdir(tmp_path) == []


def test_after_a_full_disk_the_helper_writes_nothing_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper's own loop, run here on a pipe's bytes: nothing after a full disk would fit."""
    made = rows(tmp_path, 6)
    full = made[2][0][0]

    def write(path: str, data: str | bytes, **_: object) -> Path:
        if path == full:
            raise DiskFullError(f"{path}: cannot be written: No space left on device")
        Path(path).write_text(str(data), encoding="utf-8")
        return Path(path)

    monkeypatch.setattr(letter_files, "write_atomic", write)
    source = io.BytesIO(pickle.dumps(made[:4]) + pickle.dumps([(), *made[4:]]))
    sink = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(source))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(sink))
    letter_files.helper_main()
    sink.seek(0)
    first, second = pickle.load(sink), pickle.load(sink)
    assert first[:2] == [None, None]
    assert [outcome.disk_full for outcome in first[2:]] == [True, True]
    assert second == [None, first[2], first[2]]  # a row with nothing to write is not refused
    assert sorted(os.listdir(tmp_path)) == [Path(row[0][0]).name for row in made[:2]]


def test_not_written_is_a_row_error_unless_the_disk_is_full() -> None:
    assert type(NotWritten("x: cannot be written").error()) is OutputError
    assert isinstance(NotWritten("x", disk_full=True).error(), DiskFullError)


def test_a_large_batch_writes_the_same_folder_with_the_helper(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = reader_rows(120)
    lines[60] = "Signer 0,I write as reader 0 of this case.,1 3"  # a duplicate: fails alone
    sheet = signers_sheet(tmp_path, lines)
    options = ["--channel", "letter", "--date", "2026-11-25", "--no-journal"]
    here = batch(runner, str(sheet), "--out-dir", str(tmp_path / "here"), *options)
    monkeypatch.setattr(letter_files, "HANDOFF", 5)
    monkeypatch.setattr(letter_files, "CHUNK", 7)
    helped = batch(runner, str(sheet), "--out-dir", str(tmp_path / "helped"), *options)
    assert here.exit_code == helped.exit_code == 1  # the duplicate row
    assert helped.stderr == here.stderr
    assert "120 rows: 119 written, 0 already done, 1 failed" in here.stderr
    written = sorted(path.name for path in (tmp_path / "here").glob("*.txt"))
    assert sorted(path.name for path in (tmp_path / "helped").glob("*.txt")) == written
    for name in written:
        assert (tmp_path / "helped" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_outcomes_larger_than_a_pipe_never_stall_the_batch(tmp_path: Path) -> None:
    """Every row failing, each with a long message: the helper must never wait to say so."""
    code = f"""
from letterkit.letter_files import LetterFiles
missing = {str(tmp_path / "gone")!r} + "/" + "x" * 200
rows = [((f"{{missing}}/{{i:06d}}.txt", str(i) * 600),) for i in range(3000)]
with LetterFiles(handoff=1) as files:
    outcomes = [outcome for row in rows for outcome in files.add(row)] + files.finish()
print(len(outcomes), sum(outcome is not None for outcome in outcomes))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["3000", "3000"]


def test_a_batch_stopped_by_its_sheet_counts_the_rows_whose_files_are_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = reader_rows(300)
    lines[250] = "Signer X," + "x" * 1_100_000 + ",1 3"  # past a cell's limit: the sheet ends
    sheet = signers_sheet(tmp_path, lines)
    monkeypatch.setattr(letter_files, "HANDOFF", 5)
    monkeypatch.setattr(letter_files, "CHUNK", 64)
    out = tmp_path / "out"
    result = batch(runner, str(sheet), "--out-dir", str(out), "--channel", "letter")
    assert result.exit_code == 1
    assert "250 rows: 250 written, 0 already done, 0 failed" in result.stderr
    assert len(list(out.glob("*.txt"))) == 250


HALF_SENT = """
import pickle, sys
from pathlib import Path
sent = 0
whole = pickle.dump
def half(thing, file, protocol=None):
    global sent
    sent += 1
    if sent == 3:  # Ctrl-C halfway through a chunk
        data = pickle.dumps(thing, protocol)
        file.write(data[: len(data) // 2])
        file.flush()
        raise KeyboardInterrupt
    whole(thing, file, protocol)
pickle.dump = half
"""


def test_ctrl_c_halfway_through_a_chunk_leaves_every_row_made_written(tmp_path: Path) -> None:
    code = (
        HALF_SENT
        + f"""
from letterkit.letter_files import LetterFiles
folder = Path({str(tmp_path)!r})
rows = [((str(folder / f"{{i:06d}}.txt"), f"letter {{i}}\\n"),) for i in range(2000)]
outcomes, made = [], 0
with LetterFiles(handoff=5) as files:
    try:
        for row in rows:
            made += 1
            outcomes += files.add(row)
    except KeyboardInterrupt:
        outcomes += files.stop_short()
print(made, len(outcomes), sum(o is None for o in outcomes), len(list(folder.iterdir())))
"""
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    made, settled, written, files = map(int, done.stdout.split())
    assert made < 2000  # stopped partway
    assert made == settled == written == files


def test_the_helper_never_imports_the_current_folders_modules(tmp_path: Path) -> None:
    """`python -m` puts the current folder first on the path: a `queue.py` there must not run."""
    marker = tmp_path / "ran"
    (tmp_path / "queue.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code = f"""
from letterkit.letter_files import LetterFiles
rows = [((f"{out!s}/{{i}}.txt", "x\\n"),) for i in range(200)]
with LetterFiles(handoff=1) as files:
    outcomes = [outcome for row in rows for outcome in files.add(row)] + files.finish()
print(len(outcomes))
"""
    done = subprocess.run(
        [sys.executable, "-P", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=tmp_path,
    )
    assert done.stdout.split() == ["200"]
    assert len(list(out.iterdir())) == 200
    assert not marker.exists()


def test_a_batch_stopped_while_settling_counts_what_it_wrote(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C halfway through a chunk's outcomes: the rest are settled, each with its own row."""
    lines = reader_rows(400)
    sheet = signers_sheet(tmp_path, lines)
    monkeypatch.setattr(letter_files, "HANDOFF", 5)
    monkeypatch.setattr(letter_files, "CHUNK", 16)
    record_draft = Journal.record_draft

    def record_or_stop(self: Journal, draft: Draft, **fields: Any) -> int | None:
        if draft.writer.name == "Signer 150":
            raise KeyboardInterrupt
        return record_draft(self, draft, **fields)

    monkeypatch.setattr(Journal, "record_draft", record_or_stop)
    out, journal = tmp_path / "out", tmp_path / "journal.sqlite3"
    result = batch(
        runner, str(sheet), "--out-dir", str(out), "--channel", "letter", "--journal", str(journal)
    )
    assert result.exit_code == 130
    written = len(list(out.glob("*.txt")))
    assert 148 < written < 400
    assert f"{written:,} rows: {written:,} written, 0 already done, 0 failed" in result.stderr
    with sqlite3.connect(journal) as db:
        names = [row[0] for row in db.execute("SELECT signer FROM letters ORDER BY id")]
    # Every row written is recorded, but the one whose record Ctrl-C stopped.
    assert names == [f"Signer {n}" for n in range(written) if n != 150]
