"""What a message says, in its language: the writer's sentence, the concern, the asks.

The built-in templates only lay a message out; everything they print is worded
here, in the letter's language (see :mod:`letterkit.frames`): the salutation as
the case gives it, the writer's sentence, the case's concern, each chosen ask in
its lead-in (or as the sentence the case wrote), or the case's model letter with
its slots filled; then the closing and the sign-off, which a thank-you letter
words as one does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

from letterkit.frames import ENGLISH, Frame, frame_for
from letterkit.message import Draft
from letterkit.models import Ask, AskForm, Kind, LetterTexts, Official, fill_slots, slots_of
from letterkit.text import clause, sentence

_SENTENCE_END = re.compile(r"[.!?…](?=\s+[\"'«“‘(¿¡]?[^\W\d_])")
"""A full stop, ! or ? before a word: where a sentence may end."""
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "sra",
        "jr",
        "nr",
        "no",
        "gen",
        "col",
        "capt",
        "lt",
        "rev",
        "hon",
        "mme",
        "mlle",
        "me",
        "dres",
        "hr",
        "fr",
        "dipl",
        "ing",
        "mag",
        "bzw",
        "ca",
        "etc",
        "vs",
        "approx",
    ]
)
"""Words shortened with a full stop that do not end a sentence (``Prof. Benedek``)."""
_POSTCODE = re.compile(r"\S*\d\S*")
_STATE_CODE = re.compile(r"[A-Z]{2}")


T = TypeVar("T")


class once(Generic[T]):
    """A property computed on first use and then kept, as :func:`functools.cached_property`.

    Without its lock: Python 3.11's takes one on every first use, which was 8% of
    a letter's rendering (Python 3.12 dropped it).
    """

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | once[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


def first_sentence(text: str) -> str:
    """The first sentence of *text*, its spaces folded.

    Not ended by an abbreviation (``Prof.``), an initial (``J.``) or a day's number
    (``am 3. März``).
    """
    folded = " ".join(text.split())
    for end in _SENTENCE_END.finditer(folded):
        word = folded[: end.start()].rsplit(" ", 1)[-1].lstrip("(\"'«“")
        if end.group() == "." and (
            word.casefold() in _ABBREVIATIONS
            or (len(word) == 1 and word.isupper())
            or (word.isdigit() and len(word) <= 2)
            or "." in word  # U.N, z.B
        ):
            continue
        return folded[: end.end()]
    return folded


def case_paragraphs(texts: LetterTexts) -> list[str]:
    """The paragraphs every letter in *texts*' language prints as the case wrote them."""
    paragraphs = (texts.concern or "").split("\n\n") + [
        one for one in (texts.model_letter or "").split("\n\n") if not slots_of(one)
    ]
    return [one for one in paragraphs if one.strip()]


def town_of(lines: list[str]) -> str | None:
    """The town of a postal address, for a call: never a street, a number or a postcode.

    A last line that names a country is left aside; then the last line with words
    once its numbers, postcodes and a state's code (``ON``, ``IL``) are taken out is
    the town: ``Leeds`` below ``5 High Street``, ``Paris`` in ``75001 Paris``.
    """
    # A line may hold its town and more after commas (`Ottawa, Canada`): each part counts.
    lines = [part.strip() for one in lines for part in one.split(",") if part.strip()]
    if len(lines) > 1 and is_country(lines[-1]):
        lines = lines[:-1]
    for line in reversed(lines):
        words = _POSTCODE.sub(" ", line).split()
        while words and _STATE_CODE.fullmatch(words[-1]):
            words.pop()
        if words:
            return " ".join(words)
    return None


def is_country(name: str) -> bool:
    """Whether *name* is a country as an address's last line gives it, in a frame's language."""
    return name.strip().rstrip(".").casefold() in _country_names()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    # Babel's names of territories, in the languages letterkit writes; read for calls only.
    from babel import Locale

    names = {"uk", "usa", "us", "u.s", "u.s.a", "u.k", "great britain", "england", "scotland"}
    for language in ("en", "fr", "de", "es", "nl"):
        names.update(name.casefold() for name in Locale.parse(language).territories.values())
    return frozenset(names)


@dataclass(frozen=True)
class Wording:
    """Everything a built-in template prints of a message, worded in its language."""

    draft: Draft

    @once
    def frame(self) -> Frame:
        """The letter language's frame, or English where letterkit has none."""
        return frame_for(self.draft.letter_language) or ENGLISH

    @once
    def texts(self) -> LetterTexts:
        """The case's texts in the letter's language."""
        return self.draft.case.texts(self.draft.letter_language)

    @once
    def recipient(self) -> Official:
        """The recipient, titled and addressed as a letter in this language does."""
        recipient = self.draft.recipient
        known = self.texts.officials.get(recipient.id)
        if known is not None:
            return known
        # A recipient the writer supplied: greeted in this language as the case says,
        # `{name}` standing for the name the writer gave.
        if self.texts.language == self.draft.case.language_of_letters:
            return recipient
        translation = self.draft.case.translations.get(self.texts.language)
        words = translation.officials.get(recipient.id) if translation else None
        name = recipient.name or ""
        return recipient.model_copy(
            update={
                "title": (words.title if words else None) or recipient.title,
                "honorific": (words.honorific if words else None) or recipient.honorific,
                "salutation": words.salutation.replace("{name}", name)
                if words and words.salutation
                else None,
                "closing": words.closing.replace("{name}", name)
                if words and words.closing
                else None,
            }
        )

    @once
    def dial(self) -> dict[str, str]:
        """The recipient's phone and fax numbers, each as the writer dials it."""
        from letterkit.phones import dialled_for

        numbers = [phone.number for phone in self.recipient.phones]
        numbers += [self.recipient.fax] if self.recipient.fax else []
        return {number: dialled_for(self.draft, number).shown for number in numbers}

    @once
    def phone_numbers(self) -> list[str]:
        """The recipient's phone numbers, as the writer dials them."""
        return [self.dial[phone.number] for phone in self.recipient.phones]

    @once
    def copies(self) -> list[Official]:
        """The officials copied, titled as a letter in this language does."""
        return [self.texts.officials.get(one.id, one) for one in self.draft.copies]

    @once
    def salutation(self) -> str:
        """The opening line, its punctuation the language's unless the case gave its own."""
        return self.frame.salutation(self.recipient.salutation, self.recipient.honorific)

    @once
    def subject_line(self) -> str:
        """``Re: ...``, in the language's words."""
        return self.frame.subject_line(self.texts.subject)

    @once
    def about(self) -> str:
        """The writer's sentence, ended as a sentence."""
        return sentence(self.draft.writer.about)

    @once
    def paragraphs(self) -> list[str]:
        """The body: the writer's sentence, the concern and the asks, or the model letter."""
        asks = self.ask_paragraphs
        model = self.texts.model_letter
        if model is None:
            concern = self.texts.concern.split("\n\n") if self.texts.concern else []
            paragraphs = [self.about, *concern, *asks]
        else:
            paragraphs, placed = [], set()
            for paragraph in model.split("\n\n"):
                slots = set(slots_of(paragraph))
                placed |= slots
                if "asks" in slots:
                    paragraphs += asks
                else:
                    paragraphs.append(fill_slots(paragraph, {"about": self.about}))
            if "about" not in placed:
                paragraphs.insert(0, self.about)
            if "asks" not in placed:
                paragraphs += asks
        return [self.frame.opening_paragraph(paragraphs[0]), *paragraphs[1:]]

    @once
    def ask_paragraphs(self) -> list[str]:
        """Each chosen ask as a paragraph: a clause in its lead-in, or a sentence as written."""
        clauses = sum(self._form(ask) is AskForm.CLAUSE for ask in self.draft.asks)
        paragraphs, index = [], 0
        for ask in self.draft.asks:
            if self._form(ask) is AskForm.SENTENCE:
                paragraphs.append(sentence(ask.text))
                continue
            # `also` after the first, `finally` for the last of three or more.
            position = "first" if index == 0 else "last" if index == clauses - 1 > 1 else "next"
            paragraphs.append(self.frame.lead(self.draft.variant, position, self.clause(ask.text)))
            index += 1
        return paragraphs

    def _form(self, ask: Ask) -> AskForm:
        if self.draft.case.kind is Kind.THANKS:
            return AskForm.SENTENCE  # a thank-you letter leads in to no requests
        default = self.draft.case.asks.form if self.draft.case.asks else AskForm.CLAUSE
        return ask.form or default

    def clause(self, text: str) -> str:
        """An ask as the end of a sentence: no full stop, nor the `;` or `and` of a pasted list."""
        return clause(text, self.frame.conjunction)

    @once
    def closing_line(self) -> str | None:
        """The line inviting a reply; a thank-you letter has none."""
        if self.draft.case.kind is Kind.THANKS:
            return None
        return self.frame.closing_line(self.draft.variant)

    @once
    def sign_off(self) -> str:
        """The sign-off, repeating the form of address where the language does (French)."""
        recipient = self.recipient
        address = self.frame.closing_address(
            recipient.closing, recipient.salutation, recipient.honorific
        )
        return self.frame.sign_off(self.draft.variant, address)

    @once
    def date(self) -> str:
        """The letter's date as its language writes it."""
        return self.frame.date(self.draft.date)

    @once
    def concern_sentence(self) -> str | None:
        """The concern in one sentence, as a call says it: else the model letter's first."""
        text = self.texts.concern or fill_slots(
            "\n\n".join(
                one
                for one in (self.texts.model_letter or "").split("\n\n")
                if "asks" not in slots_of(one)
            ),
            {"about": ""},
        )
        return first_sentence(text) or None

    @once
    def town(self) -> str | None:
        """Where the writer is calling from: their town, not their street or postcode."""
        return town_of(self.draft.writer.address_lines)

    def short(self, ask: Ask) -> str:
        """An ask's short form for a tweet or a call (its text if the case gives none)."""
        return self.clause(ask.short or ask.text)

    def tweet_asks(self, asks: list[Ask]) -> str:
        """Asks' short forms, in a tweet's lead-in (or as sentences, for thanks)."""
        shorts = [self.short(ask) for ask in asks]
        if self.draft.case.kind is Kind.THANKS:
            return " ".join(sentence(one) for one in shorts)
        return self.frame.tweet_asks(self.draft.variant, shorts) if shorts else ""

    @once
    def greeting(self) -> str:
        """How a call begins: the caller's name, and their town where they gave one."""
        name = self.draft.writer.name
        if self.town:
            return self.frame.said("greeting, with the caller's town", name=name, town=self.town)
        return self.frame.said("greeting", name=name)

    def spoken_ask(self, first: bool, ask: Ask) -> str:
        """An ask said in a call: its short form in a lead-in, or a sentence for thanks."""
        if self.draft.case.kind is Kind.THANKS:
            return sentence(self.short(ask))
        return self.frame.spoken_ask(first, self.short(ask))

    @once
    def fax_labels(self) -> dict[str, str]:
        """The fax cover's labels, each padded to the width of the longest and two spaces."""
        names = ["the recipient", "the fax number", "the sender", "the date", "the pages"]
        labels = {name: self.frame.label(name) for name in [*names, "what it is about"]}
        width = max(map(len, labels.values())) + 2
        return {name: label.ljust(width) for name, label in labels.items()}
