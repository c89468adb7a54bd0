"""Postage as case files write it, and the totals a batch's organiser buys."""

from __future__ import annotations

import pytest

from letterkit.postage import postage_total


@pytest.mark.parametrize(
    ("postage", "count", "total"),
    [
        ("$2.65", 3, "$7.95"),
        ("$.90", 1, "$0.90"),
        ("€1,10", 2, "€2,20"),
        ("1.10 EUR", 1000, "1,100.00 EUR"),
        ("CA$2.65", 100_000, "CA$265,000.00"),
    ],
)
def test_postage_adds_up_as_the_case_writes_it(postage: str, count: int, total: str) -> None:
    assert postage_total(postage, count) == total
