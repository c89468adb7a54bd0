"""What ``validate`` checks across a case's fields, once each field is valid on its own.

A field's own rules live with the models (:mod:`letterkit.models`); the rules here
need several fields at once: a concern or a model letter to say what the case is
about, a short form for each ask where a tweet or a call says it, every language's
texts complete. Each finding names the field it is about as a path (``asks``,
``items``, ``2``, ``short``), which :mod:`letterkit.cases` turns into the file's
line and column. Errors make a case unusable; warnings are advice for its author.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from letterkit.errors import Severity
from letterkit.models import Ask, Case, Channel, Kind, contact_field
from letterkit.text import counted

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a case, or worth its author's look: where, and what."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR


def check_case(
    case: Case, *, advice: bool = True, removed: frozenset[str] | None = None
) -> list[Finding]:
    """Every error in *case*, then, with *advice*, every warning for its author.

    Commands that only use a case skip the advice: its author is not there to read it.
    A case whose wrong values were taken out (*removed*: the case's keys that lost
    one) gets only what it leaves out on its own, a concern or short forms, and only
    where nothing taken out bears on it; the rest waits until the values are right.
    """
    if removed is not None:
        found: list[Finding] = []
        if not removed & {"concern", "model_letter"}:
            found += _concern(case)
        if not removed & {"model_letter", "asks", "kind", "channels"}:
            found += _requests(case)
        if not removed & {"asks", "channels", "targets", "copies", "supplied", "translations"}:
            found += _short_forms(case)
        if not removed & {"postage_from", "dialled_from"}:
            found += _countries(case)
        return found
    errors = [
        *_channels_usable(case),
        *_what_it_is_about(case),
        *_short_forms(case),
        *_translations(case),
    ]
    if not advice:
        return errors
    return [
        *errors,
        *_countries(case),
        *_salutations(case),
        *_pasted_asks(case),
        *_frames(case),
        *_subjects(case),
    ]


def _channels_usable(case: Case) -> Iterator[Finding]:
    """A listed channel that no official can be reached by."""
    if not case.targets and not case.supplied:
        yield Finding(
            ("targets",),
            "is required: the officials to write to, or `supplied` recipients each writer names "
            "(`your member of parliament`)",
        )
    for number, channel in enumerate(case.channels):
        if not case.reaches(channel):
            yield Finding(
                ("channels", number),
                f"no official in the case has {_a(contact_field(channel))}: give one, or leave "
                f"{channel} out",
            )


def _countries(case: Case) -> Iterator[Finding]:
    """The countries a case's postage and numbers are from, known by name.

    An error, but checked with the advice (by `validate`, `new` and `cases add`):
    knowing every country's name in five languages loads CLDR, a tenth of a
    second's start-up for every command that reads the case. A command that only
    uses a case gives no price for an unknown country, and dials as from anywhere.
    """
    from letterkit.countries import country_code

    for name in ("postage_from", "dialled_from"):
        country = getattr(case, name)
        if country is not None and country_code(country) is None:
            yield Finding(
                (name,),
                f"`{country}` is not a country letterkit knows; write its name, e.g. `Canada`",
            )


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _what_it_is_about(case: Case) -> Iterator[Finding]:
    yield from _concern(case)
    yield from _requests(case)


def _concern(case: Case) -> Iterator[Finding]:
    if case.concern is None and case.model_letter is None:
        yield Finding(
            ("concern",),
            "is required unless the case gives a model_letter: a sentence or two on what "
            "the case is about, which every message says after the writer's sentence",
        )


def _requests(case: Case) -> Iterator[Finding]:
    if Channel.TWEET in case.channels and case.asks is None:
        yield Finding(
            ("channels",),
            "a tweet says the chosen asks in a few words, and this case has no asks: give "
            "asks with a `short` form each, or leave tweet out",
        )
    if case.kind is Kind.APPEAL and case.asks is None and case.model_letter is None:
        yield Finding(
            ("asks",),
            "an appeal needs asks for writers to choose, or a model_letter that makes its requests",
        )


def _short_channels(case: Case) -> list[str]:
    """The channels that say each ask in a few words: tweets and calls."""
    return [str(one) for one in case.accepted_channels if one in (Channel.TWEET, Channel.CALL)]


def _short_forms(case: Case) -> Iterator[Finding]:
    channels = _short_channels(case)
    if not channels:
        return
    offered = " and ".join(f"{one}s" for one in channels)
    for location, _language, asks in _ask_lists(case):
        for number, ask in enumerate(asks):
            if ask.short is None:
                yield Finding(
                    (*location, number),
                    f"gives no `short`: the case offers {offered}, which say each ask in a few "
                    "words (200 characters at most)",
                )


def _ask_lists(case: Case) -> Iterator[tuple[Location, str, list[Ask]]]:
    """Each list of asks the case gives, where it is and its language: its own, then others."""
    if case.asks is not None:
        yield ("asks", "items"), case.language_of_letters, case.asks.items
    for language, translation in case.translations.items():
        if translation.asks is not None:
            yield ("translations", language, "asks"), language, translation.asks


def _translations(case: Case) -> Iterator[Finding]:
    ids = [one.id for one in case.officials] + [one.id for one in case.supplied]
    for language, translation in case.translations.items():
        where: Location = ("translations", language)
        if language.casefold() == case.language_of_letters.casefold():
            yield Finding(
                where,
                f"`{language}` is the case's own language of letters: its texts are the "
                "case's own fields",
            )
        if translation.concern is None and translation.model_letter is None:
            yield Finding(
                (*where, "concern"),
                f"is required unless the {language} texts give a model_letter: what the "
                "case is about, said in every message",
            )
        if case.asks is None and translation.asks is not None:
            yield Finding((*where, "asks"), "the case has no asks for these to translate")
        elif case.asks is not None:
            count = len(case.asks.items)
            if translation.asks is None:
                yield Finding(
                    where,
                    f"gives no asks: give the case's {count} asks in {language}, in the same order",
                )
            elif len(translation.asks) != count:
                yield Finding(
                    (*where, "asks"),
                    f"gives {counted(len(translation.asks), 'ask')}; the case has {count}: give "
                    "each, in the same order",
                )
        for official in translation.officials:
            if official not in ids:
                yield Finding(
                    (*where, "officials", official),
                    f"no official `{official}` in this case; its officials are {', '.join(ids)}",
                )


def _salutations(case: Case) -> Iterator[Finding]:
    """A salutation ending in a mark no letter ends one with: pasted, not meant."""
    for group in ("targets", "copies"):
        for number, official in enumerate(getattr(case, group)):
            mark = (official.salutation or "").rstrip()[-1:]
            if mark in (";", ".", "!", "?"):
                yield Finding(
                    (group, number, "salutation"),
                    f"ends with `{mark}`, which the letter would print as written: leave it "
                    "out, and the letter ends the salutation as its language does",
                    Severity.WARNING,
                )


def _pasted_asks(case: Case) -> Iterator[Finding]:
    """Asks that end as an item of a pasted list does: `;`, `,` or `and`."""
    from letterkit.frames import ENGLISH, frame_for  # advice only: `validate`

    for location, language, asks in _ask_lists(case):
        conjunction = (frame_for(language) or ENGLISH).conjunction
        for number, ask in enumerate(asks):
            text = ask.text.rstrip()
            ending = next(
                (end for end in (";", ",", ":") if text.endswith(end)),
                conjunction if text.casefold().endswith(" " + conjunction.casefold()) else None,
            )
            if ending is not None:
                yield Finding(
                    (*location, number, "text"),
                    f"ends with `{ending}`, as an item of a pasted list does: letters leave it "
                    "out, but the case should too",
                    Severity.WARNING,
                )


def _frames(case: Case) -> Iterator[Finding]:
    """Languages letterkit has no frame for, where the case's own templates do not stand in."""
    from letterkit.frames import frame_for

    for language in case.letter_languages:
        if frame_for(language) is not None:
            continue
        where: Location = (
            ("translations", language)
            if language in case.translations
            else ("letter_language",)
            if case.letter_language
            else ("language",)
        )
        framed = [
            str(channel)
            for channel in case.accepted_channels
            if _template_for(case, channel) is None
        ]
        if not case.templates:
            yield Finding(
                where,
                f"letterkit has no frame for `{language}` and the case has no templates of "
                "its own: its messages would be framed in English (a catalogue adds a "
                "language; see the README)",
                Severity.WARNING,
            )
        elif framed:
            yield Finding(
                ("templates",),
                f"the case's own templates leave {', '.join(framed)} to letterkit's frame, "
                f"which has no `{language}`: those are framed in English",
                Severity.WARNING,
            )


def _template_for(case: Case, channel: Channel) -> str | None:
    """The case's own template that words *channel*: a fax's letter is the letter's."""
    if channel is Channel.FAX:
        return case.templates.get(Channel.LETTER)
    return case.templates.get(channel)


def _subjects(case: Case) -> Iterator[Finding]:
    """A subject line in another language than the letter it heads."""
    if case.subject is None and case.language.casefold() != case.language_of_letters.casefold():
        yield Finding(
            ("title",),
            f"is in `{case.language}` (the file's language) and heads letters in "
            f"`{case.language_of_letters}`: give them a `subject` in "
            f"`{case.language_of_letters}`",
            Severity.WARNING,
        )
    else:
        subject_key = "subject" if case.subject is not None else "title"
        yield from _guessed((subject_key,), case.subject or case.title, case.language_of_letters)
    for language, translation in case.translations.items():
        text = translation.subject or translation.title
        if text is None:
            yield Finding(
                ("translations", language),
                f"gives no subject or title: letters in `{language}` would be headed in "
                f"`{case.language_of_letters}`",
                Severity.WARNING,
            )
        else:
            key = "subject" if translation.subject else "title"
            yield from _guessed(("translations", language, key), text, language)


def _guessed(location: Location, text: str, language: str) -> Iterator[Finding]:
    from letterkit.language_guess import guess_language

    guessed = guess_language(text, language)
    if guessed is not None:
        yield Finding(
            location,
            f"reads as `{guessed}`, not `{language}`, the language of the letters it heads",
            Severity.WARNING,
        )
