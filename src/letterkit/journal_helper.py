"""A batch's journal records written by a helper process, once the batch is large.

Why: in a 100,000-row batch, a record cost 14 µs in the batch's own process
against 10 written alone: SQLite's B-trees and the rendering take turns at the
processor's caches. Past the first :data:`~letterkit.journal.COMMIT_EVERY`
records, :class:`~letterkit.journal.Journal` hands each lot to a helper process
(``python -m letterkit.journal_helper JOURNAL``), which writes it in a
transaction of its own on the other core while the batch makes the next letters.

Lots are written in the order sent, each whole or not at all. The journal waits
for every lot before it reads, writes a record of its own, or closes, so records
keep the order they were made in. A lot the helper could not write is kept and
the error raised; a helper that dies leaves its unconfirmed lots to be written
again by the batch itself (``INSERT OR IGNORE``: a record written twice counts once).
"""

from __future__ import annotations

import pickle
import sqlite3
import subprocess
import sys
from collections import deque
from pathlib import Path

from letterkit.helper_process import refuse_a_terminal, start_helper, stop_helper
from letterkit.journal_schema import INSERT

Record = tuple[object, ...]
AHEAD = 2
"""Lots the helper may be behind before the batch waits for it: memory stays flat."""


class HelperLost(Exception):
    """The helper ended or cannot be reached: its unconfirmed lots are to be written here."""


class HelperRefused(Exception):
    """The helper could not write a lot: SQLite's reason."""


class JournalHelper:
    """The helper process, and the lots sent to it that it has not confirmed."""

    def __init__(self, path: Path) -> None:
        self._sent: deque[list[Record]] = deque()
        self._broken = False
        """A lot was half sent (Ctrl-C came): the helper's input is no use, nor is waiting."""
        try:
            self._process: subprocess.Popen[bytes] | None = start_helper(__name__, str(path))
        except OSError as error:
            raise HelperLost(str(error)) from None

    def send(self, records: list[Record]) -> None:
        """Hand a lot to the helper; wait for the oldest when it is too far behind."""
        self._sent.append(records)
        process = self._process
        try:
            if self._broken or process is None or process.stdin is None:
                raise HelperLost("stopped")
            pickle.dump(records, process.stdin, pickle.HIGHEST_PROTOCOL)
            process.stdin.flush()
        except OSError as error:
            raise HelperLost(str(error)) from None
        except BaseException:
            self._broken = True
            raise
        while len(self._sent) > AHEAD:
            self._confirm_oldest()

    def wait(self) -> None:
        """Return once every lot sent is written; raise :class:`HelperRefused` if one is not."""
        if self._broken:
            raise HelperLost("a lot was half sent")
        while self._sent:
            self._confirm_oldest()

    def unwritten(self) -> list[Record]:
        """The records of every lot not confirmed, oldest first; forgotten here."""
        records = [record for lot in self._sent for record in lot]
        self._sent.clear()
        return records

    def close(self) -> None:
        """Stop the helper: it writes what it was sent, then ends with its input."""
        process, self._process = self._process, None
        if process is not None:
            stop_helper(process, timeout=30)

    def _confirm_oldest(self) -> None:
        process = self._process
        try:
            if process is None or process.stdout is None:
                raise HelperLost("stopped")
            # Pickles from our own helper, over a pipe only we hold.
            refused: str | None = pickle.load(process.stdout)  # noqa: S301
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            raise HelperLost(str(error)) from None
        if refused is not None:
            raise HelperRefused(refused)
        self._sent.popleft()


def helper_main(path: str) -> None:
    """The helper process: write each lot in a transaction, and say whether it was written."""
    refuse_a_terminal(__name__)
    # Pickles from the batch that started this process, over a pipe only it holds.
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA synchronous=NORMAL")  # as the batch's own connection: see journal.py
    refused: str | None = None
    while True:
        try:
            records: list[Record] = pickle.load(source)  # noqa: S301
        except EOFError:  # the batch is done, or stopped: all it sent is written
            break
        if refused is not None:  # after a lot refused, none: the batch writes them in order
            pickle.dump(refused, sink, pickle.HIGHEST_PROTOCOL)
            sink.flush()
            continue
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(INSERT.format(verb="OR IGNORE"), records)
            db.execute("COMMIT")
        except sqlite3.Error as error:
            refused = str(error)
            if db.in_transaction:
                db.execute("ROLLBACK")
        pickle.dump(refused, sink, pickle.HIGHEST_PROTOCOL)
        sink.flush()
    db.close()


if __name__ == "__main__":
    # Run as the module letterkit knows, so that what it sends back unpickles as such.
    from letterkit.journal_helper import helper_main as run_as_module

    run_as_module(sys.argv[1])
