"""Errors a user can cause, each with the exit status the command line gives it.

Every error a user can cause is a :class:`LetterkitError`; the command line turns it
into one line on standard error and its ``exit_status``. Anything else is a bug.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum


class ExitStatus:
    """The documented exit statuses of the ``letterkit`` command."""

    OK = 0
    INVALID_DATA = 1  # a case file or signers sheet is invalid, or a case is not found
    USAGE = 2  # an option is missing or wrong (also click's own usage errors)
    NOT_COMPOSABLE = 3  # the choices are valid but make no sendable message (tweet too long)
    NOT_WRITTEN = 4  # an output file exists (no --force) or cannot be written
    INTERRUPTED = 130  # Ctrl-C


class Hint(StrEnum):
    """What would help with an error, which the command line words as an option or command."""

    FORCE = "force"
    """Asking to replace an output file."""
    ASCII = "ascii"
    """Spelling the letter in plain ASCII."""
    LIST = "list"
    """The cases there are."""
    SCHEMA = "schema"
    """The keys a case file may have."""
    ASCII_ROW = "ascii_row"
    """Spelling one signer's letter in plain ASCII (a sheet's `ascii` column)."""
    COLUMN = "column"
    """Saying which column of a sheet a header cell is."""
    TRUST = "trust"
    """Trusting a case's own templates."""


class LetterkitError(Exception):
    """A problem the user can fix; its message is one line, shown as it is."""

    exit_status = ExitStatus.INVALID_DATA
    hint: Hint | None = None


class Severity(StrEnum):
    """An error stops a case being used; a warning is advice for its author."""

    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as precisely as the file allows."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    hint: Hint | None = dataclasses.field(default=None, compare=False)
    """What would help, for a reader that words it its own way."""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        warning = " warning:" if self.severity is Severity.WARNING else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{warning}{field} {self.message}"


class CaseFileError(LetterkitError):
    """A case file cannot be read or is not a valid case; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class CaseNotFoundError(LetterkitError):
    """No case file has the id or path the user gave."""


class UnknownCaseError(CaseNotFoundError):
    """No case has the id the user gave: the cases there are would help."""

    hint = Hint.LIST


class ChoiceError(LetterkitError):
    """A writer's choice is wrong: names the field (``asks``, ``channel``) so it can be fixed.

    The command line names the option that sets the field (``--ask``), batch the
    sheet's column (``asks``).
    """

    exit_status = ExitStatus.USAGE

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.detail = message
        super().__init__(f"{field}: {message}")


class RecipientDetailError(ChoiceError):
    """A detail of a recipient the writer supplies is missing or wrong.

    *detail_name* says which (``email``): the command line's ``--recipient email=``,
    a sheet's ``recipient_email`` column.
    """

    def __init__(self, detail_name: str, message: str, *, missing: bool = False) -> None:
        self.detail_name = detail_name
        said = (
            f"`{detail_name}=` is missing: {message}" if missing else f"`{detail_name}=`: {message}"
        )
        super().__init__("recipient", said)


class NotComposableError(LetterkitError):
    """The choices are valid one by one but make no message that can be sent."""

    exit_status = ExitStatus.NOT_COMPOSABLE


class UnprintableError(NotComposableError):
    """The letter holds a character the bundled font has no glyph for."""

    hint = Hint.ASCII

    def __init__(self, character: str, message: str) -> None:
        self.character = character
        super().__init__(message)


class OutputError(LetterkitError):
    """An output file cannot be written, or may not be replaced."""

    exit_status = ExitStatus.NOT_WRITTEN


class DiskFullError(OutputError):
    """The disk (or a limit on file sizes) has no room for a file: nothing after it will fit."""


class OutputExistsError(OutputError):
    """An output file exists, and replacing it was not asked for."""

    hint = Hint.FORCE

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path}: exists")


class TemplateError(LetterkitError):
    """A case's own template is broken or tried something the sandbox forbids."""

    exit_status = ExitStatus.INVALID_DATA
