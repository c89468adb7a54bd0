"""The questions compose asks: numbered, checked, asked again, and literal."""

from __future__ import annotations

import io

import pytest

from letterkit.cli.consoles import plain_console
from letterkit.cli.prompts import InputEndedError, Questions
from letterkit.compose import check_name, parse_ask_numbers


def questions(answers: str) -> tuple[Questions, io.StringIO]:
    shown = io.StringIO()
    console = plain_console()
    console.file = shown
    return Questions(console, io.StringIO(answers)), shown


def test_a_wrong_answer_is_explained_and_asked_again_under_its_number() -> None:
    asking, shown = questions("one three\n1 3\n")
    assert asking.ask("Your asks", parse_ask_numbers, "asks") == [1, 3]
    assert shown.getvalue() == (
        "1. Your asks: "
        "   `one` is not an ask number; type numbers like 1 3. Please try again.\n"
        "1. Your asks: "
    )


def test_questions_are_numbered_in_turn_and_a_number_can_be_kept() -> None:
    asking, shown = questions("Ann\nBob\nCy\n")
    asking.ask("Name", check_name, "name")
    asking.ask("Name", check_name, "name")
    asking.ask("Name", check_name, "name", number=1)
    assert shown.getvalue() == "1. Name: 2. Name: 1. Name: "
    assert asking.count == 2


def test_a_default_is_shown_and_taken_on_enter() -> None:
    asking, shown = questions("\n")
    assert asking.ask("File name", str.strip, "output", default="letter.txt") == "letter.txt"
    assert shown.getvalue() == "1. File name (letter.txt): "


def test_input_ending_names_the_option_to_pass() -> None:
    asking, _ = questions("")
    with pytest.raises(InputEndedError) as ended:
        asking.ask("Your asks, by number", parse_ask_numbers, "asks")
    assert ended.value.field == "asks"
    assert (
        ended.value.detail == 'input ended before "Your asks, by number" was answered; pass --ask'
    )


@pytest.mark.parametrize(
    ("answers", "default", "expected"),
    [("y\n", False, True), ("yes\n", False, True), ("NO\n", True, False), ("\n", True, True)],
)
def test_yes_or_no(answers: str, default: bool, expected: bool) -> None:
    asking, _ = questions(answers)
    assert asking.confirm("Save it?", default=default) is expected


def test_the_end_of_input_is_the_default_answer() -> None:
    asking, _ = questions("")
    assert asking.confirm("Save it?", default=True) is True
    assert asking.confirm("Save it?") is False


def test_text_is_printed_literally() -> None:
    asking, shown = questions("")
    asking.say("[bold]not bold[/bold] :smile: 3.14 https://example.org")
    asking.choices(["[red]one[/red]", ":thumbs_up:"])
    assert shown.getvalue() == (
        "[bold]not bold[/bold] :smile: 3.14 https://example.org\n"
        "   1. [red]one[/red]\n"
        "   2. :thumbs_up:\n"
    )
