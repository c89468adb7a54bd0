"""The case: what happened, what to ask, whom to write to, and the letter's texts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator

from letterkit.fields import (
    Email,
    HeaderLine,
    LanguageTag,
    Line,
    PhoneNumber,
    Prose,
    TemplatePath,
    WebAddress,
)
from letterkit.models.asks import Ask, Asks
from letterkit.models.base import Channel, Model
from letterkit.models.deadlines import Deadline
from letterkit.models.officials import Official, SuppliedRecipient
from letterkit.models.texts import Kind, ModelLetter, OfficialWords, Translation

MAX_OFFICIALS = 200
"""Targets, or officials to copy, a case may name: a parliament's members, not a city's."""


@dataclass(frozen=True)
class LetterTexts:
    """What a letter in one language says, from the case: its words, not its layout."""

    language: str
    subject: str
    concern: str | None
    asks: list[Ask]
    model_letter: str | None
    officials: dict[str, Official]
    """Each official by id, titled and addressed as a letter in this language does."""


class Contact(Model):
    """Whom writers ask about the action, and tell what they sent."""

    name: Line | None = None
    email: Email | None = None
    phone: PhoneNumber | None = None
    web: WebAddress | None = Field(None, description="A page for questions or reporting.")

    @property
    def lines(self) -> list[str]:
        """The contact, a line each way to reach it."""
        return [
            *filter(None, [self.name]),
            *(f"{label}: {value}" for label, value in self._ways() if value),
        ]

    def _ways(self) -> list[tuple[str, str | None]]:
        return [("Email", self.email), ("Phone", self.phone), ("Web", self.web)]


class Updates(Model):
    """How a writer asks to be told what happens next."""

    email: Email | None = Field(None, description="Leave empty where the case lost it.")
    subject: Line | None = None


class Case(Model):
    """One campaign: what happened, what to ask, and whom to write to."""

    reference: Line | None = Field(
        None, description="The campaign's own reference, e.g. `UA 2/19`, if it has one."
    )
    title: HeaderLine
    issued: dt.date | None = Field(None, description="When the action was published, if known.")
    deadline: Deadline | None = Field(
        None,
        description="When appeals should arrive: a day (`2019-02-26`, still in time), or "
        "{before: DAY} (that day is late), {from: DAY, until: DAY} (a window), or "
        "{until: DAY, time: HH:MM, zone: Area/City}.",
    )
    country: Line
    language: LanguageTag = Field("en", description="The language this file is written in.")
    letter_language: LanguageTag | None = Field(
        None, description="The language letters should be written in; defaults to `language`."
    )
    subject: HeaderLine | None = Field(
        None, description="The subject of letters and emails; defaults to the title."
    )
    kind: Kind = Field(
        Kind.APPEAL, description="appeal (the letter asks) or thanks (a thank-you letter)."
    )
    summary: Prose
    concern: Prose | None = Field(
        None,
        description="What the case is about, in a sentence or two: every message says it "
        "after the writer's sentence. Needed unless the case gives a model letter.",
    )
    model_letter: ModelLetter | None = Field(
        None,
        description="The letter as the organisation published it, between salutation and "
        "closing; {about} and {asks} on lines of their own mark where the writer's sentence "
        "and the chosen asks go.",
    )
    instructions: Line | None = None
    about_yourself: Line | None = Field(
        None, description="What the case asks writers to say about themselves."
    )
    channels: list[Channel] = Field(min_length=1)
    asks: Asks | None = Field(
        None, description="The points a writer chooses among; a model letter may stand alone."
    )
    targets: list[Official] = Field(
        [], max_length=MAX_OFFICIALS, description="Whom the messages go to."
    )
    supplied: list[SuppliedRecipient] = Field(
        [],
        max_length=20,
        description="Recipients the case cannot know, whom each writer supplies: `your member "
        "of parliament`, `the embassy of Testland in your country`.",
    )
    copies: list[Official] = Field([], max_length=MAX_OFFICIALS, description="Officials to copy.")
    postage_from: Line | None = Field(
        None,
        description="The country the officials' `postage` is for: where its stamps are bought "
        "(`Canada` for an action by a Canadian section). Writers posting from elsewhere are "
        "told to ask their post office; without it, every writer is.",
    )
    dialled_from: Line | None = Field(
        None,
        description="The country the officials' phone and fax numbers are written to be "
        "dialled from (`011 7 495 ...` is dialled from Canada); `postage_from` if left out. "
        "Writers see each number as they dial it from where they are.",
    )
    separately: bool = Field(
        False,
        description="Write to each official on their own, copying no one (members of "
        "parliament thanked one by one); by default each message copies the others.",
    )
    background: Prose | None = None
    updates: Updates | None = None
    contact: Contact | None = Field(
        None,
        description="The organisers: name, email, phone, web page, for questions and for "
        "reporting the letters sent.",
    )
    source: Line | None = Field(None, description="Where the case was published (a URL).")
    templates: dict[Channel, TemplatePath] = Field(
        {}, description="The case's own Jinja2 templates, relative to this file."
    )
    translations: dict[LanguageTag, Translation] = Field(
        {},
        description="The letter's texts in other languages: subject, concern, asks, model "
        "letter, salutations.",
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
        cls, deadline: Deadline | None, info: ValidationInfo
    ) -> Deadline | None:
        issued = info.data.get("issued")
        if deadline is not None and issued is not None and deadline.last_day < issued:
            raise ValueError(f"the deadline is before the issue date ({issued})")
        return deadline

    @field_validator("targets")
    @classmethod
    def _targets_unique(cls, targets: list[Official]) -> list[Official]:
        _check_unique_ids(targets)
        return targets

    @field_validator("copies")
    @classmethod
    def _ids_unique(cls, copies: list[Official], info: ValidationInfo) -> list[Official]:
        _check_unique_ids([*info.data.get("targets", []), *info.data.get("supplied", []), *copies])
        return copies

    def copies_for(self, recipient: Official) -> tuple[Official, ...]:
        """Whom a message to *recipient* copies: every other official, or no one."""
        if self.separately:
            return ()
        return tuple(one for one in self.officials if one.id != recipient.id)

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
        """The language messages are written in unless the writer chooses another."""
        return self.letter_language or self.language

    @cached_property
    def letter_languages(self) -> list[str]:
        """Every language the case gives its letter's texts in, its own first."""
        return [self.language_of_letters, *self.translations]

    def texts(self, language: str | None = None) -> LetterTexts:
        """What a letter in *language* says (by default the case's own language of letters)."""
        by_language = self._texts_by_language
        return (
            by_language.get(language or self.language_of_letters)
            or by_language[self.language_of_letters]
        )

    @cached_property
    def _texts_by_language(self) -> dict[str, LetterTexts]:
        # Made once per case: a batch renders every letter from the same texts.
        texts = {
            self.language_of_letters: LetterTexts(
                language=self.language_of_letters,
                subject=self.subject or self.title,
                concern=self.concern,
                asks=self.asks.items if self.asks else [],
                model_letter=self.model_letter,
                officials={one.id: one for one in self.officials},
            )
        }
        for language, translation in self.translations.items():
            texts[language] = LetterTexts(
                language=language,
                subject=translation.subject or translation.title or self.subject or self.title,
                concern=translation.concern,
                asks=translation.asks or [],
                model_letter=translation.model_letter,
                officials={
                    one.id: _as_addressed(one, translation.officials.get(one.id))
                    for one in self.officials
                },
            )
        return texts

    @cached_property
    def accepted_channels(self) -> list[Channel]:
        """The channels a writer may choose: those listed, then any other an official has.

        `channels` is the case's order of preference; it does not hide a copy's fax
        or email. A call needs words to say (asks, a concern or a model letter), a
        tweet asks to shorten.
        """
        has_words = (
            self.asks is not None or self.concern is not None or self.model_letter is not None
        )
        sayable = {Channel.CALL: has_words, Channel.TWEET: self.asks is not None}
        extra = [
            channel
            for channel in Channel
            if channel not in self.channels and sayable.get(channel, True) and self.reaches(channel)
        ]
        return [*self.channels, *extra]

    def reaches(self, channel: Channel) -> bool:
        """Whether an official, or a recipient writers supply, can be written to by *channel*."""
        return any(channel in one.channels for one in self.officials) or any(
            channel in one.channels for one in self.supplied
        )

    @property
    def numbers_from(self) -> str | None:
        """The country (ISO 3166 code) the case's numbers are written to be dialled from."""
        from letterkit.countries import country_code

        written = self.dialled_from or self.postage_from
        return country_code(written) if written else None

    def official(self, official_id: str) -> Official | None:
        """The target or copied official with this id."""
        return next((one for one in self.officials if one.id == official_id), None)

    def supplied_recipient(self, recipient_id: str) -> SuppliedRecipient | None:
        """The recipient a writer supplies with this id."""
        return next((one for one in self.supplied if one.id == recipient_id), None)


def _as_addressed(official: Official, words: OfficialWords | None) -> Official:
    """*official* as a letter in another language names and addresses them."""
    words = words or OfficialWords()
    return official.model_copy(
        update={
            "honorific": words.honorific or official.honorific,
            "title": words.title or official.title,
            "salutation": words.salutation,
            "closing": words.closing,
        }
    )


def _check_unique_ids(officials: list[Official]) -> None:
    counted = Counter(official.id for official in officials)
    repeated = sorted(one for one, count in counted.items() if count > 1)
    if repeated:
        raise ValueError(f"official ids must be unique; repeated: {', '.join(repeated)}")


def seen_on(case: Case, path: str) -> Case:
    """Record where *case* was read from (its id comes from the file name)."""
    case._path = path
    return case
