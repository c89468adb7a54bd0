"""The case file, as pydantic models: what a campaign author writes and a writer reads.

Every model forbids unknown keys, so a misspelt key is an error rather than a
silently missing address. Text fields refuse control characters, so what a case
says is what a terminal shows. The JSON Schema of :class:`Case` is what
``letterkit schema`` prints.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import StrEnum
from functools import cached_property
from pathlib import PurePosixPath
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from letterkit.fields import (
    Email,
    HeaderLine,
    LanguageTag,
    Line,
    OfficialId,
    PhoneNumber,
    Prose,
    TemplatePath,
    TwitterHandle,
)
from letterkit.postage import Postage

MAX_OFFICIALS = 200
"""Targets, or officials to copy, a case may name: a parliament's members, not a city's."""
MAX_ASKS = 50


class Channel(StrEnum):
    """A way of sending a message; the case says which ones it accepts.

    A call is possible wherever the case gives an official's phone number, listed
    in `channels` or not.
    """

    LETTER = "letter"
    FAX = "fax"
    EMAIL = "email"
    TWEET = "tweet"
    CALL = "call"


class Model(BaseModel):
    """Base of the case models: unknown keys are errors, values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Address(Model):
    """A postal address as it goes on the envelope."""

    lines: list[Line] = Field(
        min_length=1, description="Street, town and postcode lines, without the country."
    )
    country: Line | None = Field(
        None, description="Written in capitals on the last line; leave out for a domestic address."
    )


class Phone(Model):
    """A telephone number, with a note where the case gives one ("Chinese only")."""

    number: PhoneNumber
    note: Line | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, value: Any) -> Any:
        return {"number": value} if isinstance(value, str) else value


PhoneEntry = Annotated[
    Phone,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"number": {"type": "string"}, "note": {"type": "string"}},
                    "required": ["number"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Official(Model):
    """Someone a message is sent to or copied to, with every way the case gives to reach them.

    Every contact field is optional: a real official may be reachable only by post,
    only by phone, or only by email.
    """

    id: OfficialId
    honorific: HeaderLine | None = Field(None, description="Put before the name: `His Excellency`.")
    name: HeaderLine | None = Field(None, description="Leave out for a body such as `The Board`.")
    title: HeaderLine | None = None
    salutation: Line | None = Field(
        None,
        description="How a letter opens, without the comma: `Dear President Putin`. "
        "Not derivable from the title, so give it where the case does.",
    )
    address: Address | None = None
    twitter: list[TwitterHandle] = []
    fax: PhoneNumber | None = None
    phones: list[PhoneEntry] = []
    emails: list[Email] = []
    postage: Postage | None = Field(None, description="For one letter, as the case gives it.")

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and self.title is None:
            raise ValueError("an official needs a name, a title or both")
        return self

    @property
    def address_block(self) -> list[str]:
        """The lines of the envelope: name, title, address, and the country in capitals.

        Post offices read the last line as the destination, so the country goes
        there on its own, in capitals.
        """
        lines = [self.display_name]
        if self.name and self.title:
            lines.append(self.title)
        if self.address is not None:
            lines.extend(self.address.lines)
            if self.address.country:
                lines.append(self.address.country.upper())
        return lines

    @property
    def name_and_title(self) -> str:
        """The name and title on one line, as a ``cc:`` list gives them."""
        if self.name and self.title:
            return f"{self.display_name}, {self.title}"
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as it heads an address: honorific and name, else the title."""
        if self.name is None:
            return self.title or ""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @cached_property
    def channels(self) -> list[Channel]:
        """The channels this official can be reached by, given the contacts the case holds."""
        have = {
            Channel.LETTER: self.address is not None,
            Channel.FAX: self.fax is not None,
            Channel.EMAIL: bool(self.emails),
            Channel.TWEET: bool(self.twitter),
            Channel.CALL: bool(self.phones),
        }
        return [channel for channel in Channel if have[channel]]


class ChooseRange(Model):
    """How many asks a writer picks."""

    min: int = Field(ge=1)
    max: int = Field(ge=1)

    @property
    def span(self) -> str:
        """How many, in words: ``2 to 3``, or ``2``."""
        return str(self.min) if self.min == self.max else f"{self.min} to {self.max}"


class Ask(Model):
    """One point a writer may include, in full for letters and short for tweets."""

    text: Prose = Field(description="As the case gives it; it follows `I urge you to` in a letter.")
    short: Line = Field(max_length=200, description="A few words that fit in a tweet.")


class Asks(Model):
    """The points a writer chooses from, and how many to choose."""

    instruction: Line | None = None
    items: list[Ask] = Field(min_length=1, max_length=MAX_ASKS)
    choose: ChooseRange

    @field_validator("choose")
    @classmethod
    def _choosable(cls, choose: ChooseRange, info: ValidationInfo) -> ChooseRange:
        if choose.min > choose.max:
            raise ValueError(f"choose.min ({choose.min}) is more than choose.max ({choose.max})")
        items = info.data.get("items")
        if items is not None and choose.max > len(items):
            raise ValueError(f"choose.max ({choose.max}) is more than the {len(items)} asks given")
        return choose


class Updates(Model):
    """How a writer asks to be told what happens next."""

    email: Email | None = Field(None, description="Leave empty where the case lost it.")
    subject: Line | None = None


class Case(Model):
    """One campaign: what happened, what to ask, and whom to write to."""

    reference: Line = Field(description="The campaign's own reference, e.g. `UA 2/19`.")
    title: HeaderLine
    issued: dt.date
    deadline: dt.date | None = Field(None, description="Send appeals before this day.")
    country: Line
    language: LanguageTag = Field("en", description="The language this file is written in.")
    letter_language: LanguageTag | None = Field(
        None, description="The language letters should be written in; defaults to `language`."
    )
    subject: HeaderLine | None = Field(
        None, description="The subject of letters and emails; defaults to the title."
    )
    summary: Prose
    instructions: Line | None = None
    about_yourself: Line | None = Field(
        None, description="What the case asks writers to say about themselves."
    )
    channels: list[Channel] = Field(min_length=1)
    asks: Asks
    targets: list[Official] = Field(
        min_length=1, max_length=MAX_OFFICIALS, description="Whom the messages go to."
    )
    copies: list[Official] = Field([], max_length=MAX_OFFICIALS, description="Officials to copy.")
    background: Prose | None = None
    updates: Updates | None = None
    source: Line | None = Field(None, description="Where the case was published (a URL).")
    templates: dict[Channel, TemplatePath] = Field(
        {}, description="The case's own Jinja2 templates, relative to this file."
    )

    _path: str | None = PrivateAttr(None)

    @field_validator("channels")
    @classmethod
    def _each_channel_once(cls, channels: list[Channel]) -> list[Channel]:
        if len(set(channels)) != len(channels):
            raise ValueError("each channel may be listed once")
        return channels

    @field_validator("deadline")
    @classmethod
    def _deadline_after_issue(
        cls, deadline: dt.date | None, info: ValidationInfo
    ) -> dt.date | None:
        issued = info.data.get("issued")
        if deadline is not None and issued is not None and deadline < issued:
            raise ValueError(f"the deadline is before the issue date ({issued})")
        return deadline

    @field_validator("targets")
    @classmethod
    def _targets_reachable(cls, targets: list[Official], info: ValidationInfo) -> list[Official]:
        _check_unique_ids(targets)
        for channel in info.data.get("channels", []):
            if channel is not Channel.CALL and not any(
                channel in target.channels for target in targets
            ):
                raise ValueError(
                    f"the case accepts {channel}, but no target has any {contact_field(channel)}"
                )
        return targets

    @field_validator("copies")
    @classmethod
    def _ids_unique(cls, copies: list[Official], info: ValidationInfo) -> list[Official]:
        _check_unique_ids([*info.data.get("targets", []), *copies])
        return copies

    @cached_property
    def officials(self) -> list[Official]:
        """Targets first, then the officials to copy."""
        return [*self.targets, *self.copies]

    @cached_property
    def id(self) -> str:
        """The case's id: its file name without the extension."""
        return PurePosixPath(self._path or "case").stem

    @property
    def path(self) -> str | None:
        """The file the case was read from, if any."""
        return self._path

    @property
    def language_of_letters(self) -> str:
        """The language messages should be written in."""
        return self.letter_language or self.language

    @cached_property
    def accepted_channels(self) -> list[Channel]:
        """The channels a writer may choose: those listed, and a call where a phone is given."""
        callable_ = any(Channel.CALL in official.channels for official in self.officials)
        extra = [Channel.CALL] if callable_ and Channel.CALL not in self.channels else []
        return [*self.channels, *extra]

    def official(self, official_id: str) -> Official | None:
        """The target or copied official with this id."""
        return next((one for one in self.officials if one.id == official_id), None)


def _check_unique_ids(officials: list[Official]) -> None:
    counted = Counter(official.id for official in officials)
    repeated = sorted(one for one, count in counted.items() if count > 1)
    if repeated:
        raise ValueError(f"official ids must be unique; repeated: {', '.join(repeated)}")


_CONTACT_FIELD = {
    Channel.LETTER: "postal address",
    Channel.FAX: "fax number",
    Channel.EMAIL: "email address",
    Channel.TWEET: "Twitter handle",
    Channel.CALL: "phone number",
}


def contact_field(channel: Channel) -> str:
    """What an official needs to be reached by *channel*, in words."""
    return _CONTACT_FIELD[channel]


def seen_on(case: Case, path: str) -> Case:
    """Record where *case* was read from (its id comes from the file name)."""
    case._path = path
    return case


__all__ = [
    "Address",
    "Ask",
    "Asks",
    "Case",
    "Channel",
    "Official",
    "Phone",
    "Updates",
    "contact_field",
]
