"""``letterkit journal``: how many letters were made, per case, and the latest ones."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from letterkit.cli.boundary import say
from letterkit.cli.consoles import keep_whole, literal, plain_console
from letterkit.errors import ChoiceError
from letterkit.journal import Journal, default_path


def print_journal(path: Path | None, case_id: str | None, latest: int) -> None:
    """Print the letters per case, then the latest ones."""
    if latest < 0:
        raise ChoiceError("latest", "give a number of letters, 0 or more")
    journal_path = path or default_path()
    if not journal_path.exists():
        say(f"No letters recorded yet ({journal_path}).")
        return
    with Journal(journal_path, read_only=True) as journal:
        counts = journal.counts(case_id)
        entries = journal.latest(latest, case_id)
    totals = Table(box=None, header_style="bold", title_justify="left")
    for column in ("case", "reference", "letters", "first", "last"):
        totals.add_column(column, no_wrap=True, justify="right" if column == "letters" else "left")
    for count in counts:
        totals.add_row(
            *(literal(cell) for cell in (count.case_id, count.reference)),
            literal(f"{count.letters:,}"),
            literal(count.first[:10]),
            literal(count.last[:10]),
        )
    console = plain_console(at_least=keep_whole(totals, 2))
    console.print(totals)
    if entries:
        console.print(literal(f"\nLatest {len(entries)}:", style="bold"))
        recent = Table(box=None, header_style="bold")
        for column in ("recorded", "case", "to", "channel", "signer", "how", "file"):
            recent.add_column(column, no_wrap=column in ("recorded", "case", "to", "channel"))
        for entry in entries:
            recent.add_row(
                *(
                    literal(cell or "")
                    for cell in (
                        entry.recorded_at[:16].replace("T", " "),
                        entry.case_id,
                        entry.recipient,
                        entry.channel,
                        entry.signer,
                        entry.how,
                        entry.output,
                    )
                )
            )
        console.print(recent)
