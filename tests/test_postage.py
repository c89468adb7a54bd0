"""Postage as case files write it, and the totals a batch's organiser buys."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letterkit.postage import parse_rate, totals_by_currency


@pytest.mark.parametrize(
    ("written", "amount", "currency", "note"),
    [
        ("$2.65", "2.65", "$", None),
        ("$.90", "0.90", "$", None),
        ("€1.10", "1.10", "EUR", None),
        ("1,10 €", "1.10", "EUR", None),
        ("CHF 2.00", "2.00", "CHF", None),
        ("Fr. 2.00", "2.00", "CHF", None),
        ("2.00 CHF", "2.00", "CHF", None),
        ("£1.70", "1.70", "GBP", None),
        ("CA$2.65", "2.65", "CAD", None),
        ("€1.96 (Europe)", "1.96", "EUR", "Europe"),
        ("CHF 2.00 (courrier A)", "2.00", "CHF", "courrier A"),
    ],
)
def test_postage_in_the_forms_people_write(
    written: str, amount: str, currency: str, note: str | None
) -> None:
    rate = parse_rate(written)
    assert (rate.amount, rate.currency_key, rate.note) == (Decimal(amount), currency, note)
    assert str(rate) == written


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("lots", "postage is an amount with its currency"),
        ("2.65", "postage is an amount with its currency"),
        (
            "$2.65 first class",
            "`first class` is not part of an amount: put a class or zone in parentheses, "
            "e.g. `$2.65 (first class)`",
        ),
    ],
)
def test_postage_that_is_not_an_amount_says_how_to_write_it(written: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        parse_rate(written)


@pytest.mark.parametrize(
    ("postage", "count", "total"),
    [
        ("$2.65", 3, "$7.95"),
        ("$.90", 1, "$0.90"),
        ("€1,10", 2, "€2,20"),
        ("1,10 €", 3, "3,30 €"),
        ("1.10 EUR", 1000, "1,100.00 EUR"),
        ("CA$2.65", 100_000, "CA$265,000.00"),
        ("Fr. 2.00", 4, "Fr. 8.00"),
        ("CHF 2.00 (courrier A)", 2, "CHF 4.00"),
    ],
)
def test_postage_adds_up_as_the_case_writes_it(postage: str, count: int, total: str) -> None:
    assert parse_rate(postage).times(count) == total


def test_totals_are_per_currency_and_never_mixed() -> None:
    letters = [("CHF 2.00", 3), ("Fr. 1.10", 2), ("€1.10", 1), ("1,10 €", 2), ("$2.65", 1)]
    assert totals_by_currency([(parse_rate(rate), count) for rate, count in letters]) == [
        "CHF 8.20",
        "€3.30",
        "$2.65",
    ]


@given(st.decimals(min_value=0, max_value=100, places=2), st.integers(1, 10_000))
def test_a_total_reads_back_as_the_amount_it_is(amount: Decimal, count: int) -> None:
    for written in (f"€{amount}", f"{str(amount).replace('.', ',')} €", f"CHF {amount}"):
        total = parse_rate(written).times(count)
        assert parse_rate(total).amount == amount * count
