"""The writer's own edit of a message, in their editor, before it is final.

Whatever goes wrong (no editor, an editor that fails, an empty file) keeps the
draft and says so: an edit never loses the letter.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, TYPE_CHECKING

from letterkit.cli.boundary import fail
from letterkit.errors import NotComposableError
from letterkit.message import Draft, Message
from letterkit.render import finish
from letterkit.text import plain_text

if TYPE_CHECKING:
    from letterkit.cli.prompts import Questions


FRIENDLY_EDITORS = ("nano", "micro", "notepad")
"""Editors a writer who never chose one can use without a manual, first found first."""
NO_EDITOR = (
    "no editor: set one with `export EDITOR=nano` (or the editor you like), then "
    "compose again with --edit; keeping the draft"
)


def editor() -> str | None:
    """The writer's editor command, from ``$VISUAL`` or ``$EDITOR``."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def friendly_editor() -> str | None:
    """An editor for a writer who set none: one that shows its keys on screen, not vi."""
    import shutil

    return next((name for name in FRIENDLY_EDITORS if shutil.which(name)), None)


def edited(draft: Draft, message: Message, questions: Questions | None) -> Message:
    """The message as the writer leaves it in their editor; the draft if that goes wrong."""
    text = message.text
    while True:
        text = _edit(text)
        if not text.strip():
            fail("warning: the edited message is empty; keeping the draft")
            return message
        try:
            changed = finish(draft, text)
        except NotComposableError as error:
            fail(f"warning: {error}")
            if questions and questions.confirm("Edit it again?", default=True):
                continue
            fail("warning: keeping the draft")
            return message
        if questions:
            questions.say("\nAs you edited it:\n", style="bold")
            questions.say(changed.text)
        return changed


def _edit(text: str) -> str:
    """Let the writer change *text* in their editor; give it back unchanged if that fails."""
    import shlex
    import subprocess
    import tempfile

    command_line = editor() or friendly_editor()
    if command_line is None:
        fail(f"warning: {NO_EDITOR}")
        return text
    try:
        command = shlex.split(command_line)
    except ValueError as error:
        fail(
            f"warning: cannot read the editor command `{command_line}`: {error}; keeping the draft"
        )
        return text
    descriptor, path = tempfile.mkstemp(prefix="letterkit-", suffix=".txt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        # On the terminal itself, not standard output, which may be the letter's file
        # (`> letter.txt`); without a terminal, what the editor prints goes to standard error.
        terminal = _terminal()
        with terminal or contextlib.nullcontext():
            shown = terminal or _standard_error(subprocess.DEVNULL)
            result = subprocess.run(  # noqa: S603
                [*command, path], stdin=terminal, stdout=shown, stderr=shown, check=False
            )
    except OSError as error:
        _remove(path)
        fail(
            f"warning: cannot run the editor `{command_line}`: {error.strerror}; keeping the draft"
        )
        return text
    edited = None
    if result.returncode != 0:
        fail(f"warning: the editor exited with status {result.returncode}; keeping the draft")
    else:
        edited = _read_back(path)
        if edited is None:
            fail("warning: the editor left no file to read back; keeping the draft")
    _remove(path)
    return text if edited is None else edited


def _read_back(path: str) -> str | None:
    """The text the editor saved at *path*, or None if it is gone or cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as file:
            return plain_text(file.read())
    except OSError:
        return None


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # the editor may have removed it, or left a folder
        os.unlink(path)


def _standard_error(otherwise: int) -> IO[str] | int:
    """Standard error, if a child process can write to it; else *otherwise*."""
    try:
        sys.stderr.fileno()
    except (OSError, ValueError):  # replaced by an object in memory, as in tests
        return otherwise
    return sys.stderr


def _terminal() -> IO[bytes] | None:
    """The writer's terminal, for the editor to draw on; None where there is none."""
    try:
        return open("/dev/tty", "r+b", buffering=0)
    except OSError:
        return None
