"""Letters in the five built-in languages: every channel, composed or from a model letter.

Each golden file under ``golden/languages/`` was read in full, as the official who
receives it would read it. The shapes come from published actions, rewritten with
invented people and places (see ``cases/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from letterkit.cases import load_case
from letterkit.compose import make_draft, make_drafts, make_writer
from letterkit.message import Message
from letterkit.models import Case
from letterkit.render import render

from .conftest import FIXTURE_CASES

DAY = dt.date(2026, 11, 25)
LANGUAGES = ("en", "fr", "de", "es", "nl")
CHANNELS = ("letter", "fax", "email", "tweet", "call")
ABOUT = {
    "en": "I teach history at a secondary school in Springfield",
    "fr": "J'enseigne l'histoire dans un lycée de Springfield",
    "de": "Ich unterrichte Geschichte an einem Gymnasium in Springfield",
    "es": "Enseño historia en un instituto de Springfield",
    "nl": "Ik geef geschiedenis op een middelbare school in Springfield",
}
PLACE = "12 Main Street, Springfield"


def _case(name: str) -> Case:
    return load_case(FIXTURE_CASES / f"{name}.yaml")


def _text(messages: list[Message]) -> str:
    return "\n".join(message.text for message in messages)


@pytest.mark.parametrize("form", ["five-languages", "five-languages-model"])
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_on_each_channel(
    form: str, channel: str, language: str, golden: Callable[[str, str], None]
) -> None:
    case = _case(form)
    writer = make_writer("Sam Writer", ABOUT[language], PLACE)
    asks = [1, 2] if channel in ("tweet", "call") else [1, 2, 3][: case.asks.choose.max]  # type: ignore[union-attr]
    draft = make_draft(case, writer, asks, channel, None, DAY, language=language)
    message = render(draft)
    assert message.language == language
    assert [str(one) for one in message.warnings] == []
    golden(f"languages/{form}.{language}.{channel}.txt", message.text)


@pytest.mark.parametrize(
    ("name", "choices", "golden_name"),
    [
        ("de-musterbrief", {"channel": "letter", "to": "innenminister"}, "de-musterbrief.letter"),
        ("de-musterbrief", {"channel": "email", "to": "all"}, "de-musterbrief.email"),
        ("fr-lettre-type", {"channel": "letter", "to": "prince", "asks": [1, 2]}, "fr-lettre-type"),
        ("nl-en-voorbeeldbrief", {"channel": "letter", "asks": [1, 2], "language": "nl"}, "nl.nl"),
        ("nl-en-voorbeeldbrief", {"channel": "email", "asks": [2]}, "nl.en"),
        ("us-sample-letter", {"channel": "letter"}, "us-sample-letter"),
        ("thanks-mps", {"channel": "email", "to": "all"}, "thanks-mps"),
    ],
)
def test_each_shape_of_published_action(
    name: str, choices: dict[str, object], golden_name: str, golden: Callable[[str, str], None]
) -> None:
    case = _case(name)
    language = str(choices.get("language") or case.language_of_letters)
    about = {
        "de": "Ich bin Lehrerin in Köln",
        "fr": "Je suis bibliothécaire à Lyon",
        "nl": "Ik studeer rechten in Utrecht",
    }.get(language, "I am a retired nurse and have written for prisoners since 1990")
    writer = make_writer("Sam Writer", about, PLACE)
    drafts = make_drafts(
        case,
        writer,
        choices.get("asks", []),  # type: ignore[arg-type]
        str(choices["channel"]),
        choices.get("to"),  # type: ignore[arg-type]
        DAY,
        language=language,
    )
    golden(f"languages/{golden_name}.txt", _text([render(draft) for draft in drafts]))
