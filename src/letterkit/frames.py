"""The frame of a letter in each language: its set words, and the conventions they follow.

A frame holds what letterkit writes around a case's own texts: the lead-ins to
the asks, the closing lines and sign-offs, the labels of the ``Re:`` line, the
``cc:`` list and the fax cover, the spoken words of a call script, salutations
for those addressed by an honorific, and the rules a language's letters keep
(the mark after a salutation, a lower-case first word in German, elision in
French). The words live in standard gettext catalogues
(``locale/<language>/LC_MESSAGES/letterkit.po``, compiled when letterkit is
built); English is the catalogues' own language, and :mod:`letterkit.frame_words`
lists every word, with the use it is for as its context. A translator adds a
language by adding a catalogue (:func:`~letterkit.frame_words.catalogue_template`
makes its template): every rule is a setting in it, none is in code.

Loading a frame reads only its own catalogue, the first time it is used.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from functools import cached_property, lru_cache
from pathlib import Path

from letterkit.frame_words import CLOSINGS, ENTRIES, HONORIFICS, NONE, VARIANTS

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "letterkit"
_SLOTS = re.compile(r"(.*?)\{(\w*)\}", re.DOTALL)
"""The text before each ``{slot}`` of a frame's word, and the slot's name."""
_VOWEL_START = re.compile(r"[aeiouyàâäéèêëîïôöûùüœæ]", re.IGNORECASE)
_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@lru_cache(maxsize=1)
def _catalogues() -> frozenset[str]:
    """The catalogues shipped: languages (``fr``) and their regions' (``en_US``)."""
    return frozenset(path.name for path in LOCALE.iterdir() if (path / "LC_MESSAGES").is_dir())


def built_in_languages() -> tuple[str, ...]:
    """The languages letterkit has a frame for: English, and each language's catalogue."""
    return ("en", *sorted(name for name in _catalogues() if "_" not in name))


def language_name(tag: str, in_language: str | None = None) -> str:
    """The language's name in itself (``français``) or *in_language*; *tag* if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
        return locale.get_display_name(in_language) or tag
    except (UnknownLocaleError, ValueError):
        return tag


@lru_cache(maxsize=64)
def frame_for(language: str) -> Frame | None:
    """The frame for *language*, or None if letterkit has none.

    A region's catalogue (``en-US``) is used where one is shipped; else the
    language's own (``fr-CA`` uses ``fr``).
    """
    base, _, region = language.partition("-")
    base = base.lower()
    if base not in built_in_languages():
        return None
    regional = f"{base}_{region.split('-')[0].upper()}"
    return _frame(regional if regional in _catalogues() else base)


@lru_cache(maxsize=16)
def _frame(name: str) -> Frame:
    """The frame of catalogue *name*; a region's catalogue holds only what differs."""
    if name == "en":
        return ENGLISH
    with open(LOCALE / name / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as file:
        catalogue = gettext.GNUTranslations(file)
    base, _, region = name.partition("_")
    if region:
        catalogue.add_fallback(_frame(base)._catalogue)
    return Frame(name.replace("_", "-"), catalogue)


class Frame:
    """The words and conventions of letters in one language."""

    def __init__(self, language: str, catalogue: gettext.NullTranslations) -> None:
        self.language = language
        self._catalogue = catalogue
        self._words: dict[str, str] = {}

    def word(self, use: str) -> str:
        """The frame's word for *use* (a key of :data:`ENTRIES`), in this language."""
        word = self._words.get(use)
        if word is None:  # looked up once: a batch asks for the same words every letter
            word = self._words[use] = self._catalogue.pgettext(use, ENTRIES[use])
        return word

    def _listed(self, use: str) -> list[str]:
        value = self.word(use)
        return [] if value == NONE else value.split()

    @cached_property
    def salutation_mark(self) -> str:
        """What follows a salutation: a comma in most languages, a colon in Spanish."""
        return self.word("setting: the mark after a salutation")

    @cached_property
    def lower_after_salutation(self) -> frozenset[str]:
        """Words written in lower case when they begin the letter after its salutation."""
        use = "setting: words written in lower case when they begin the letter after its salutation"
        return frozenset(word.casefold() for word in self._listed(use))

    @cached_property
    def elisions(self) -> dict[str, str]:
        """Words elided before a vowel (French ``de`` → ``d'``)."""
        pairs = self._listed("setting: words elided before a vowel, as word:elided pairs")
        return dict(pair.split(":", 1) for pair in pairs if ":" in pair)

    @cached_property
    def contractions(self) -> dict[tuple[str, str], str]:
        """A preposition and a town's article that contract (French ``de`` + ``Le`` → ``du``)."""
        use = (
            "setting: a preposition and a town's article that contract, as "
            "word+article:contracted pairs"
        )
        contractions = {}
        for pair in self._listed(use):
            words, _, contracted = pair.partition(":")
            preposition, plus, article = words.partition("+")
            if plus and contracted:
                contractions[preposition, article] = contracted
        return contractions

    @cached_property
    def aspirated_h(self) -> tuple[str, ...]:
        """Beginnings of words whose h is not silent, so before which nothing is elided."""
        return tuple(
            one.casefold()
            for one in self._listed("setting: beginnings of words whose h is not silent")
        )

    @cached_property
    def everyday_words(self) -> frozenset[str]:
        """Words by which a short text is known to be in this language (none it shares)."""
        use = "setting: everyday words, by which a short text is known to be in this language"
        return frozenset(word.casefold() for word in self._listed(use))

    @cached_property
    def conjunction(self) -> str:
        """The word for `and`, which an ask pasted from a list may end with."""
        return self.word("setting: the word for and, which an ask pasted from a list may end with")

    def subject_line(self, subject: str) -> str:
        """The line naming what the letter is about: ``Re: ...``."""
        return self.fill(self.word("the line naming what a letter is about"), subject=subject)

    @cached_property
    def copies_label(self) -> str:
        """What stands before the officials a letter is copied to: ``cc:``."""
        return self.word("before the officials a letter is copied to")

    def salutation(self, given: str | None, honorific: str | None) -> str:
        """The line a letter opens with, its punctuation the language's unless it has its own.

        *given* is the case's salutation; without one, an honorific gives the form of
        address (``Your Excellency``), and without that, the language's general one.
        """
        text = (given or self.honorific_salutation(honorific) or self.general_salutation).strip()
        return text if text[-1:] in ",:;!." else text + self.salutation_mark

    @cached_property
    def general_salutation(self) -> str:
        """How a letter opens when nothing is known of its recipient."""
        return self.word("salutation when nothing is known of the recipient")

    def honorific_salutation(self, honorific: str | None) -> str | None:
        """How to open a letter to someone of this *honorific* (``His Excellency``), if known."""
        concept = _concept(honorific)
        return self.word(f"salutation for someone addressed as {concept}") if concept else None

    def closing_address(
        self, closing: str | None, salutation: str | None, honorific: str | None
    ) -> str:
        """The form of address a closing repeats (French: ``Monsieur le Président``)."""
        if closing:
            return closing
        if salutation:
            return salutation.strip().rstrip(",:;!.").strip()
        concept = _concept(honorific)
        if concept is not None:
            return self.word(f"closing address for someone addressed as {concept}")
        return self.general_salutation

    def opening_paragraph(self, text: str) -> str:
        """The first paragraph after the salutation, its first word as the language writes it.

        German letters go on in lower case after a salutation ending in a comma,
        except for nouns and the formal `Sie`; the catalogue names the words to lower.
        """
        if not self.lower_after_salutation or not text:
            return text
        first = text.split(maxsplit=1)[0].strip(",.;:!?")
        # Only a word written as a sentence begins: not one in capitals (`ICH BIN`).
        if first.casefold() in self.lower_after_salutation and first[1:] == first[1:].lower():
            return text[0].lower() + text[1:]
        return text

    def lead(self, variant: int, position: str, ask: str) -> str:
        """An ask (a clause) in its lead-in: ``I urge you to`` + *ask* + ``.``.

        *position* is ``first``, ``next`` or ``last``.
        """
        use = f"lead-in to the {position} ask, wording {variant % VARIANTS + 1}"
        return self.fill(self.word(use), ask=ask)

    def fill(self, template: str, **values: str) -> str:
        """*template* with its ``{slot}``s filled, the word before each elided as the language does.

        One pass: text put in a slot is never read for slots itself.
        """
        pieces: list[str] = []
        elisions = self.elisions
        for text, last_word, slot in _parsed(template):
            if not slot:
                pieces.append(text)
                continue
            value = values[slot]
            if last_word in elisions and self._starts_with_vowel(value):
                text = text[: -len(last_word) - 1] + elisions[last_word]
            article, _, rest = value.partition(" ")
            contracted = self.contractions.get((last_word, article.casefold()))
            if contracted and rest and article[:1].isupper():  # a name: `Le Havre`, not `le`
                text, value = text[: -len(last_word) - 1] + contracted + " ", rest
            pieces += (text, value)
        return "".join(pieces)

    def _starts_with_vowel(self, text: str) -> bool:
        if _VOWEL_START.match(text):
            return True
        if text[:1] not in "hH":
            return False
        return not text[:20].casefold().startswith(self.aspirated_h)

    def closing_line(self, variant: int) -> str:
        """The line before the sign-off of an appeal, inviting a reply."""
        return self.word(f"before the sign-off of an appeal, wording {variant % CLOSINGS + 1}")

    def sign_off(self, variant: int, address: str) -> str:
        """The sign-off, with the form of address where the language repeats it (French)."""
        use = (
            f"sign-off, wording {variant % CLOSINGS + 1}; {{address}} is the salutation's "
            "form of address"
        )
        return self.fill(self.word(use), address=address)

    def date(self, date: dt.date) -> str:
        """The date as a letter in this language writes it: ``25 November 2026``."""
        if self.language == "en":
            # Day, month, year reads right on both sides of the Atlantic; no locale data needed.
            return f"{date.day} {_ENGLISH_MONTHS[date.month - 1]} {date.year}"
        written = _babel_date(date, self.language.replace("-", "_"))
        first = self.word("setting: the first day of a month, as a date writes it")
        if date.day == 1 and first != NONE:
            written = re.sub(r"\b1\b", first, written, count=1)
        return written

    def label(self, what: str) -> str:
        """A label of the fax cover: ``the recipient`` (``To:``), ``the pages`` (``Pages:``)."""
        return self.word(f"a label of the fax cover: {what}")

    def said(self, what: str, **values: str) -> str:
        """A sentence of a call script, as spoken in this language, elided where it elides."""
        return self.fill(self.word(f"spoken in a call: {what}"), **values)

    def spoken_ask(self, first: bool, ask: str) -> str:
        """An ask's short form in a call, led in as speech."""
        use = f"spoken in a call: the {'first' if first else 'next'} ask"
        return self.fill(self.word(use), ask=ask)

    def tweet_asks(self, variant: int, asks: list[str]) -> str:
        """The asks of a tweet (their short forms) in a lead-in."""
        first, *middle, last = asks if len(asks) > 1 else [*asks, ""]
        joined = first + "".join(
            self.fill(self.word("a tweet's ask after the first, before the last"), ask=ask)
            for ask in middle
        )
        if last:
            joined += self.fill(self.word("a tweet's last ask, after the others"), ask=last)
        use = f"lead-in to the asks of a tweet, wording {variant % 3 + 1}"
        return self.fill(self.word(use), asks=joined)


@lru_cache(maxsize=256)
def _parsed(template: str) -> list[tuple[str, str, str]]:
    """A frame's word as pieces: text, the word that ends it, and the slot after it.

    The word is kept only where a space follows it: the word a language may elide.
    """
    return [
        (text, text[:-1].rsplit(" ", 1)[-1] if text.endswith(" ") else "", slot)
        for text, slot in _SLOTS.findall(template + "{}")
    ]


@lru_cache(maxsize=64)
def _babel_date(date: dt.date, locale: str) -> str:
    """A long date from Babel's locale data: made once for each date of a batch."""
    from babel.dates import format_date

    return format_date(date, format="long", locale=locale)


ENGLISH = Frame("en", gettext.NullTranslations())
"""The frame in the catalogues' own language, and of messages in a language with none."""


@lru_cache(maxsize=1)
def _honorific_pattern() -> re.Pattern[str]:
    # Compiled when first needed: 4 ms, which most commands never spend.
    return re.compile(
        "|".join(f"(?P<{name}>\\b(?:{pattern})\\b)" for name, pattern in HONORIFICS.items()),
        re.IGNORECASE,
    )


def _concept(honorific: str | None) -> str | None:
    """What an honorific calls its bearer (``Excellency``), in whichever of the languages."""
    if not honorific:
        return None
    match = _honorific_pattern().search(honorific)
    return match.lastgroup if match else None
