"""A batch's letter files, written beside it by a helper process once the batch is large.

Why: writing a letter's file whole is four system calls (a temporary file made,
written and closed, then moved into place). Made between renders, the kernel's
work and the renderer's evict each other from the processor's caches: writing
cost a 100,000-row batch more than rendering did.
Past :data:`HANDOFF` rows, a helper process (``python -m letterkit.letter_files``)
writes them on the other core while the batch makes the next rows.

Rows go in order and their outcomes come back in order, so the batch counts,
records and prints a row only once its files are in place. Each row's files are
written whole or not at all. After a full disk the helper writes nothing more,
and says so for each row after it. If the helper dies, the rows it had not
confirmed are written here again, and the batch goes on without it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from letterkit.errors import DiskFullError, OutputError
from letterkit.helper_process import refuse_a_terminal, start_helper, stop_helper
from letterkit.output import write_atomic

HANDOFF = 200
"""Rows with files written here before the helper starts: a smaller batch is done sooner alone."""
CHUNK = 64
"""Rows sent to the helper at a time."""
AHEAD = 4
"""Chunks the helper may be behind before the batch waits for it: memory stays flat."""

RowFiles = tuple[tuple[str, str | bytes], ...]
"""A row's files: each path and what it holds (text, or a PDF's bytes)."""


@dataclass(frozen=True)
class NotWritten:
    """Why a row's files are not in place: the error, and whether the disk is full."""

    message: str
    disk_full: bool = False

    def error(self) -> OutputError:
        """The error, to raise: a full disk stops the batch, any other fails the row."""
        return DiskFullError(self.message) if self.disk_full else OutputError(self.message)


Outcome = NotWritten | None
"""A row's outcome: None once its files are all in place."""
Replies = list[Outcome] | None
"""A chunk's outcomes as the helper sends them back; None once it has ended."""


def write_row(files: RowFiles) -> Outcome:
    """Write a row's files, all or none: a file that fails takes back the row's others."""
    written: list[str] = []
    for path, data in files:
        try:
            write_atomic(path, data, durable=False, claimed=True)
        except OutputError as error:
            for one in written:
                with contextlib.suppress(OSError):
                    os.unlink(one)
            return NotWritten(str(error), isinstance(error, DiskFullError))
        written.append(path)
    return None


class LetterFiles:
    """Writes a batch's rows of files in order, and says which are in place.

    :meth:`add` takes a row's files (none, for a row with nothing to write, which
    keeps its place in the order) and returns the outcomes of the rows now
    settled, oldest first; :meth:`finish` returns the rest. Use as a context
    manager: leaving it stops the helper.
    """

    def __init__(self, handoff: int | None = None) -> None:
        self._handoff = HANDOFF if handoff is None else handoff
        self._rows_with_files = 0
        self._helper: subprocess.Popen[bytes] | None = None
        self._chunk: list[RowFiles] = []
        self._sent: deque[list[RowFiles]] = deque()
        """Chunks sent whose outcomes have not come back: written again if the helper dies."""
        self._replies: queue.SimpleQueue[Replies] = queue.SimpleQueue()

    def __enter__(self) -> LetterFiles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop()

    def add(self, files: RowFiles) -> list[Outcome]:
        """Write *files* (or hand them to the helper); the outcomes of the rows now settled."""
        if self._helper is None and files and self._rows_with_files == self._handoff:
            self._start_helper()  # tried once: where it cannot start, all is written here
        self._rows_with_files += bool(files)
        if self._helper is None:
            return [write_row(files)]
        self._chunk.append(files)
        if len(self._chunk) < CHUNK:
            return []
        outcomes = self._send_chunk()
        while self._sent and (len(self._sent) > AHEAD or not self._replies.empty()):
            outcomes += self._receive()
        return outcomes

    def finish(self) -> list[Outcome]:
        """The outcomes of every row not yet settled, once they are."""
        if self._helper is None:
            return []
        outcomes = self._send_chunk()
        while self._sent:
            outcomes += self._receive()
        self._stop()
        return outcomes

    def stop_short(self) -> list[Outcome]:
        """The batch stopped partway: the outcomes of every row it made, nothing more sent.

        What the helper confirms stands; the rest (a chunk perhaps half sent when
        Ctrl-C came) is written here. Rows a batch made are then all in place.
        """
        helper = self._helper
        if helper is None:
            return []
        if helper.stdin is not None:
            with contextlib.suppress(OSError):
                helper.stdin.close()  # the helper ends once it has written what it read whole
        outcomes: list[Outcome] = []
        while self._sent and (replies := self._replies.get()) is not None:
            self._sent.popleft()
            outcomes += replies
        return outcomes + self._write_here()

    def abandon(self) -> None:
        """Write nothing more: the batch stops (a full disk), and rows not settled stay so."""
        self._stop()
        self._sent.clear()
        self._chunk = []

    def _start_helper(self) -> None:
        try:
            helper = start_helper(__name__)
        except OSError:  # no processes to spare: go on writing here
            return
        self._helper = helper
        # Outcomes are read as they come, so that the helper never waits to send them
        # while the batch waits to send the next rows (a pipe holds only so much).
        self._replies = queue.SimpleQueue()
        threading.Thread(target=_read_outcomes, args=(helper, self._replies), daemon=True).start()

    def _send_chunk(self) -> list[Outcome]:
        chunk, self._chunk = self._chunk, []
        if not chunk:
            return []
        self._sent.append(chunk)
        helper = self._helper
        try:
            if helper is None or helper.stdin is None:
                raise OSError("no helper")
            pickle.dump(chunk, helper.stdin, pickle.HIGHEST_PROTOCOL)
            helper.stdin.flush()
        except OSError:
            return self._write_here()
        return []

    def _receive(self) -> list[Outcome]:
        """The outcomes of the oldest chunk sent, waiting for the helper if need be."""
        outcomes = self._replies.get()
        if outcomes is None:  # the helper ended, or cannot be read
            return self._write_here()
        self._sent.popleft()
        return outcomes

    def _write_here(self) -> list[Outcome]:
        """The helper is gone: write again here every row it had not confirmed, and go on here."""
        self._stop()
        rows = [files for chunk in self._sent for files in chunk] + self._chunk
        self._sent.clear()
        self._chunk = []
        outcomes: list[Outcome] = []
        full: NotWritten | None = None
        for files in rows:  # as the helper does: nothing after a full disk
            outcome = full if full is not None and files else write_row(files)
            full = outcome if outcome is not None and outcome.disk_full else full
            outcomes.append(outcome)
        return outcomes

    def _stop(self) -> None:
        helper, self._helper = self._helper, None
        if helper is not None:
            stop_helper(helper, timeout=5)  # it writes what it was sent, then ends


def _read_outcomes(helper: subprocess.Popen[bytes], replies: queue.SimpleQueue[Replies]) -> None:
    """The helper's outcomes, chunk by chunk, as they come; None once it ends."""
    with contextlib.suppress(OSError, ValueError, EOFError, pickle.UnpicklingError):
        while helper.stdout is not None:  # until it ends, or its output is closed
            # Pickles from our own helper, over a pipe only we hold.
            replies.put(pickle.load(helper.stdout))  # noqa: S301
    replies.put(None)


def helper_main() -> None:
    """The helper process: write each chunk's rows in order, and send back their outcomes."""
    refuse_a_terminal(__name__)
    # Pickles from the batch that started this process, over a pipe only it holds.
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    parent = os.getppid()
    full: NotWritten | None = None
    while True:
        try:
            chunk: list[RowFiles] = pickle.load(source)  # noqa: S301
        except EOFError:  # the batch is done, or stopped: nothing more to write
            return
        outcomes: list[Outcome] = []
        for files in chunk:
            if os.getppid() != parent:  # the batch was killed: a new run will write the rest
                return
            outcome = full if full is not None and files else write_row(files)
            if outcome is not None and outcome.disk_full:
                full = outcome  # nothing after a full disk would fit either
            outcomes.append(outcome)
        pickle.dump(outcomes, sink, pickle.HIGHEST_PROTOCOL)
        sink.flush()


def row_files(pairs: list[tuple[Path, str | bytes]]) -> RowFiles:
    """A row's files as the helper takes them: paths as text."""
    return tuple((str(path), data) for path, data in pairs)


if __name__ == "__main__":
    # Run as the module letterkit knows, so that what it sends back unpickles as such.
    from letterkit.letter_files import helper_main as run_as_module

    run_as_module()
