"""The standard streams as letterkit finds them: closed, in a narrow encoding, or fine.

A cron job may close standard output or error, a terminal may be set to
ISO-8859-1 or ASCII. None of these is a reason to crash or to lose letters:

- a closed stream is opened on the null device, so that no file letterkit opens
  takes its number; what is written to it is counted as lost. The work that does
  not need it still happens (a batch writes its letters, ``--output`` saves), and
  output lost on standard output makes the exit status 4;
- text a narrow encoding cannot show is spelled in Latin letters (``Мария`` as
  ``Mariia``), or as ``?``, with one warning at the end; what is read is decoded
  with undecodable bytes kept as stand-ins, which a writer's text check replaces.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from typing import Any

from letterkit.errors import ExitStatus

_SPELL = "letterkit-spell"
_respelled: list[str] = []
"""The encodings that text had to be spelled out for, while this process ran."""


class _Lost(io.RawIOBase):
    """Where a closed stream's output goes: nowhere, but remembered."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = False

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return 0  # a closed standard input: its end, at once

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        self.lost = self.lost or size > 0
        return size


_lost: dict[str, _Lost] = {}


def prepare() -> None:
    """Make the standard streams safe to use, whatever state the process started in."""
    for number, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if _closed(number):
            _fill(number)
            lost = _Lost()
            _lost[name] = lost
            buffered = io.BufferedReader(lost) if number == 0 else io.BufferedWriter(lost)
            setattr(sys, name, io.TextIOWrapper(buffered, encoding="utf-8"))
    codecs.register_error(_SPELL, _spelled)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors=_SPELL)
    if isinstance(sys.stdin, io.TextIOWrapper) and sys.stdin.errors == "strict":
        sys.stdin.reconfigure(errors="surrogateescape")


def closed(name: str) -> bool:
    """Whether the stream called *name* (``stdout``) was closed when letterkit started."""
    return name in _lost


def finish(status: int) -> int:
    """The exit status, once what was lost and what was spelled out has been said."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # nothing more can be said there
            stream.flush()
    if "stdout" in _lost and _lost["stdout"].lost:
        sys.stderr.write("letterkit: standard output is closed: what was printed there is lost\n")
        status = status or ExitStatus.NOT_WRITTEN
    if _respelled:
        sys.stderr.write(
            f"letterkit: warning: this terminal's encoding ({_respelled[0]}) cannot show "
            "some characters, spelled above in Latin letters or as ?; a UTF-8 locale "
            "(LANG=C.UTF-8) shows them as written\n"
        )
    sys.stderr.flush()
    return status


def _closed(number: int) -> bool:
    try:
        os.fstat(number)
    except OSError:
        return True
    return False


def _fill(number: int) -> None:
    """Put the null device where a closed stream was, so no file takes its number."""
    null = os.open(os.devnull, os.O_RDWR)
    if null != number:
        os.dup2(null, number)
        os.close(null)


def _spelled(error: UnicodeError) -> tuple[str, int]:
    """The characters an encoding cannot show, spelled in Latin letters where they can be."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    from text_unidecode import unidecode

    if error.encoding not in _respelled:
        _respelled.append(error.encoding)
    unshown = error.object[error.start : error.end]
    spelled = unidecode(unshown)
    try:
        spelled.encode(error.encoding)
    except UnicodeEncodeError:
        spelled = ""
    return spelled or "?" * len(unshown), error.end
