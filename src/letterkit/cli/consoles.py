"""The one place consoles are made: rich for layout and style, never for reading text.

Case and writer text is data. Every console here has markup, highlighting and
emoji codes turned off, so ``[bold]``, ``:smile:`` or a number in a signer's name
is printed as it was written.
"""

from __future__ import annotations

from rich.console import Console
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


def plain_console(*, stderr: bool = False) -> Console:
    """A console for standard output (or error): styles only where letterkit sets them."""
    return _Console(stderr=stderr, highlight=False, markup=False, emoji=False)
