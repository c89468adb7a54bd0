"""The core's errors and notices in the command line's words: options, and commands to run.

The core names fields (``asks``, ``to``) and says what is wrong; only the command
line knows that ``asks`` is set by ``--ask``, that ``--force`` replaces a file,
or that ``--ascii`` spells a name in Latin letters. Kept free of heavy imports:
every command passes through here at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from letterkit.errors import CaseFileError, ChoiceError, Hint, LetterkitError, Problem

if TYPE_CHECKING:
    from letterkit.message import Notice

_OPTION_OF_FIELD = {"asks": "--ask", "ids": "ID..."}
"""Fields whose option (or argument) is not simply ``--`` and the field's name."""


def option_for(field: str) -> str:
    """The option that sets *field*: ``--ask`` for ``asks``, ``--to`` for ``to``."""
    return _OPTION_OF_FIELD.get(field, "--" + field.replace("_", "-"))


def error_line(error: LetterkitError) -> str:
    """What the command line says of *error*: the option at fault, and what to pass."""
    if isinstance(error, ChoiceError):
        return f"{option_for(error.field)}: {error.detail}"
    if isinstance(error, CaseFileError):
        return "\n".join(problem_line(problem) for problem in error.problems)
    return str(error) + _HINTS.get(error.hint, "")


def problem_line(problem: Problem) -> str:
    """A problem in a file, with what to pass or run where that helps."""
    return str(problem) + _HINTS.get(problem.hint, "")


_HINTS: dict[Hint | None, str] = {
    Hint.FORCE: "; pass --force to replace it",
    Hint.ASCII: ": --ascii spells it in Latin letters, or print the text output",
    Hint.ASCII_ROW: (
        ": write yes in this row's `ascii` column to spell this signer's letter in Latin "
        "letters (the other signers' stay as written)"
    ),
    Hint.LIST: " (see `letterkit list`)",
    Hint.SCHEMA: " (`letterkit schema` lists the keys)",
    Hint.COLUMN: '; say which with --column "HEADER=COLUMN"',
    Hint.TRUST: "; pass --trust if you trust whoever wrote it",
}
"""What the command line adds to an error that an option or a command would help."""


def notice_line(notice: Notice, case_id: str) -> str:
    """A warning or note as the command line says it, naming the command that helps."""
    # Compared as text: the notice kinds' module is not loaded at start-up.
    if notice.kind == "copies":
        return f"{notice.text} `letterkit show {case_id}` gives their addresses."
    return notice.text
