"""The journal: a local record of the letters made, because groups report how many they sent.

One SQLite file in the user's data folder (``$LETTERKIT_JOURNAL`` or ``--journal``
elsewhere). It keeps the case, the official, the channel, the letter's date, where
the letter was written and the signer's name: no sentence, no address. SQLite
makes two runs at once safe; a batch commits every few hundred letters, so a crash
loses at most the records of the letters since, and a re-run adds those back, as a
letter's file is recorded once.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterkit.errors import LetterkitError

if TYPE_CHECKING:
    from letterkit.message import Draft

JOURNAL_ENV = "LETTERKIT_JOURNAL"
COMMIT_EVERY = 500

_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    id INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    case_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    recipient TEXT NOT NULL,
    channel TEXT NOT NULL,
    letter_date TEXT NOT NULL,
    signer TEXT,
    output TEXT,
    how TEXT NOT NULL,
    letter TEXT NOT NULL UNIQUE
)
"""
_SCHEMA = (
    _TABLE.format(name="letters")
    + ";\n"
    + (
        "CREATE INDEX IF NOT EXISTS letters_by_case ON letters (case_id);\n"
        "PRAGMA user_version = 2;\n"
    )
)
_UPGRADE_FROM_1 = (
    "BEGIN IMMEDIATE;\n"
    + _TABLE.format(name="letters_2")
    + ";\nINSERT INTO letters_2 (id, recorded_at, case_id, reference, recipient, channel, "
    "letter_date, signer, output, how, letter) SELECT id, recorded_at, case_id, reference, "
    "recipient, channel, letter_date, signer, output, how, COALESCE(output, 'record ' || id) "
    "FROM letters;\n"
    "DROP TABLE letters;\n"
    "ALTER TABLE letters_2 RENAME TO letters;\n"
    "CREATE INDEX IF NOT EXISTS letters_by_case ON letters (case_id);\n"
    "PRAGMA user_version = 2;\n"
    "COMMIT;\n"
)
"""A journal from letterkit before `letter` was kept: its records keep their counts."""
"""`letter` says which letter a record is for: its file, or, for a message with no
file, the case, official, channel, signer and date. A letter is counted once."""


class JournalError(LetterkitError):
    """The journal cannot be opened or written."""

    exit_status = 4


@dataclass(frozen=True)
class Entry:
    """One letter in the journal."""

    recorded_at: str
    case_id: str
    reference: str
    recipient: str
    channel: str
    letter_date: str
    signer: str | None
    output: str | None
    how: str


@dataclass(frozen=True)
class CaseCount:
    """How many letters the journal holds for one case."""

    case_id: str
    reference: str
    letters: int
    first: str
    last: str


def default_path() -> Path:
    """``$LETTERKIT_JOURNAL``, else ``journal.sqlite3`` in letterkit's data folder."""
    if os.environ.get(JOURNAL_ENV):
        return Path(os.environ[JOURNAL_ENV])
    from letterkit.folders import data_folder

    return data_folder() / "journal.sqlite3"


_COLUMNS = frozenset(
    {"recorded_at", "case_id", "reference", "recipient", "channel", "letter_date", "signer"}
    | {"output", "how"}
)
"""The columns every letterkit journal's table has, from its first version on."""


class Journal:
    """An open journal; records are committed every :data:`COMMIT_EVERY` and on close.

    *read_only* opens it only to read (``letterkit journal``): nothing in the file
    changes, and a batch writing to it does not make the reader wait.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._pending = 0
        self._closed = False
        try:
            if read_only:
                self._db = sqlite3.connect(
                    f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5
                )
                self._check_is_journal(empty_is_new=False)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            columns = self._check_is_journal(empty_is_new=True)
            self._db.execute("PRAGMA journal_mode=WAL")
            if columns and "letter" not in columns:
                self._db.executescript(_UPGRADE_FROM_1)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise JournalError(f"{path}: the journal cannot be opened: {error}") from None
        except OSError as error:
            raise JournalError(f"{path}: the journal cannot be opened: {error.strerror}") from None

    def _check_is_journal(self, *, empty_is_new: bool) -> set[str]:
        """The journal table's columns; refuse another program's database, never change it."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(letters)")}
        if (not tables and empty_is_new) or columns >= _COLUMNS:
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
        part: str | None = None,
    ) -> None:
        """Add one letter; one already recorded is counted once, and updated if *rewritten*.

        *part* tells apart letters saved in one file (one per official).
        """
        letter = output or "\x1f".join(
            (case_id, recipient, channel, signer or "", letter_date.isoformat())
        )
        if part is not None:
            letter = f"{letter}#{part}"
        verb = "INSERT OR REPLACE" if rewritten else "INSERT OR IGNORE"
        try:
            if self._pending == 0:
                self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                f"{verb} INTO letters (recorded_at, case_id, reference, recipient, "
                "channel, letter_date, signer, output, how, letter) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    case_id,
                    reference,
                    recipient,
                    channel,
                    letter_date.isoformat(),
                    signer,
                    output,
                    how,
                    letter,
                ),
            )
            self._pending += 1
            if self._pending >= COMMIT_EVERY:
                self.commit()
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be written: {error}") from None

    def record_draft(
        self,
        draft: Draft,
        *,
        output: str | None,
        how: str,
        rewritten: bool = False,
        part: str | None = None,
    ) -> None:
        """Add the letter made from *draft* (see :meth:`record`)."""
        self.record(
            case_id=draft.case.id,
            reference=draft.case.reference or "",
            recipient=draft.recipient.id,
            channel=draft.channel.value,
            letter_date=draft.date,
            signer=draft.writer.name,
            output=output,
            how=how,
            rewritten=rewritten,
            part=part,
        )

    def commit(self) -> None:
        """Make what was recorded so far permanent."""
        if self._pending:
            self._db.execute("COMMIT")
            self._pending = 0

    def close(self) -> None:
        """Commit and close; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            self.commit()
        finally:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def counts(self, case_id: str | None = None) -> list[CaseCount]:
        """Letters per case, most recent case first."""
        query = (
            "SELECT case_id, reference, COUNT(*), MIN(recorded_at), MAX(recorded_at) "
            "FROM letters {where} GROUP BY case_id ORDER BY MAX(recorded_at) DESC"
        )
        rows = self._select(query, case_id)
        return [CaseCount(*row) for row in rows]

    def latest(self, limit: int, case_id: str | None = None) -> list[Entry]:
        """The *limit* most recent letters."""
        query = (
            "SELECT recorded_at, case_id, reference, recipient, channel, letter_date, signer, "
            "output, how FROM letters {where} ORDER BY id DESC LIMIT ?"
        )
        # SQLite's numbers end at 2**63: any more than that is all of them.
        return [Entry(*row) for row in self._select(query, case_id, min(limit, 2**63 - 1))]

    def _select(self, query: str, case_id: str | None, *more: object) -> Iterator[tuple[Any, ...]]:
        where, parameters = ("WHERE case_id = ?", (case_id,)) if case_id else ("", ())
        try:
            # Only the fixed WHERE clause is formatted in; values go as parameters.
            rows = self._db.execute(query.format(where=where), (*parameters, *more))
            return iter(rows.fetchall())
        except sqlite3.Error as error:
            raise JournalError(f"{self.path}: the journal cannot be read: {error}") from None
