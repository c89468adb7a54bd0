"""The writer's choices are checked against the case, each error naming its option."""

from __future__ import annotations

import datetime as dt

import pytest

from letterkit.cases import load_case
from letterkit.compose import (
    choose_asks,
    choose_channel,
    choose_recipient,
    make_draft,
    make_writer,
    parse_ask_numbers,
)
from letterkit.errors import ChoiceError
from letterkit.models import Case, Channel

from .conftest import FIXTURE_CASES


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [("1 3", [1, 3]), ("1,3", [1, 3]), ("1;3", [1, 3]), (" 3 , 1 ", [3, 1]), ("", [])],
)
def test_ask_numbers_are_read_as_writers_type_them(typed: str, numbers: list[int]) -> None:
    assert parse_ask_numbers(typed) == numbers


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ([1], "asks: choose 2 to 3 asks of the 4; you chose 1"),
        ([1, 2, 3, 4], "asks: choose 2 to 3 asks of the 4; you chose 4"),
        ([1, 5], "asks: there is no ask 5; the asks are 1 to 4"),
        ([0, 1], "asks: there is no ask 0; the asks are 1 to 4"),
        ([2, 2], "asks: ask 2 is chosen more than once"),
    ],
)
def test_wrong_asks_say_what_is_wrong(case: Case, numbers: list[int], message: str) -> None:
    with pytest.raises(ChoiceError) as caught:
        choose_asks(case, numbers)
    assert str(caught.value) == message
    assert caught.value.field == "asks"


def test_asks_keep_the_order_chosen(case: Case) -> None:
    assert [ask.short for ask in choose_asks(case, [3, 1])] == [
        case.asks.items[2].short,
        case.asks.items[0].short,
    ]


def test_not_a_number() -> None:
    with pytest.raises(ChoiceError, match="`two` is not an ask number"):
        parse_ask_numbers("1 two")


def test_channels_are_those_the_case_accepts(case: Case) -> None:
    assert choose_channel(case, "Letter") is Channel.LETTER
    with pytest.raises(ChoiceError, match="this case does not take emails; it accepts tweet"):
        choose_channel(case, "email")
    with pytest.raises(ChoiceError, match="no channel `pigeon`"):
        choose_channel(case, "pigeon")
    with pytest.raises(ChoiceError, match="channel: choose how to send it: tweet, fax, letter"):
        choose_channel(case, None)


def test_the_only_target_is_chosen_and_others_may_be_named(case: Case) -> None:
    assert choose_recipient(case, None, Channel.LETTER).id == "putin"
    assert choose_recipient(case, "Darchiev", Channel.FAX).id == "darchiev"
    with pytest.raises(ChoiceError) as caught:
        choose_recipient(case, "medvedev", Channel.LETTER)
    assert str(caught.value) == (
        "to: no official `medvedev` in this case; choose from putin (target), "
        "darchiev (copy), bastrykin (copy), all (one each)"
    )


def test_a_channel_the_official_cannot_receive_names_those_they_can(case: Case) -> None:
    with pytest.raises(ChoiceError) as caught:
        choose_recipient(case, "bastrykin", Channel.TWEET)
    assert str(caught.value) == (
        "to: the case gives Aleksandr Bastrykin no Twitter handle; "
        "they can be reached by letter, fax"
    )


def test_several_targets_need_a_choice() -> None:
    fixture = load_case(FIXTURE_CASES / "email-appeal.yaml")
    with pytest.raises(ChoiceError, match="to: choose whom to write to: minister, prosecutor"):
        choose_recipient(fixture, None, Channel.EMAIL)
    assert choose_recipient(fixture, None, Channel.TWEET).id == "minister"


@pytest.mark.parametrize(
    ("name", "about", "message"),
    [
        ("", "I am a nurse.", "name: your name is required"),
        ("Maria", "   \n\t ", "about: your sentence about yourself is required"),
        ("M" * 301, "x", "name: your name is 301 characters; 300 at most"),
    ],
)
def test_writer_text_is_required_and_bounded(name: str, about: str, message: str) -> None:
    with pytest.raises(ChoiceError) as caught:
        make_writer(name, about)
    assert str(caught.value) == message


def test_writer_text_is_made_plain() -> None:
    writer = make_writer("  Maria\x1b[31m  Example ", "I am\r\na nurse.\u202e", "\n Ottawa ")
    assert (writer.name, writer.about, writer.place) == (
        "Maria Example",
        "I am a nurse.",
        "Ottawa",
    )
    assert make_writer("M", "A", "  ").place is None


def test_a_draft_copies_every_other_official(case: Case) -> None:
    writer = make_writer("Maria", "I am a nurse.")
    draft = make_draft(case, writer, [1, 2], "fax", "bastrykin", dt.date(2026, 11, 25))
    assert draft.recipient.id == "bastrykin"
    assert [one.id for one in draft.copies] == ["putin", "darchiev"]


def test_an_ask_number_of_thousands_of_digits_is_one_error(case: Case) -> None:
    with pytest.raises(ChoiceError, match=r"asks: there is no ask 999999999999…"):
        parse_ask_numbers("9" * 5000)
