"""``letterkit journal``: what was made and sent, per case and channel; exports; sent; forget.

Groups report to their section how many messages went out, on which channel,
per case and month: the tables say that; ``--csv`` and ``--json`` give every
record to a spreadsheet or a script.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from pathlib import Path

from rich.table import Table

from letterkit.cli.boundary import say
from letterkit.cli.consoles import keep_whole, literal, plain_console
from letterkit.errors import ChoiceError, LetterkitError
from letterkit.journal import Journal, default_path
from letterkit.journal_schema import CaseCount, Entry

PLURALS = {"letter": "letters", "fax": "faxes", "email": "emails", "tweet": "tweets"}
PLURALS |= {"call": "calls", "web": "web messages"}
_SINGULAR = {"web": "web message"}
EXPORTED = [field.name for field in dataclasses.fields(Entry)]


def print_journal(
    path: Path | None, case_id: str | None, latest: int, *, months: bool, export: str | None
) -> None:
    """Print what was made and sent per case (or per case and month), then the latest."""
    if latest < 0:
        raise ChoiceError("latest", "give a number of letters, 0 or more")
    journal_path = path or default_path()
    if not journal_path.exists():
        if export is not None:
            _export([], export)  # a script reads an empty table, not nothing
        say(f"No letters recorded yet ({journal_path}).")
        return
    with Journal(journal_path, read_only=True) as journal:
        if export is not None:
            entries = journal.latest(None, case_id)[::-1]
            _export(entries, export)
            if not entries:
                say(_none_recorded(case_id))
            return
        counts = journal.counts(case_id, by_month=months)
        entries = journal.latest(latest, case_id)
    if not counts:
        say(_none_recorded(case_id))
        return
    totals = _totals(counts, months=months)
    console = plain_console(at_least=keep_whole(totals, 2))
    console.print(totals)
    if entries:
        console.print(literal(f"\nLatest {len(entries)}:", style="bold"))
        console.print(_latest(entries))


def _none_recorded(case_id: str | None) -> str:
    return f"No letters recorded for {case_id}." if case_id else "No letters recorded yet."


def made(count: CaseCount) -> str:
    """The messages made, per channel: ``12 letters, 3 faxes, 20 tweets``."""
    return ", ".join(
        f"{number:,} {_noun(channel, number)}"
        for channel, number in (count.by_channel or {}).items()
    )


def _noun(channel: str, number: int) -> str:
    if number == 1:
        return _SINGULAR.get(channel, channel)
    return PLURALS.get(channel, channel)


def _totals(counts: list[CaseCount], *, months: bool) -> Table:
    table = Table(box=None, header_style="bold")
    columns = ["case", "reference", *(["month"] if months else []), "made", "sent"]
    columns += ["first", "last"]
    for column in columns:
        table.add_column(
            column, no_wrap=column != "made", justify="right" if column == "sent" else "left"
        )
    for count in counts:
        cells = [count.case_id, count.reference, *([count.month or ""] if months else [])]
        cells += [made(count), f"{count.sent:,}", count.first[:10], count.last[:10]]
        table.add_row(*(literal(cell) for cell in cells))
    return table


def _latest(entries: list[Entry]) -> Table:
    """The latest records, as narrow as they can be: the case only where they differ."""
    several = len({entry.case_id for entry in entries}) > 1
    columns = ["id", "made", *(["case"] if several else []), "to", "channel", "signer", "sent"]
    table = Table(box=None, header_style="bold")
    for column in [*columns, "file"]:
        table.add_column(
            column,
            no_wrap=column in ("id", "made", "channel", "sent"),
            overflow="fold",
            justify="right" if column == "id" else "left",
        )
    for entry in entries:
        cells = [str(entry.id), entry.recorded_at[:10], *([entry.case_id] if several else [])]
        cells += [entry.recipient, entry.channel, entry.signer or ""]
        cells += [(entry.sent_at or "")[:10] or "not yet"]
        cells += [Path(entry.output).name if entry.output else ""]
        table.add_row(*(literal(cell) for cell in cells))
    return table


def _export(entries: list[Entry], form: str) -> None:
    """Every record, oldest first: CSV for a spreadsheet, or a JSON array for a script."""
    rows = [dataclasses.asdict(entry) for entry in entries]
    if form == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=True) + "\n")
        return
    writer = csv.DictWriter(sys.stdout, EXPORTED, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)


def _cell(value: object) -> object:
    """A cell a spreadsheet shows as written: no formula from a signer's name (`=1+1`)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def record_ids(given: list[str]) -> list[int]:
    """Record ids as typed; one that is not a record's number is said so, in words."""
    ids = []
    for one in given:
        if not (one.strip().isascii() and one.strip().isdigit()):  # not `³`, nor `٣`
            listed = "ids are the numbers `letterkit journal` lists"
            raise ChoiceError("ids", f"`{one}` is not a record's id: {listed}")
        ids.append(int(one))
    return ids


def mark_sent(path: Path | None, ids: list[int]) -> None:
    """Mark messages sent, by the ids the journal shows."""
    with Journal(path or default_path()) as journal:
        unknown, already = journal.mark_sent(ids)
    marked = [one for one in ids if one not in unknown and one not in already]
    if marked:
        say(f"marked as sent: {', '.join(map(str, marked))}")
    if already:
        say(f"already marked as sent: {', '.join(map(str, already))}")
    if unknown:
        raise LetterkitError(
            f"no record {', '.join(map(str, unknown))} in the journal (see `letterkit journal`)"
        )


def forget(
    path: Path | None, ids: list[int], case_id: str | None, *, everything: bool, yes: bool
) -> None:
    """Remove records (a test run), after the writer confirms."""
    if not ids and not case_id and not everything:
        raise ChoiceError("case", "say what to forget: record ids, --case ID, or --all")
    if everything and (ids or case_id):
        raise ChoiceError("all", "forgets every record: give it alone")
    if ids and case_id:
        raise ChoiceError("case", "give record ids or --case, not both")
    journal_path = path or default_path()
    if not journal_path.exists():
        say(f"No letters recorded yet ({journal_path}).")
        return
    with Journal(journal_path) as journal:
        unknown = [one for one in dict.fromkeys(ids) if not journal.count_matching([one])]
        if unknown:
            listed = ", ".join(map(str, unknown))
            raise LetterkitError(f"no record {listed} in the journal (see `letterkit journal`)")
        count = journal.count_matching(ids or None, case_id)
        if count == 0:
            say("No such records; nothing forgotten.")
            return
        what = (
            f"of {case_id}"
            if case_id
            else "in all"
            if everything
            else f"({', '.join(map(str, ids))})"
        )
        if not yes and not _confirmed(f"Forget {count:,} record(s) {what}? This cannot be undone."):
            say("Nothing forgotten.")
            return
        removed = journal.forget(ids or None, case_id)
    say(f"forgot {removed:,} record(s) {what}")


def _confirmed(question: str) -> bool:
    """The writer's answer to *question*; without a terminal, --yes must say it."""
    if not sys.stdin.isatty():
        raise ChoiceError("yes", f"{question} Pass --yes to confirm without a terminal")
    from letterkit.cli.prompts import Questions

    return Questions(plain_console(stderr=True)).confirm(question)
