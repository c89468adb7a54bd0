"""One step to send: --open hands the link to the system, --copy puts the text to paste."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from letterkit.cli import app

from .conftest import FIXTURE_CASES, spawn_script

EMAIL = [
    *("compose", "email-appeal", "--cases-dir", str(FIXTURE_CASES), "--name", "Ann"),
    *("--place", "Leeds"),
    *("--about", "I read the news.", "--ask", "1", "--channel", "email", "--to", "prosecutor"),
    *("--date", "2026-11-25"),
]


def _opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int) -> Path:
    """A system opener (xdg-open, macOS's open) that notes each link and exits with *status*."""
    tools, opened = tmp_path / "bin", tmp_path / "opened.txt"
    tools.mkdir()
    for name in ("xdg-open", "open"):
        script = tools / name
        script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> {opened}\nexit {status}\n')
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    return opened


def test_open_hands_the_mailto_link_to_the_system(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _opener(tmp_path, monkeypatch, 0)
    result = runner.invoke(app, [*EMAIL, "--open"])
    assert result.exit_code == 0, result.stderr
    [link] = opened.read_text().splitlines()
    assert link.startswith("mailto:prosecutor@example.org,office@example.org?cc=")
    assert "Opened mailto:prosecutor@example.org" in result.stderr


def test_a_handler_that_keeps_the_link_open_is_left_to_run(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """xdg-open without a desktop runs the browser itself: letterkit goes on, and leaves it."""
    tools, noted = tmp_path / "bin", tmp_path / "noted.txt"
    tools.mkdir()
    script = tools / "xdg-open"
    script.write_text(f"#!/bin/sh\necho started >> {noted}\nsleep 20\necho ended >> {noted}\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("sys.platform", "linux")
    result = runner.invoke(app, [*EMAIL, "--open"])
    assert result.exit_code == 0, result.stderr
    assert "Opened mailto:" in result.stderr
    assert noted.read_text() == "started\n"  # still running when letterkit was done


def test_open_says_plainly_when_the_system_cannot(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _opener(tmp_path, monkeypatch, 3)  # xdg-open: no program for such links
    result = runner.invoke(app, [*EMAIL, "--open"])
    assert result.exit_code == 0
    assert opened.read_text().startswith("mailto:")  # asked, and it said no
    assert "Opened" not in result.stderr
    assert "warning: nothing on this system opened the link; open it yourself: mailto:" in (
        result.stderr
    )


def test_open_says_plainly_when_it_cannot(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no opener: Python's own search, which fails
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    result = runner.invoke(app, [*EMAIL, "--open"])
    assert result.exit_code == 0
    assert "warning: nothing on this system opened the link; open it yourself: mailto:" in (
        result.stderr
    )
    letter = [*EMAIL, "--channel", "letter", "--to", "minister", "--open"]
    monkeypatch.setattr("webbrowser.open", lambda url: pytest.fail("no link to open"))
    result = runner.invoke(app, letter)
    assert "note: a letter has no link to open: print it, or save it" in result.stderr


def test_copy_without_a_clipboard_says_so_and_prints_the_message(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyperclip

    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no copy mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    result = runner.invoke(app, [*EMAIL, "--copy"])
    assert result.exit_code == 0
    assert "warning: not copied: no clipboard program was found" in result.stderr
    assert "Dear Prosecutor General," in result.stdout


def test_copy_puts_the_email_body_on_the_clipboard_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    clipboard = tmp_path / "clipboard.txt"
    fake = tools / "xclip"
    fake.write_text(f'#!/bin/sh\ncat > "{clipboard}"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")  # an X session, whose clipboard program is xclip
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    child = spawn_script(*EMAIL, "--copy", cwd=tmp_path)
    child.expect_exact("Copied to the clipboard.")
    child.expect_exact("Save it to a file?")
    child.sendline("n")
    child.expect_exact("Record in your journal that you sent it?")
    child.sendline("n")
    child.expect(pexpect.EOF)
    copied = clipboard.read_text(encoding="utf-8")
    assert copied.startswith("Dear Prosecutor General,\n\nI read the news.")
    assert "Subject:" not in copied  # the body: the subject has a field of its own


def test_over_ssh_the_terminal_is_asked_to_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import io

    import pyperclip

    from letterkit.cli.handing import copy_text

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no copy mechanism")

    terminal = Terminal()
    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setenv("SSH_TTY", "/dev/pts/1")
    where = copy_text("Dear Minister,\n")
    assert where == "your terminal's clipboard (over SSH), if it allows programs to set it"
    encoded = base64.b64encode(b"Dear Minister,\n").decode()
    assert terminal.getvalue() == f"\x1b]52;c;{encoded}\x07"
