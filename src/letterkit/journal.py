"""The journal: a local record of the letters made, because groups report how many they sent.

One SQLite file in the user's data folder (``$LETTERKIT_JOURNAL`` or ``--journal``
elsewhere). It keeps the case, the official, the channel, the letter's date, where
the letter was written and the signer's name: no sentence, no address. SQLite
makes two runs at once safe; a batch commits every two thousand letters (past the
first lot, through a helper process: :mod:`letterkit.journal_helper`), so a crash
loses at most the records of the letters since, and a re-run adds those back, as a
letter's file is recorded once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterkit.errors import LetterkitError
from letterkit.journal_helper import HelperLost, HelperRefused, JournalHelper
from letterkit.journal_schema import (
    COLUMNS,
    INSERT,
    REWRITE,
    SCHEMA,
    UPGRADE_FROM_1,
    UPGRADE_FROM_2,
    UPSERT,
    CaseCount,
    Entry,
)

if TYPE_CHECKING:
    from letterkit.message import Draft

JOURNAL_ENV = "LETTERKIT_JOURNAL"
COMMIT_EVERY = 2_000
"""Records written and committed together: fewer, larger commits cost a batch less (a
record in a 100,000-row batch: 12.2 µs committed every 500, 10.4 every 2,000)."""


class JournalError(LetterkitError):
    """The journal cannot be opened or written."""

    exit_status = 4


def default_path() -> Path:
    """``$LETTERKIT_JOURNAL``, else ``journal.sqlite3`` in letterkit's data folder."""
    if os.environ.get(JOURNAL_ENV):
        return Path(os.environ[JOURNAL_ENV])
    from letterkit.folders import data_folder

    return data_folder() / "journal.sqlite3"


class Journal:
    """An open journal; records are committed every :data:`COMMIT_EVERY` and on close.

    *read_only* opens it only to read (``letterkit journal``): nothing in the file
    changes, and a batch writing to it does not make the reader wait.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._pending = 0
        self._waiting: list[tuple[object, ...]] = []
        self._helper: JournalHelper | None = None
        """Writes a large batch's records (see :mod:`letterkit.journal_helper`)."""
        self._first_lot_written = False
        self._helper_tried = False
        """A helper is started once: where it fails, the batch's lots are all written here."""
        self._second, self._second_text = 0, ""
        self._closed = False
        self._sent = "sent_at"
        """The column (or, in a journal kept read-only, the expression) saying when sent."""
        try:
            if read_only:
                self._db = sqlite3.connect(
                    f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5
                )
                columns = self._check_is_journal(empty_is_new=False)
                if "sent_at" not in columns:  # a journal no letterkit since has written to
                    self._sent = "CASE WHEN how = 'sent' THEN recorded_at END"
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            columns = self._check_is_journal(empty_is_new=True)
            self._db.execute("PRAGMA journal_mode=WAL")
            # In WAL, a commit waits for no disk; a power cut may lose the last commits,
            # never the journal (SQLite, "Write-Ahead Logging"). A re-run adds them back.
            self._db.execute("PRAGMA synchronous=NORMAL")
            if columns and "letter" not in columns:
                self._db.executescript(UPGRADE_FROM_1)
            if columns and "sent_at" not in columns:
                self._db.executescript(UPGRADE_FROM_2)
            self._db.executescript(SCHEMA + "PRAGMA user_version = 3;\n")
        except sqlite3.Error as error:
            raise JournalError(f"{path}: the journal cannot be opened: {error}") from None
        except OSError as error:
            raise JournalError(f"{path}: the journal cannot be opened: {error.strerror}") from None

    def _check_is_journal(self, *, empty_is_new: bool) -> set[str]:
        """The journal table's columns; refuse another program's database, never change it."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(letters)")}
        if (not tables and empty_is_new) or columns >= COLUMNS:
            return columns
        raise JournalError(f"{self.path}: is not a letterkit journal; letterkit leaves it as it is")

    def record(
        self,
        *,
        case_id: str,
        reference: str,
        recipient: str,
        channel: str,
        letter_date: dt.date,
        signer: str | None,
        output: str | None,
        how: str,
        rewritten: bool = False,
        sent: bool = False,
        with_id: bool = False,
    ) -> int | None:
        """Add one message; one already recorded is counted once. Its id, *with_id*.

        A message is one signer's for one case, channel and official, whatever its
        format: made as text and then as PDF, it is one record. *rewritten* updates
        the record (a batch run with force); *sent* marks it sent.
        """
        now = self._now()
        values = (
            now,
            case_id,
            reference,
            recipient,
            channel,
            letter_date.isoformat(),
            signer,
            output,
            how,
            _key(case_id, recipient, channel, signer),
            now if sent else None,
        )
        if not (rewritten or sent or with_id):  # a batch's letters: kept, then written at once
            self._waiting.append(values)
            if len(self._waiting) >= COMMIT_EVERY:
                self._hand_over()
            return None
        query = UPSERT.format(more=REWRITE if rewritten else "")
        query += " RETURNING id" if with_id else ""
        try:
            self._write_waiting()  # in the order recorded
            if not self._db.in_transaction:
                self._db.execute("BEGIN IMMEDIATE")
            cursor = self._db.execute(query, values)
            row = cursor.fetchone() if with_id else None
            self._pending += 1
            if self._pending >= COMMIT_EVERY:
                self.commit()
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be written: {error}") from None
        return int(row[0]) if row is not None else None

    def _hand_over(self) -> None:
        """A batch's lot of records: the first committed here, the next ones by a helper."""
        if self._helper is None and self._first_lot_written and not self._helper_tried:
            self._helper_tried = True
            self.commit()  # nothing of this connection's is open while the helper writes
            with contextlib.suppress(HelperLost):  # no processes to spare: all written here
                self._helper = JournalHelper(self.path)
        if self._helper is None:
            self.commit()
            self._first_lot_written = True
            return
        try:
            # Kept here until the helper holds it: Ctrl-C in between loses no record.
            self._helper.send(self._waiting)
            self._waiting = []
        except (HelperLost, HelperRefused) as problem:
            self._waiting = []  # the lot is among those the helper gives back
            self._take_back(problem)

    def _take_back(self, problem: HelperLost | HelperRefused) -> None:
        """The lots the helper did not confirm, back to be written here; its refusal raised."""
        helper, self._helper = self._helper, None
        if helper is not None:
            self._waiting[:0] = helper.unwritten()
            helper.close()
        if isinstance(problem, HelperRefused):
            raise JournalError(f"{self.path}: the journal cannot be written: {problem}")

    def _write_waiting(self) -> None:
        """Write the records kept back, in one statement run over them all.

        Written one by one between letters, a batch's records cost four times what
        they cost together: SQLite and the rendering take turns at the processor's
        caches (see bench/README.md). What a helper was given is written first.
        """
        if self._helper is not None:
            try:
                self._helper.wait()
            except (HelperLost, HelperRefused) as problem:
                self._take_back(problem)
        if not self._waiting:
            return
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        # Kept until written: written again after a failure, each is still counted once.
        self._db.executemany(INSERT.format(verb="OR IGNORE"), self._waiting)
        self._pending += len(self._waiting)
        self._waiting.clear()

    def _now(self) -> str:
        """The time now, to the second, as records keep it (made once a second)."""
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._second_text = dt.datetime.fromtimestamp(second, dt.UTC).isoformat()
        return self._second_text

    def record_draft(
        self,
        draft: Draft,
        *,
        output: str | None,
        how: str,
        rewritten: bool = False,
        sent: bool = False,
        with_id: bool = False,
    ) -> int | None:
        """Add the message made from *draft* (see :meth:`record`)."""
        return self.record(
            case_id=draft.case.id,
            reference=draft.case.reference or "",
            recipient=draft.recipient.id,
            channel=draft.channel.value,
            letter_date=draft.date,
            signer=draft.writer.name,
            output=output,
            how=how,
            rewritten=rewritten,
            sent=sent,
            with_id=with_id,
        )

    def mark_sent(self, ids: list[int]) -> tuple[list[int], list[int]]:
        """Mark the messages *ids* sent; the ids unknown, and those already sent (kept as sent)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        unknown: list[int] = []
        already: list[int] = []
        with self._writing():
            for one in ids:
                found = None  # past SQLite's integers, no record has it
                if 0 < one < 2**63:
                    query = "SELECT sent_at FROM letters WHERE id = ?"
                    found = self._db.execute(query, (one,)).fetchone()
                if found is None or found[0] is not None:
                    (unknown if found is None else already).append(one)
                    continue
                self._db.execute("UPDATE letters SET sent_at = ? WHERE id = ?", (now, one))
        return unknown, already

    def forget(self, ids: list[int] | None = None, case_id: str | None = None) -> int:
        """Remove the records *ids*, or those of *case_id*, or all; how many were removed."""
        where, parameters = _where(ids, case_id)
        with self._writing():
            query = "DELETE FROM letters {where}"
            return self._db.execute(query.format(where=where), parameters).rowcount

    def count_matching(self, ids: list[int] | None = None, case_id: str | None = None) -> int:
        """How many records :meth:`forget` would remove."""
        where, parameters = _where(ids, case_id)
        query = "SELECT COUNT(*) FROM letters {where}"
        rows = self._query(query.format(where=where), parameters)
        return int(rows[0][0])

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        self.commit()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be written: {error}") from None

    def commit(self) -> None:
        """Make what was recorded so far permanent."""
        try:
            self._write_waiting()
            if self._db.in_transaction:
                self._db.execute("COMMIT")
            self._pending = 0
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be written: {error}") from None

    def close(self) -> None:
        """Commit and close; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            self.commit()
        finally:
            if self._helper is not None:
                self._helper.close()
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def counts(self, case_id: str | None = None, *, by_month: bool = False) -> list[CaseCount]:
        """Messages made and sent per case (and month), per channel, most recent first."""
        month = "substr(recorded_at, 1, 7)" if by_month else "NULL"
        where, parameters = _where(None, case_id)
        query = (
            "SELECT case_id, MAX(reference), {month}, channel, COUNT(*), COUNT({sent}), "
            "MIN(recorded_at), MAX(recorded_at) FROM letters {where} "
            "GROUP BY case_id, {month}, channel"
        )
        rows = self._query(query.format(month=month, sent=self._sent, where=where), parameters)
        groups: dict[tuple[str, str | None], list[tuple[Any, ...]]] = {}
        for row in rows:
            groups.setdefault((row[0], row[2]), []).append(row)
        counts = [
            CaseCount(
                case_id=case,
                reference=max(row[1] for row in group),
                letters=sum(row[4] for row in group),
                first=min(row[6] for row in group),
                last=max(row[7] for row in group),
                sent=sum(row[5] for row in group),
                by_channel={
                    row[3]: row[4] for row in sorted(group, key=lambda one: (-one[4], one[3]))
                },
                month=when,
            )
            for (case, when), group in groups.items()
        ]
        return sorted(counts, key=lambda count: (count.month or "", count.last), reverse=True)

    def latest(self, limit: int | None, case_id: str | None = None) -> list[Entry]:
        """The *limit* most recent messages (all, if None)."""
        where, parameters = _where(None, case_id)
        # SQLite's numbers end at 2**63: any more than that is all of them.
        count = 2**63 - 1 if limit is None else min(limit, 2**63 - 1)
        query = (
            "SELECT id, recorded_at, case_id, reference, recipient, channel, letter_date, signer, "
            "output, how, {sent} FROM letters {where} ORDER BY id DESC LIMIT ?"
        )
        rows = self._query(query.format(sent=self._sent, where=where), (*parameters, count))
        return [Entry(*row) for row in rows]

    def _query(self, query: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            self._write_waiting()  # what this run recorded counts too
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be written: {error}") from None
        try:
            # Only fixed clauses are formatted in; values go as parameters.
            return self._db.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be read: {error}") from None


def _key(case_id: str, recipient: str, channel: str, signer: str | None) -> str:
    """What makes a message one: its case, official, channel and signer."""
    return "\x1f".join((case_id, recipient, channel, signer or ""))


def _where(ids: list[int] | None, case_id: str | None) -> tuple[str, tuple[object, ...]]:
    """A fixed WHERE clause for records by id or by case, and its parameters."""
    if ids:
        ids = [one for one in ids if 0 < one < 2**63] or [0]  # past SQLite's integers: none
        return f"WHERE id IN ({', '.join('?' * len(ids))})", tuple(ids)
    if case_id:
        return "WHERE case_id = ?", (case_id,)
    return "", ()
