"""A signer's row made into drafts, through the same checks as compose's options.

A row that names no asks gets some chosen from the signer's own words, so that a
room where nobody chose still sends varied letters, and the same sheet always
gives the same letters.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Protocol

from letterkit.batch.signers import RECIPIENT, SignerRow
from letterkit.compose import (
    ALL,
    choose_channel,
    choose_language,
    choose_recipient,
    make_drafts,
    make_writer,
    parse_ask_numbers,
)
from letterkit.errors import ChoiceError, Hint, LetterkitError, RecipientDetailError
from letterkit.message import Draft
from letterkit.models import Case


class RowDefaults(Protocol):
    """What the batch gives every row that does not give its own."""

    @property
    def channel(self) -> str | None:
        """How to send the letters."""

    @property
    def to(self) -> str | None:
        """Whom to write to: an official's id, or `all`."""

    @property
    def date(self) -> dt.date:
        """The letters' date."""

    @property
    def language(self) -> str | None:
        """The letters' language."""


class RowError(LetterkitError):
    """One row cannot be made into a message; *column* is the sheet's column at fault."""

    def __init__(self, column: str | None, message: str, hint: Hint | None = None) -> None:
        self.column = column
        self.detail = message
        self.hint = hint
        super().__init__(message)

    @classmethod
    def of(cls, error: LetterkitError, column: str | None = None) -> RowError:
        """*error* as the row's, with what would help it."""
        return cls(column, str(error), error.hint)

    @classmethod
    def unprintable(cls, error: LetterkitError) -> RowError:
        """A character the font cannot show fails this row, with what mends this row alone."""
        return cls(None, str(error), Hint.ASCII_ROW if error.hint is Hint.ASCII else error.hint)


def drafts_for_signer(case: Case, signer: SignerRow, settings: RowDefaults) -> list[Draft]:
    """Check a row as compose checks its options; choose asks for a row that gives none.

    One draft, or one for each official when the row's `to` (or the batch's) is
    `all`; the row's own `channel`, `to` and `language` win over the batch's.
    """
    if signer.problem is not None:
        raise RowError(signer.column, signer.problem)
    fields = signer.fields
    try:
        writer = make_writer(fields.get("name"), fields.get("about"), fields.get("place"))
        seed = signer_seed(writer.name, writer.about)
        asks = fields.get("asks", "")
        numbers = ask_numbers(asks) if asks else varied_asks(case, seed)
        return make_drafts(
            case,
            writer,
            numbers,
            fields.get("channel") or settings.channel,
            fields.get("to") or settings.to,
            settings.date,
            variant=seed,
            language=fields.get("language") or settings.language,
            supplied={
                column.removeprefix(RECIPIENT): value
                for column, value in fields.items()
                if column.startswith(RECIPIENT) and value
            },
        )
    except RecipientDetailError as error:
        raise RowError(RECIPIENT + error.detail_name, error.detail) from None
    except ChoiceError as error:
        # A choice's field is the sheet's column of the same name.
        raise RowError(error.field, error.detail) from None


_TICKED = re.compile(r"(?:^|[,;\s])(\d{1,3})[.)]\s")
"""A form's ticked option that begins with its ask's number: ``1. Investigate``, ``3) Free``."""


def ask_numbers(cell: str) -> list[int]:
    """A row's asks: numbers as a writer types them, or a web form's ticked options.

    ``1 3``, or ``1. Investigate …, 3. Protect …`` where each option begins with its number.
    """
    try:
        return parse_ask_numbers(cell)
    except ChoiceError:
        if not re.match(r"\s*\d{1,3}[.)]\s", cell):
            raise
        return [int(number) for number in _TICKED.findall(cell)]


def signer_seed(name: str, about: str) -> int:
    """A number fixed by the signer's own words: the same sheet gives the same letters."""
    return zlib.crc32(f"{name}\x00{about}".encode())


def varied_asks(case: Case, seed: int) -> list[int]:
    """Asks for a signer who chose none: how many, which and in what order, from *seed*.

    The seed is read as digits in mixed bases (how many, then each pick from what is
    left), so signers spread over every choice the case allows without listing them.
    """
    if case.asks is None:
        return []
    least, most = case.asks.choose.min, case.asks.choose.max
    seed, extra = divmod(seed, most - least + 1)
    left = list(range(1, len(case.asks.items) + 1))
    chosen = []
    for _ in range(least + extra):
        seed, index = divmod(seed, len(left))
        chosen.append(left.pop(index))
    return chosen


def check_settings(case: Case, settings: RowDefaults) -> None:
    """The batch's channel, recipient and language, checked against the case.

    Before any row is read: a misspelt default would fail every row alike.
    """
    channel = choose_channel(case, settings.channel) if settings.channel else None
    if settings.language:
        choose_language(case, settings.language)
    to = (settings.to or "").strip().lower()
    if not to or to == ALL or case.supplied_recipient(to) is not None:
        return  # a recipient each signer supplies is checked with their details, row by row
    if channel is not None:
        choose_recipient(case, to, channel)
    elif case.official(to) is None:
        choose_recipient(case, to, case.accepted_channels[0])  # says which ids there are


_YES = frozenset({"yes", "y", "true", "1", "x", "oui", "ja", "si", "sí"})
_NO = frozenset({"", "no", "n", "false", "0", "non", "nein", "nee"})


def plain_ascii(signer: SignerRow) -> bool:
    """Whether the row's `ascii` column asks for its letter in plain ASCII."""
    value = signer.fields.get("ascii", "").strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise RowError("ascii", f"write yes (or leave it empty), not `{value}`")
