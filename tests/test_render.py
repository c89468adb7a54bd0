"""Rendered messages: golden files per channel, tweet length, links, and literal text."""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from twitter_text import parse_tweet

from letterkit.cases import load_case
from letterkit.channels.emails import MAILTO_LIMIT
from letterkit.compose import make_draft, make_writer
from letterkit.errors import ChoiceError, NotComposableError, TemplateError
from letterkit.layout import LINE_WIDTH, wrap
from letterkit.message import Notice, NoticeKind
from letterkit.models import Case
from letterkit.render import finish, format_date, render, to_ascii
from letterkit.text import control_character, sentence

from .conftest import FIXTURE_CASES

DAY = dt.date(2026, 11, 25)
ABOUT = "As a nurse in Ottawa, I care for people whatever their sexual orientation."
MARIA = make_writer("Maria Example", ABOUT, "Ottawa, Canada")


@pytest.fixture(scope="module")
def email_case() -> Case:
    return load_case(FIXTURE_CASES / "email-appeal.yaml")


@pytest.mark.parametrize(
    ("channel", "asks"), [("letter", [1, 3, 4]), ("fax", [2, 1]), ("tweet", [1, 2])]
)
def test_bundled_case_golden(
    case: Case, golden: Callable[[str, str], None], channel: str, asks: list[int]
) -> None:
    message = render(make_draft(case, MARIA, asks, channel, None, DAY))
    golden(f"ua-2-19-russia.{channel}.txt", message.text)
    assert message.warnings == []


def test_email_golden_and_link(email_case: Case, golden: Callable[[str, str], None]) -> None:
    message = render(make_draft(email_case, MARIA, [2, 1], "email", "prosecutor", DAY))
    golden("email-appeal.email.txt", message.text)
    assert message.subject == "Testland: Journalist detained"
    assert message.url is not None
    link = urlsplit(message.url)
    assert (link.scheme, unquote(link.path)) == (
        "mailto",
        "prosecutor@example.org,office@example.org",
    )
    query = parse_qs(link.query)
    assert query["cc"] == ["minister@example.org,embassy@example.org"]
    assert query["subject"] == [message.subject]
    body = query["body"][0]
    assert "\r\n" in body
    assert "\n" not in body.replace("\r\n", "")
    assert body.replace("\r\n", "\n") == message.body


def test_a_long_mailto_link_is_warned_about(email_case: Case) -> None:
    writer = make_writer("Maria", "I write as a reader. " * 47, "Ottawa, Ontario, Canada " * 6)
    message = render(make_draft(email_case, writer, [1, 2], "email", "minister", DAY))
    assert message.url is not None
    assert len(message.url) > MAILTO_LIMIT
    assert message.warnings == [
        Notice(
            kind=NoticeKind.LONG_LINK,
            text=f"the mailto: link is {len(message.url):,} characters; mail clients may cut "
            "it past 2,000, so copy the text instead",
        )
    ]


def test_the_letter_fits_one_page_and_its_lines_fit_the_width(case: Case) -> None:
    message = render(make_draft(case, MARIA, [1, 3, 4], "letter", None, DAY))
    assert message.pages == 1
    assert max(len(line) for line in message.text.splitlines()) <= LINE_WIDTH + 8  # the cc line


def test_a_letter_past_one_page_is_warned_about(case: Case) -> None:
    draft = make_draft(case, MARIA, [1, 3, 4], "letter", None, DAY)
    edited = render(draft).text + "I add a paragraph.\n\n" * 10
    message = finish(draft, edited)
    assert message.pages == 2
    assert message.warnings == [
        Notice(
            kind=NoticeKind.PAGES,
            text="the letter runs to 2 pages; keep it to one page: choose fewer asks or "
            "shorten your sentence",
        )
    ]


def test_the_fax_cover_counts_its_pages(case: Case) -> None:
    message = render(make_draft(case, MARIA, [1, 2], "fax", None, DAY))
    assert "Fax:    011 7 495 910-21-34\n" in message.text
    assert "Pages:  1 (including this one)\n" in message.text


def test_the_tweet_carries_handles_and_short_asks_and_its_link(case: Case) -> None:
    message = render(
        make_draft(case, make_writer("M", "I am a nurse."), [2, 4], "tweet", None, DAY)
    )
    assert message.text == (
        "@KremlinRussia @KremlinRussia_E I am a nurse. I urge you to bring anyone guilty or "
        "complicit in these crimes to justice and condemn homophobic comments made by officials."
    )
    assert message.weighted_length == len(message.text)
    assert [tweet.text for tweet in message.tweets] == [message.text]
    assert message.url == "https://twitter.com/intent/tweet?text=" + message.text.replace(
        "@", "%40"
    ).replace(" ", "%20")


def _tweets_or_error(case: Case, about: str) -> tuple[list[str], str | None]:
    writer = make_writer("M", about)
    try:
        message = render(make_draft(case, writer, [2, 4], "tweet", None, DAY))
    except NotComposableError as error:
        return [], str(error)
    return [tweet.text for tweet in message.tweets], None


HANDLES = "@KremlinRussia @KremlinRussia_E"
ASK_2 = "bring anyone guilty or complicit in these crimes to justice"
ASK_4 = "condemn homophobic comments made by officials"
BOTH = f"{HANDLES} {{}}. I urge you to {ASK_2} and {ASK_4}."
ONLY_2 = f"{HANDLES} {{}}. I urge you to {ASK_2}."
ONLY_4 = f"{HANDLES} {{}}. I urge you to {ASK_4}."


@given(st.integers(min_value=1, max_value=150))
def test_cjk_and_emoji_weigh_two(count: int) -> None:
    """The weights come from Twitter's rules, not from the library under test."""
    case = load_case(FIXTURE_CASES.parent.parent / "cases" / "ua-2-19-russia.yaml")
    for unit in ("国", "😀"):
        tweets, error = _tweets_or_error(case, unit * count)
        both, only_2 = (len(form.format("")) + 2 * count for form in (BOTH, ONLY_2))
        # A thread: the first tweet with the sentence and its number, then the rest alone.
        first, rest = only_2 + len(" 1/2"), len(f"{HANDLES} I urge you to {ASK_4}. 2/2")
        if both <= 280:
            assert [parse_tweet(tweet).weightedLength for tweet in tweets] == [both]
        elif first <= 280:
            assert [parse_tweet(tweet).weightedLength for tweet in tweets] == [first, rest]
            assert [tweet[-4:] for tweet in tweets] == [" 1/2", " 2/2"]
        else:
            assert error is not None
            assert (
                f"the tweet is {first} characters as Twitter counts them, "
                f"{first - 280} over 280" in error
            )


@given(st.text(min_size=1, max_size=300))
def test_any_tweet_that_is_made_is_within_the_limit(about: str) -> None:
    case = load_case(FIXTURE_CASES.parent.parent / "cases" / "ua-2-19-russia.yaml")
    try:
        writer = make_writer("M", about)
    except ChoiceError:
        return  # blank after cleaning: refused by the writer checks, tested elsewhere
    draft = make_draft(case, writer, [2, 4], "tweet", None, DAY)
    alone = f"{HANDLES} {sentence(writer.about)} I urge you to {ASK_2}."
    alone_weight = parse_tweet(" ".join(alone.split())).weightedLength
    try:
        message = render(draft)
    except NotComposableError as error:
        refused = str(error)
    else:
        refused = ""
    if refused:  # not even the longer ask fits beside the sentence and a thread's number
        assert alone_weight + len(" 1/2") > 280
        assert f" {alone_weight + len(' 1/2') - 280} over 280: " in refused
        return
    assert 1 <= len(message.tweets) <= 2
    for tweet in message.tweets:
        assert tweet.text == unicodedata.normalize("NFC", tweet.text)
        assert tweet.weighted_length == parse_tweet(tweet.text).weightedLength <= 280
    assert message.weighted_length == max(tweet.weighted_length for tweet in message.tweets)


writer_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=80
).filter(lambda text: text.strip() != "")


@given(name=writer_text, about=writer_text, place=writer_text)
def test_writer_text_is_rendered_literally(name: str, about: str, place: str) -> None:
    case = load_case(FIXTURE_CASES.parent.parent / "cases" / "ua-2-19-russia.yaml")
    try:
        writer = make_writer(name, about, place)
    except ChoiceError:
        return
    message = render(make_draft(case, writer, [1, 2], "letter", None, DAY))
    assert control_character(message.text.replace("\n", "")) is None
    flat = " ".join(message.text.split())
    # The writer's sentence ends with a stop where a `,`, `;` or `:` was left.
    for text in (writer.name, writer.about.rstrip(" ,;:"), *writer.address_lines):
        assert " ".join(text.split()) in flat


@pytest.mark.parametrize(
    "about",
    [
        "{{ 7*7 }}",
        "{% for x in range(3) %}x{% endfor %}",
        "[bold red]loud[/bold red]",
        "{{ ''.__class__.__mro__ }}",
        "{# comment #}",
    ],
)
def test_template_syntax_in_writer_text_stays_text(case: Case, about: str) -> None:
    message = render(make_draft(case, make_writer("M", about), [1, 2], "letter", None, DAY))
    assert about in message.text


def test_a_case_can_bring_its_own_sandboxed_template(tmp_path: Path, case: Case) -> None:
    source = (FIXTURE_CASES.parent.parent / "cases" / "ua-2-19-russia.yaml").read_text()
    (tmp_path / "case.yaml").write_text(source + "templates:\n  letter: mine.j2\n")
    (tmp_path / "mine.j2").write_text("{{ recipient.salutation }}: {{ asks | length }} asks\n")
    own = load_case(tmp_path / "case.yaml")
    message = render(make_draft(own, MARIA, [1, 2], "letter", None, DAY))
    assert message.text == "Dear President Putin: 2 asks\n"

    (tmp_path / "mine.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(TemplateError, match=r"template mine\.j2: access to attribute"):
        render(make_draft(own, MARIA, [1, 2], "letter", None, DAY))

    (tmp_path / "mine.j2").write_text("line one\n{% if %}\n")
    with pytest.raises(TemplateError, match=r"mine.j2:2: template error"):
        render(make_draft(own, MARIA, [1, 2], "letter", None, DAY))


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "25 November 2026"),
        ("fr", "25 novembre 2026"),
        ("de", "25. November 2026"),
        ("ru", "25 ноября 2026\u202fг."),
        ("zz", "2026-11-25"),
    ],
)
def test_dates_are_written_in_the_letters_language(language: str, written: str) -> None:
    assert format_date(DAY, language) == written


@given(
    st.lists(
        st.text(st.characters(exclude_categories=["Z", "Cc", "Cs"]), min_size=1, max_size=90),
        min_size=1,
        max_size=40,
    )
)
def test_wrapping_matches_textwrap(words: list[str]) -> None:
    paragraph = " ".join(words)
    assert wrap(paragraph) == textwrap.fill(
        paragraph, LINE_WIDTH, break_long_words=False, break_on_hyphens=False
    )


def test_ascii_for_fax_gateways_says_what_it_changed(case: Case) -> None:
    writer = make_writer("Мария Иванова", "I’m a nurse — “really”.", "Zürich")
    draft = make_draft(case, writer, [1, 2], "fax", None, DAY)
    message = to_ascii(draft, render(draft))
    assert message.text.isascii()
    assert "From:   Mariia Ivanova, Zurich" in message.text
    assert 'I\'m a nurse -- "really".' in message.text
    assert message.warnings[-1].kind is NoticeKind.ASCII
    assert message.warnings[-1].text.startswith(
        "changed 14 kinds of character to plain ASCII: М → M, "
    )
    plain = make_draft(case, make_writer("Ann", "I am a nurse."), [1, 2], "fax", None, DAY)
    assert to_ascii(plain, render(plain)) == render(plain)  # nothing to change, no warning


def test_call_script_golden(case: Case, golden: Callable[[str, str], None]) -> None:
    writer = make_writer("Maria Example", "I am a nurse", "12 Elm Street, Ottawa, Canada")
    message = render(make_draft(case, writer, [1, 2], "call", None, DAY))
    golden("ua-2-19-russia.call.txt", message.text)
    assert message.to == "darchiev"  # the only official with a phone: the embassy
    assert message.url == "tel:+16132354341"
    assert message.seconds is not None
    assert 0 < message.seconds < 60
    assert message.notes == [
        Notice(
            kind=NoticeKind.SEND,
            text="Call 1 (613) 235-4341 or 1 (613) 236-1413; read the script calmly, and be "
            "polite if cut short.",
        )
    ]


def test_a_call_script_over_a_minute_is_refused(case: Case) -> None:
    writer = make_writer("M", "I have long cared about the rights of people everywhere. " * 15)
    with pytest.raises(NotComposableError, match=r"takes about \d+ seconds to say; keep it under"):
        render(make_draft(case, writer, [1, 2, 3], "call", None, DAY))


def test_an_official_without_a_phone_cannot_be_called(case: Case) -> None:

    with pytest.raises(
        ChoiceError,
        match="the case gives Vladimir Putin no phone number; "
        "they can be reached by letter, fax, tweet",
    ):
        make_draft(case, MARIA, [1, 2], "call", "putin", DAY)
