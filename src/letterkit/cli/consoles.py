"""The one place consoles are made: rich for layout and style, never for reading text.

Case and writer text is data. Every console here has markup, highlighting and
emoji codes turned off, so ``[bold]``, ``:smile:`` or a number in a signer's name
is printed as it was written.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from letterkit.cli.boundary import discard_output
from letterkit.text import inert


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (`letterkit show ... | head`): not an error."""
        discard_output()
        raise SystemExit(0)


def literal(text: str, style: str = "") -> Text:
    """*text* from a case, a writer or a user, for a console: inert, and never read as markup."""
    return Text(inert(text), style=style)


MIN_WIDTH = 40
"""Columns a console is at least given: COLUMNS=0 printed nothing, COLUMNS=10 cut ids."""


def keep_whole(table: Table, columns: int) -> int:
    """Keep the first *columns* of *table* whole however narrow the terminal (ids, references).

    Returns the width the table needs for them and a little of the rest.
    """
    width = 0
    for column in table.columns[:columns]:
        column.min_width = max((len(str(cell)) for cell in column.cells), default=0)
        column.no_wrap = True
        width += column.min_width + 2
    return width + 40


def plain_console(*, stderr: bool = False, at_least: int = MIN_WIDTH) -> Console:
    """A console for standard output (or error): styles only where letterkit sets them.

    It is *at_least* as wide as asked, however narrow the terminal says it is: a
    line longer than the terminal wraps there, which cuts nothing.
    """
    console = _Console(stderr=stderr, highlight=False, markup=False, emoji=False)
    if console.width < at_least:
        console.width = at_least
    return console
