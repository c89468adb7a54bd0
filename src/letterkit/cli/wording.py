"""The core's errors and notices in the command line's words: options, and commands to run.

The core names fields (``asks``, ``to``) and says what is wrong; only the command
line knows that ``asks`` is set by ``--ask``, that ``--force`` replaces a file,
or that ``--ascii`` spells a name in Latin letters. Kept free of heavy imports:
every command passes through here at start-up.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from letterkit.errors import (
    CaseFileError,
    CaseNotFoundError,
    ChoiceError,
    Hint,
    LetterkitError,
    OutputExistsError,
    Problem,
    UnprintableError,
)

if TYPE_CHECKING:
    from letterkit.message import Notice

_OPTION_OF_FIELD = {"asks": "--ask"}
"""Fields whose option is not simply ``--`` and the field's name."""


def option_for(field: str) -> str:
    """The option that sets *field*: ``--ask`` for ``asks``, ``--to`` for ``to``."""
    return _OPTION_OF_FIELD.get(field, "--" + field.replace("_", "-"))


def error_line(error: LetterkitError) -> str:
    """What the command line says of *error*: the option at fault, and what to pass."""
    if isinstance(error, ChoiceError):
        return f"{option_for(error.field)}: {error.detail}"
    if isinstance(error, CaseFileError):
        return "\n".join(problem_line(problem) for problem in error.problems)
    return str(error) + hint(error)


def hint(error: LetterkitError | None) -> str:
    """What to pass to get past *error*, if an option can: ``; pass --force ...``."""
    if isinstance(error, OutputExistsError):
        return "; pass --force to replace it"
    if isinstance(error, UnprintableError):
        return ": --ascii spells it in Latin letters, or print the text output"
    if isinstance(error, CaseNotFoundError):
        return " (see `letterkit list`)"
    return ""


_COMMAND_OF_HINT = {Hint.SCHEMA: "`letterkit schema` lists the keys"}


def problem_line(problem: Problem) -> str:
    """A problem in a file, with what to pass or run where that helps."""
    if problem.hint is not None:
        advice = _COMMAND_OF_HINT[problem.hint]
        # Inside the message's own closing bracket, if it ends with one.
        inside = problem.message.endswith(")")
        message = f"{problem.message.removesuffix(')')}; {advice})" if inside else None
        problem = dataclasses.replace(problem, message=message or f"{problem.message} ({advice})")
    return str(problem) + hint(problem.cause)


def notice_line(notice: Notice, case_id: str) -> str:
    """A warning or note as the command line says it, naming the option or command at hand."""
    # Compared as text: the notice kinds' module is not loaded at start-up.
    if notice.kind == "ascii":
        return f"--ascii {notice.text}"
    if notice.kind == "copies":
        return (
            f"Send a copy to each official in the cc list; `letterkit show {case_id}` gives "
            "their addresses."
        )
    return notice.text
