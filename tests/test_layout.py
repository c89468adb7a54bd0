"""The built-in letter laid out in Python is the letter the benchmark's floor renders as a template.

`bench/batch.py` measures letterkit against a floor that renders the same letters
with Jinja2 (`bench/floor_message.txt.j2`); the floor is only a floor while the two
make the same text, byte for byte, for every case, channel, language and writer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterkit.cases import load_case
from letterkit.compose import make_draft, make_writer
from letterkit.errors import ChoiceError, NotComposableError
from letterkit.folders import BUNDLED_CASES
from letterkit.layout import lay_out, wrap
from letterkit.models import Case
from letterkit.render import render, template_context
from letterkit.text import clause, sentence
from letterkit.wording import Wording

from .conftest import FIXTURE_CASES

FLOOR_TEMPLATE = Path(__file__).parents[1] / "bench" / "floor_message.txt.j2"
LAID_OUT = ("letter", "fax", "email", "web")


def _cases() -> list[Case]:
    paths = sorted([*FIXTURE_CASES.glob("*.yaml"), *BUNDLED_CASES.glob("*.yaml")])
    cases = [load_case(path) for path in paths]
    return [
        case
        for case in cases
        if not case.templates and any(one in case.accepted_channels for one in LAID_OUT)
    ]


CASES = _cases()


def _floor_template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FLOOR_TEMPLATE.parent),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text letters
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(wrap=wrap, clause=clause, sentence=sentence)
    return environment.get_template(FLOOR_TEMPLATE.name)


FLOOR = _floor_template()

line = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=120
)


def test_every_case_channel_and_language_is_tried() -> None:
    assert len(CASES) >= 15
    channels = {channel for case in CASES for channel in case.accepted_channels}
    assert set(LAID_OUT) <= channels
    assert {"en", "fr", "de", "es", "nl"} <= {
        language for case in CASES for language in case.letter_languages
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    name=line,
    about=st.text(min_size=1, max_size=400).filter(str.strip),
    place=st.none() | st.lists(line, min_size=1, max_size=5).map("\n".join),
    variant=st.integers(0, 2**32),
)
def test_letterkit_lays_out_the_floors_letter(
    data: st.DataObject, name: str, about: str, place: str | None, variant: int
) -> None:
    case = data.draw(st.sampled_from(CASES))
    channel = data.draw(st.sampled_from([one for one in LAID_OUT if one in case.accepted_channels]))
    language = data.draw(st.sampled_from(case.letter_languages))
    chosen: list[int] = []
    if case.asks is not None:
        count = data.draw(st.integers(case.asks.choose.min, case.asks.choose.max))
        chosen = data.draw(st.permutations(range(1, len(case.asks.items) + 1)))[:count]
    try:
        writer = make_writer(name, about, place)
        draft = make_draft(
            case, writer, chosen, channel, None, dt.date(2026, 11, 25), variant, language=language
        )
    except (ChoiceError, NotComposableError):  # no letter to lay out: nothing to compare
        return
    floor = FLOOR.render(template_context(draft)).strip("\n") + "\n"
    assert lay_out(Wording(draft), draft.writer, draft.channel) == floor


@pytest.mark.parametrize("channel", LAID_OUT)
def test_a_rendered_message_is_the_laid_out_one(channel: str) -> None:
    case = next(one for one in CASES if channel in one.accepted_channels)
    writer = make_writer("Ann Writer", "I teach in Leeds.", "5 High Street\nLeeds LS1 1AA")
    asks = list(range(1, case.asks.choose.min + 1)) if case.asks else []
    draft = make_draft(case, writer, asks, channel, None, dt.date(2026, 11, 25))
    laid_out = lay_out(Wording(draft), writer, draft.channel)
    text = render(draft).text
    if channel in ("letter", "web"):
        assert text == laid_out
    else:  # below a fax's cover; below an email's To: and Cc:
        assert text.endswith(laid_out)
        assert text != laid_out
