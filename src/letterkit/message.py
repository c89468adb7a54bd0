"""The values that flow through the core: who writes, the draft, and the message made of it.

A :class:`Writer` and a case's choices make a :class:`Draft` (see
:mod:`letterkit.compose`); rendering a draft makes a :class:`Message` (see
:mod:`letterkit.render`), which carries the text and what a writer or a script
needs to send it, with :class:`Notice` values saying what to look out for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from pydantic import PlainSerializer
from pydantic_core import SchemaSerializer

from letterkit.models import Ask, Case, Channel, Official
from letterkit.text import address_lines


@dataclass(frozen=True)
class Writer:
    """Who writes: their name, where they live, and their sentence about themselves."""

    name: str
    about: str
    place: str | None = None
    _lines: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Made once: a letter reads them four times (its text, notes, envelope, phones).
        object.__setattr__(self, "_lines", tuple(address_lines(self.place)))

    @property
    def address_lines(self) -> list[str]:
        """The place as the lines of a return address, as the writer broke them."""
        return list(self._lines)


@dataclass(frozen=True)
class Draft:
    """Everything a message is made of, checked; rendering it cannot fail on the writer's input."""

    case: Case
    writer: Writer
    asks: tuple[Ask, ...]
    channel: Channel
    recipient: Official
    copies: tuple[Official, ...]
    date: dt.date
    variant: int = 0
    """Picks among a template's alternative wordings, so letters in a batch differ."""
    language: str | None = None
    """The letter's language, one the case gives its texts in; None: the case's own."""

    @property
    def letter_language(self) -> str:
        """The letter's language: as chosen, else the case's own language of letters."""
        return self.language or self.case.language_of_letters


class NoticeKind(StrEnum):
    """What a notice is about, so that a reader can group, count or reword notices."""

    # Warnings: something to look at before sending.
    DEADLINE_PASSED = "deadline-passed"
    DEADLINE_NOT_OPEN = "deadline-not-open"
    """The case's window for letters opens after the letter's date."""
    LITTLE_TIME = "little-time"
    """Too few days left for post to arrive abroad."""
    NO_SALUTATION = "no-salutation"
    LANGUAGE = "language"
    LONG_LINK = "long-link"
    PAGES = "pages"
    WINDOW = "window"
    """A letter's PDF whose official's address does not go in an envelope's window."""
    ASCII = "ascii"
    EARLIER_SHEET = "earlier-sheet"
    """A batch's folder holds a letter from an earlier version of the sheet."""
    ROWS_MOVED = "rows-moved"
    """A batch found a signer's letter under the row number they had before."""
    CUT_SHORT = "cut-short"
    """A batch found a letter an earlier run did not write whole, and writes it again."""
    # Notes: how to send it.
    SEND = "send"
    AIR_MAIL = "air-mail"
    COPIES = "copies"


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning or a note that goes with a message: what it is about, and what it says."""

    kind: NoticeKind
    text: str

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=256)
def notice(kind: NoticeKind, text: str) -> Notice:
    """The notice of *kind* saying *text*: made once, as a batch repeats the same notes."""
    return Notice(kind=kind, text=text)


NoticeAsText = Annotated[Notice, PlainSerializer(lambda notice: notice.text, return_type=str)]
"""A notice in JSON: its text alone, as scripts read it."""


@dataclass(frozen=True, slots=True)
class Tweet:
    """One tweet of a message: its text, its length as Twitter counts it, its intent link."""

    text: str
    weighted_length: int
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """A message ready to send, and what a writer or a script needs to send it.

    A dataclass, not a pydantic model: rendering makes it from checked values, so
    there is nothing to validate, and the JSON serializer is built only when a
    message is written as JSON (building it at import cost every compose 7 ms).
    """

    case: str
    reference: str | None
    """The campaign's own reference, if the case gives one."""
    channel: Channel
    to: str
    recipient: str
    date: dt.date
    deadline: str | None = None
    """The case's deadline in words: ``by 2026-12-31``, ``before 2026-05-01``."""
    days_left: int | None = None
    """Days left after the letter's date while the case's deadline is open."""
    language: str
    """The language the message is written in, as the case tags it (``en``, ``fr-CA``)."""
    text: str
    subject: str | None = None
    body: str | None = None
    url: str | None = None
    """The tweet intent link or the ``mailto:`` link."""
    weighted_length: int | None = None
    pages: int | None = None
    tweets: list[Tweet] = field(default_factory=list)
    """A tweet message in as many tweets as its asks need, each within 280."""
    seconds: int | None = None
    """How long a call script takes to say."""
    warnings: list[NoticeAsText] = field(default_factory=list)
    notes: list[NoticeAsText] = field(default_factory=list)
    """How to send it: where to post or fax it, the postage, whom to copy."""


def message_json(message: Message, *, indent: int | None = None) -> bytes:
    """The message as a JSON object, in the order of its fields; notices as their text."""
    return _message_serializer().to_json(message, indent=indent)


@lru_cache(maxsize=1)
def _message_serializer() -> SchemaSerializer:
    from pydantic import TypeAdapter

    return TypeAdapter(Message).serializer
