"""Writing files: atomic, never over a user's file without --force."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from letterkit.errors import ChoiceError, OutputError, OutputExistsError
from letterkit.output import check_distinct, write_atomic


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "letter.txt", "Dear President Putin,\n")
    assert target.read_text(encoding="utf-8") == "Dear President Putin,\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644 & ~umask  # like any new file, not 0600


def test_refuses_to_replace_without_force(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    target.write_text("mine")
    with pytest.raises(OutputExistsError, match=r"letter\.txt: exists$"):
        write_atomic(target, "new")
    assert target.read_text() == "mine"
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert [path.name for path in tmp_path.iterdir()] == ["letter.txt"]


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.txt"
    target.write_text("the old letter")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "half a new letter", force=True)
    assert target.read_text() == "the old letter"
    assert [path.name for path in tmp_path.iterdir()] == ["letter.txt"]


def test_a_killed_process_leaves_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    target.write_text("the old letter")
    ready = tmp_path / "ready"
    script = f"""
import os, time, pathlib
from letterkit.output import check_distinct, write_atomic
def stall(*args):
    pathlib.Path({str(ready)!r}).touch()
    time.sleep(60)
os.replace = stall
write_atomic({str(target)!r}, "x" * 5_000_000, force=True)
"""
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert ready.exists()
    assert target.read_text() == "the old letter"


def test_no_race_between_two_writers(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    write_atomic(target, "first")
    with pytest.raises(OutputError):
        write_atomic(target, "second")
    assert target.read_text() == "first"


def test_a_temporary_name_left_by_a_killed_process_is_stepped_around(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    stale = tmp_path / f".letter.txt.{os.getpid()}.tmp"
    stale.write_text("half a letter")
    write_atomic(target, "Dear President Putin,\n")
    assert target.read_text() == "Dear President Putin,\n"
    assert stale.read_text() == "half a letter"
    assert len(list(tmp_path.iterdir())) == 2


def test_outputs_are_told_apart_from_inputs_and_each_other(tmp_path: Path) -> None:
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(sheet)
    os.link(sheet, tmp_path / "hard.csv")
    inputs = [("the signers sheet", sheet), ("the journal", None)]
    for alias in (sheet, tmp_path / "sub" / ".." / "signers.csv", tmp_path / "link.csv"):
        with pytest.raises(ChoiceError) as caught:
            check_distinct([("combined", "the combined PDF", alias)], inputs)
        assert caught.value.field == "combined"
        assert caught.value.detail.endswith(
            "is the signers sheet: letterkit never writes over its input"
        )
    with pytest.raises(ChoiceError, match="is the signers sheet"):
        check_distinct([("combined", "the combined PDF", tmp_path / "hard.csv")], inputs)
    with pytest.raises(ChoiceError, match="is also the combined PDF; give each output a file"):
        check_distinct(
            [
                ("combined", "the combined PDF", tmp_path / "x.pdf"),
                ("envelopes", "the envelopes", tmp_path / "sub" / ".." / "x.pdf"),
            ],
            inputs,
        )
    check_distinct(
        [("combined", "the combined PDF", tmp_path / "x.pdf"), ("envelopes", "", None)], inputs
    )
