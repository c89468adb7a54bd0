"""The frames of letters in each language: catalogues complete, conventions kept.

Catalogues are read here with Babel, as a translator's tools read them, and
compared with what letterkit reads from their compiled form.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from letterkit.frame_words import ENTRIES, catalogue_template
from letterkit.frames import LOCALE, built_in_languages, frame_for
from letterkit.language_guess import guess_language
from letterkit.wording import first_sentence, town_of

CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/letterkit.po"))
LANGUAGES = [path.parts[-3] for path in CATALOGUES]
_SLOT = re.compile(r"\{(\w*)\}")
SOURCED = (
    "setting: the mark after a salutation",
    "sign-off, wording 1; {address} is the salutation's form of address",
)
"""Conventions every catalogue names its source for, beside the entry."""


def _messages(path: Path) -> dict[str, tuple[str, list[str]]]:
    with path.open("rb") as file:
        catalogue = read_po(file, abort_invalid=True)
    return {
        str(message.context): (str(message.string), list(message.user_comments))
        for message in catalogue
        if message.id
    }


def test_the_five_languages_are_built_in() -> None:
    assert built_in_languages() == ("en", "de", "es", "fr", "nl")


@pytest.mark.parametrize("path", CATALOGUES, ids=LANGUAGES)
def test_each_catalogue_words_every_entry_and_keeps_its_slots(path: Path) -> None:
    messages = _messages(path)
    assert set(messages) <= set(ENTRIES), "a catalogue entry letterkit does not use"
    if "_" not in path.parts[-3]:  # a region's catalogue holds only what differs
        assert set(messages) == set(ENTRIES)
    for use, (text, _) in messages.items():
        assert text, f"{use}: not translated"
        slots, english = set(_SLOT.findall(text)), set(_SLOT.findall(ENTRIES[use]))
        # Every slot the English fills, and only those, or one the use names as optional.
        assert english <= slots <= english | set(_SLOT.findall(use)), use


@pytest.mark.parametrize("path", CATALOGUES, ids=LANGUAGES)
def test_letterkit_reads_each_catalogue_as_written(path: Path) -> None:
    frame = frame_for(path.parts[-3].replace("_", "-"))
    assert frame is not None
    for use, (text, _) in _messages(path).items():
        assert frame.word(use) == text, (
            f"{use}: the compiled catalogue differs from the .po; run `python hatch_build.py`"
        )


@pytest.mark.parametrize("path", CATALOGUES, ids=LANGUAGES)
def test_each_catalogue_names_its_sources(path: Path) -> None:
    messages = _messages(path)
    for use in SOURCED:
        if use in messages:
            assert messages[use][1], f"{use}: no source named beside it"


def test_a_translator_starts_from_a_template_of_every_entry() -> None:
    template = catalogue_template()
    assert template.count("msgctxt") == len(ENTRIES)
    assert 'msgid "I urge you to {ask}."' in template


def test_no_everyday_word_belongs_to_two_languages() -> None:
    for first, second in itertools.combinations(built_in_languages(), 2):
        one, other = frame_for(first), frame_for(second)
        assert one is not None
        assert other is not None
        assert not one.everyday_words & other.everyday_words, (first, second)


@pytest.mark.parametrize(
    ("text", "expected", "guessed"),
    [
        ("I am a nurse in Helsinki", "fr", "en"),
        ("Ich bin Lehrerin aus Köln", "en", "de"),
        ("Ik ben een student uit Utrecht", "de", "nl"),
        ("Je suis infirmière", "fr", None),  # the letter's own
        ("I am a student in Helsinki", "en", None),
        ("Maria", "fr", None),  # too little to tell
        ("Soy estudiante en Madrid", "fr", None),  # one everyday word only
        ("I am a teacher", "ru", None),  # no frame to tell by
        ("I am a teacher", "en-US", None),  # a region of the language
    ],
)
def test_a_sentence_in_another_language_is_told_only_when_clear(
    text: str, expected: str, guessed: str | None
) -> None:
    assert guess_language(text, expected) == guessed


FRENCH = frame_for("fr")
assert FRENCH is not None


@given(st.lists(st.sampled_from(sorted(FRENCH.everyday_words)), min_size=1))
def test_french_words_are_never_taken_for_another_language_in_a_french_letter(
    words: list[str],
) -> None:
    assert guess_language(" ".join(words), "fr") is None


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "25 November 2026"),
        ("en-US", "November 25, 2026"),
        ("fr", "25 novembre 2026"),
        ("de", "25. November 2026"),
        ("es", "25 de noviembre de 2026"),
        ("nl", "25 november 2026"),
    ],
)
def test_dates_as_each_language_writes_them(language: str, date: str) -> None:
    frame = frame_for(language)
    assert frame is not None
    assert frame.date(dt.date(2026, 11, 25)) == date


@pytest.mark.parametrize(
    ("language", "given", "honorific", "salutation"),
    [
        ("en", "Dear Board Members:", None, "Dear Board Members:"),  # its own mark kept
        ("en", "Dear President Putin", None, "Dear President Putin,"),
        ("en-US", "Dear Board Members", None, "Dear Board Members:"),
        ("en", None, "His Excellency", "Your Excellency,"),
        ("fr", None, "Son Excellence", "Excellence,"),
        ("de", None, "Seine Exzellenz", "Exzellenz,"),
        ("es", None, "Excmo. Sr.", "Excelencia:"),
        ("nl", None, "Zijne Excellentie", "Excellentie,"),
        ("fr", None, "Son Altesse", "Monseigneur,"),
        ("es", "Señora ministra", None, "Señora ministra:"),
        ("de", "Sehr geehrte Frau Ministerin,", None, "Sehr geehrte Frau Ministerin,"),
        ("en", None, None, "Dear Sir or Madam,"),
        ("de", None, None, "Sehr geehrte Damen und Herren,"),
    ],
)
def test_a_salutation_as_given_or_from_the_honorific_never_doubly_punctuated(
    language: str, given: str | None, honorific: str | None, salutation: str
) -> None:
    frame = frame_for(language)
    assert frame is not None
    assert frame.salutation(given, honorific) == salutation


def test_german_letters_go_on_in_lower_case_after_the_salutation_but_not_sie() -> None:
    frame = frame_for("de")
    assert frame is not None
    assert frame.opening_paragraph("Ich bin Lehrerin.") == "ich bin Lehrerin."
    assert frame.opening_paragraph("Mit großer Sorge habe ich") == "mit großer Sorge habe ich"
    assert frame.opening_paragraph("Sie haben es in der Hand.") == "Sie haben es in der Hand."
    assert frame.opening_paragraph("Lehrerin bin ich.") == "Lehrerin bin ich."


def test_german_and_dutch_sign_offs_as_each_writes_them() -> None:
    german, dutch = frame_for("de"), frame_for("nl")
    assert german is not None
    assert dutch is not None
    assert german.sign_off(0, "Herr Minister") == "Mit freundlichen Grüßen"  # no comma
    assert {dutch.sign_off(variant, "") for variant in range(3)} >= {
        "Hoogachtend,",
        "Met vriendelijke groet,",
    }


def test_french_closings_repeat_the_form_of_address_and_elide_before_a_vowel() -> None:
    frame = frame_for("fr")
    assert frame is not None
    assert frame.sign_off(0, "Monsieur le Président") == (
        "Je vous prie d'agréer, Monsieur le Président, l'expression de ma très haute considération."
    )
    assert frame.closing_address("Votre Altesse", "Monseigneur", None) == "Votre Altesse"
    assert frame.closing_address(None, "Madame la Ministre,", None) == "Madame la Ministre"
    assert frame.lead(0, "first", "enquêter") == "Je vous demande instamment d'enquêter."
    assert frame.lead(0, "first", "héberger") == "Je vous demande instamment d'héberger."
    assert frame.lead(0, "first", "hausser le ton") == (
        "Je vous demande instamment de hausser le ton."  # an aspirated h: no elision
    )
    assert frame.tweet_asks(0, ["libérer X", "enquêter", "abroger Y"]) == (
        "Je vous demande de libérer X, d'enquêter et d'abroger Y."
    )


def test_a_slot_is_filled_once_whatever_its_value_says() -> None:
    frame = frame_for("fr")
    assert frame is not None
    assert frame.lead(0, "first", "{ask} {address}") == (
        "Je vous demande instamment de {ask} {address}."
    )


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("I am concerned. No one was held.", "I am concerned."),
        (
            "Sie wird seit dem 3. März festgehalten. Zweitens.",
            "Sie wird seit dem 3. März festgehalten.",
        ),
        ("Killings in 2017. No one was held.", "Killings in 2017."),
        ("Mr. Smith was held. Then", "Mr. Smith was held."),
        ("¿Dónde está? Nadie lo sabe.", "¿Dónde está?"),
        ("one sentence", "one sentence"),
    ],
)
def test_the_first_sentence_of_a_concern_as_a_call_says_it(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


@pytest.mark.parametrize(
    ("address", "town"),
    [
        ("12 Elm Street, Ottawa, Canada", "Ottawa"),
        ("Ottawa, Canada", "Ottawa"),
        ("Flat 2, 10 Rue Haute, 75001 Paris", "Paris"),
        ("1 Main St, Springfield, IL 62701", "Springfield"),
        ("Musterstr. 5, 10115 Berlin", "Berlin"),
        ("Helsinki", "Helsinki"),
        ("12345", None),
        ("Flat 2, 5 High Street, Leeds", "Leeds"),
        ("Apt 4B, 221 Baker Street, London", "London"),
        ("12 Elm Street, Ottawa ON K1A 0B1, Canada", "Ottawa"),
        ("Lindenweg 3, 50667 Köln, Deutschland", "Köln"),
        ("5 High Street, Leeds LS1 4DY, UK", "Leeds"),
    ],
)
def test_a_call_names_the_writers_town_not_their_street(address: str, town: str | None) -> None:
    assert town_of([line.strip() for line in address.split(",")]) == town


@given(st.lists(st.text(min_size=1, max_size=30), max_size=5))
def test_a_town_never_holds_a_number(lines: list[str]) -> None:
    town = town_of(lines)
    assert town is None or not any(character.isdecimal() for character in town)


def test_a_sixth_language_is_one_catalogue_and_no_code(tmp_path: Path) -> None:
    """A translator's catalogue, compiled as the build compiles it, frames letters at once.

    letterkit is copied as installed, the catalogue added beside the others, and
    a fresh interpreter asked for the new language's frame: no code is touched.
    """
    import shutil
    import subprocess
    import sys

    from babel.messages.mofile import write_mo

    import letterkit

    package = tmp_path / "letterkit"
    shutil.copytree(Path(letterkit.__file__).parent, package)
    italian = (
        catalogue_template()
        .replace(
            'msgid "Dear Sir or Madam"\nmsgstr ""',
            'msgid "Dear Sir or Madam"\nmsgstr "Gentili Signore e Signori"',
        )
        .replace(
            'msgid "Yours sincerely,"\nmsgstr ""',
            'msgid "Yours sincerely,"\nmsgstr "Distinti saluti"',
        )
    )
    folder = package / "locale" / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "letterkit.po").write_text(italian, encoding="utf-8")
    with (folder / "letterkit.po").open("rb") as po, (folder / "letterkit.mo").open("wb") as mo:
        write_mo(mo, read_po(po))
    script = (
        "import datetime as dt\n"
        "from letterkit.frames import built_in_languages, frame_for\n"
        "frame = frame_for('it')\n"
        "print(built_in_languages())\n"
        "print(frame.salutation(None, None))\n"
        "print(frame.sign_off(0, ''))\n"
        "print(frame.date(dt.date(2026, 11, 25)))\n"
        'print(frame.word("the fax cover\'s heading"))\n'
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
        check=True,
    )
    assert result.stdout.splitlines() == [
        "('en', 'de', 'es', 'fr', 'it', 'nl')",
        "Gentili Signore e Signori,",
        "Distinti saluti",
        "25 novembre 2026",
        "FAX",  # left untranslated: the English word
    ]
