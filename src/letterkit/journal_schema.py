"""The journal's table: as SQL, made anew or upgraded; and its rows as letterkit reads them.

The SQL makes the table anew, or upgrades what earlier letterkits kept. Fixed text
only: every value a record holds goes to SQLite as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE = """
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
    letter TEXT NOT NULL UNIQUE{more}
)
"""
SCHEMA = TABLE.format(name="letters", more=",\n    sent_at TEXT") + (
    ";\nCREATE INDEX IF NOT EXISTS letters_by_case ON letters (case_id);\n"
)
UPGRADE_FROM_1 = (
    "BEGIN IMMEDIATE;\n"
    + TABLE.format(name="letters_2", more="")
    + ";\nINSERT INTO letters_2 (id, recorded_at, case_id, reference, recipient, channel, "
    "letter_date, signer, output, how, letter) SELECT id, recorded_at, case_id, reference, "
    "recipient, channel, letter_date, signer, output, how, 'record ' || id "
    "FROM letters;\n"
    "DROP TABLE letters;\n"
    "ALTER TABLE letters_2 RENAME TO letters;\n"
    "PRAGMA user_version = 2;\n"
    "COMMIT;\n"
)
"""A journal from letterkit before `letter` was kept: its records keep their counts."""
UPGRADE_FROM_2 = (
    "BEGIN IMMEDIATE;\n"
    "CREATE TABLE letters_3 (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, "
    "case_id TEXT NOT NULL, reference TEXT NOT NULL, recipient TEXT NOT NULL, "
    "channel TEXT NOT NULL, letter_date TEXT NOT NULL, signer TEXT, output TEXT, "
    "how TEXT NOT NULL, letter TEXT NOT NULL UNIQUE, sent_at TEXT);\n"
    "INSERT INTO letters_3 (id, recorded_at, case_id, reference, recipient, channel, "
    "letter_date, signer, output, how, letter, sent_at) SELECT MIN(id), MIN(recorded_at), "
    "case_id, MAX(reference), recipient, channel, MAX(letter_date), signer, MAX(output), "
    "MIN(how), case_id || char(31) || recipient || char(31) || channel || char(31) || "
    "COALESCE(signer, 'record ' || MIN(id)), "
    "MIN(CASE WHEN how = 'sent' THEN recorded_at END) FROM letters "
    "GROUP BY case_id, recipient, channel, COALESCE(signer, 'record ' || id);\n"
    "DROP TABLE letters;\n"
    "ALTER TABLE letters_3 RENAME TO letters;\n"
    "CREATE INDEX IF NOT EXISTS letters_by_case ON letters (case_id);\n"
    "PRAGMA user_version = 3;\n"
    "COMMIT;\n"
)
"""A journal that counted a letter once per file: the same message made as text and
as PDF becomes one record, and one recorded as sent is sent."""
INSERT = (
    "INSERT {verb} INTO letters (recorded_at, case_id, reference, recipient, channel, "
    "letter_date, signer, output, how, letter, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
UPSERT = (
    INSERT.format(verb="")
    + " ON CONFLICT (letter) DO UPDATE SET sent_at = COALESCE(sent_at, excluded.sent_at){more}"
)
REWRITE = (
    ", recorded_at = excluded.recorded_at, reference = excluded.reference, "
    "letter_date = excluded.letter_date, output = excluded.output, how = excluded.how"
)


COLUMNS = frozenset(
    {"recorded_at", "case_id", "reference", "recipient", "channel", "letter_date", "signer"}
    | {"output", "how"}
)
"""The columns every letterkit journal's table has, from its first version on."""


@dataclass(frozen=True)
class Entry:
    """One message in the journal: made for a signer, case, channel and official, once."""

    id: int
    recorded_at: str
    case_id: str
    reference: str
    recipient: str
    channel: str
    letter_date: str
    signer: str | None
    output: str | None
    how: str
    sent_at: str | None = None
    """When the writer said it was sent; None while it is only made."""


@dataclass(frozen=True)
class CaseCount:
    """How many messages the journal holds for one case, and for a month where asked."""

    case_id: str
    reference: str
    letters: int
    """Messages made, on every channel (the name kept from when they were all letters)."""
    first: str
    last: str
    sent: int = 0
    by_channel: dict[str, int] | None = None
    month: str | None = None
