"""The case models: what an official's contacts allow, how names and addresses read."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from letterkit.models import Case, Channel, ChooseRange, Official, Phone, contact_field


def official(**fields: Any) -> Official:
    return Official.model_validate({"id": "minister", **fields})


def test_channels_follow_the_contacts_given() -> None:
    assert official(name="A").channels == []
    full = official(
        name="A",
        address={"lines": ["1 Main Street"]},
        fax="+1 555 0100",
        emails=["a@example.org"],
        twitter=["@a"],
        phones=["+1 555 0101"],
        web="https://example.org/write",
    )
    assert full.channels == list(Channel)
    assert official(name="A", phones=["+1 555 0101"]).channels == [Channel.CALL]


def test_the_address_block_ends_with_the_country_in_capitals() -> None:
    one = official(
        honorific="His Excellency",
        name="Jan Example",
        title="Minister of Justice",
        address={"lines": ["1 Palace Road", "1000 Capital"], "country": "Testland"},
    )
    assert one.address_block == [
        "His Excellency Jan Example",
        "Minister of Justice",
        "1 Palace Road",
        "1000 Capital",
        "TESTLAND",
    ]
    assert one.display_name == "His Excellency Jan Example"
    assert one.name_and_title == "His Excellency Jan Example, Minister of Justice"


def test_a_body_without_a_name_is_known_by_its_title() -> None:
    board = official(title="The Board of Prisons")
    assert board.display_name == "The Board of Prisons"
    assert board.name_and_title == "The Board of Prisons"
    assert board.address_block == ["The Board of Prisons"]
    with pytest.raises(ValidationError, match="needs a name, a title or both"):
        official()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Jan\x1b[31m", r"control character U\+001B"),
        ("name", "Jan\nExample", r"holds a line break \(U\+000A\)"),
        ("name", "Jan\u2028Example", r"holds a line break \(U\+2028\)"),
        ("title", "=?utf-8?q?Hi?=", "which mail programs read as encoded header text"),
        ("twitter", ["@not a handle"], "Twitter handle is @ and 1 to 15"),
        ("fax", "call me", "phone or fax number is digits"),
        ("emails", ["not-an-email"], "email address"),
        ("postage", "2.65", "postage is an amount with its currency"),
        ("surname", "Example", "Extra inputs are not permitted"),
    ],
)
def test_each_field_refuses_what_it_cannot_hold(field: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        official(**{"name": "Jan", field: value})


def test_handles_and_phones_as_case_authors_write_them() -> None:
    one = official(
        name="A",
        twitter=["KremlinRussia"],
        phones=["+7 495 910 2134", {"number": "1 2 3", "note": "Chinese only"}],
    )
    assert one.twitter == ["@KremlinRussia"]
    assert one.phones == [
        Phone(number="+7 495 910 2134"),
        Phone(number="1 2 3", note="Chinese only"),
    ]


def test_choose_range_in_words() -> None:
    assert ChooseRange(min=2, max=3).span == "2 to 3"
    assert ChooseRange(min=2, max=2).span == "2"


def test_a_call_is_offered_wherever_a_phone_is_given(case: Case) -> None:
    assert case.channels == [Channel.TWEET, Channel.FAX, Channel.LETTER]
    assert case.accepted_channels == [Channel.TWEET, Channel.FAX, Channel.LETTER, Channel.CALL]
    assert [one.id for one in case.officials] == ["putin", "darchiev", "bastrykin"]
    assert case.official("darchiev") is case.officials[1]
    assert case.official("nobody") is None
    assert case.id == "ua-2-19-russia"
    assert case.language_of_letters == "en"


def test_contact_fields_in_words() -> None:
    assert [contact_field(channel) for channel in Channel] == [
        "postal address",
        "fax number",
        "email address",
        "Twitter handle",
        "phone number",
        "web form",
    ]
