"""Postage as people write it, and the totals a batch's organiser takes to the post office.

A rate is an amount with its currency in any of the forms post offices and
organisations print (``$2.65``, ``€1.10``, ``1,10 €``, ``CHF 2.00``, ``Fr. 2.00``,
``2.00 CHF``, ``£1.70``), with an optional class or zone in parentheses
(``€1.96 (Europe)``, ``CHF 2.00 (courrier A)``). An official may have several,
one per zone. Totals keep the case's way of writing the amount, and
amounts in different currencies are never added up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

_RATE = re.compile(r"(?P<amount>[^()]*?)\s*(?:\((?P<note>[^()]+)\))?")
_CURRENCY = r"[A-Z]{3}|S?Fr\.|[A-Z]{0,2}[^\w\s.,()'’]"
"""A currency as written: a code (``CHF``), francs (``Fr.``) or a sign (``€``, ``CA$``)."""
_AMOUNT = (
    rf"(?:(?P<before>{_CURRENCY}) ?)?"
    r"(?P<number>\d{1,3}(?:[ ,.'’]\d{3})+(?:[.,]\d{1,2})?|\d*[.,]?\d+)"
    rf"(?: ?(?P<after>{_CURRENCY}))?"
)
"""An amount with its currency before or after it; a mark before one or two last
digits is the decimal mark, any other separates thousands. Compiled when first
used (a millisecond), as `_amount_pattern`."""
_NUMBER = re.compile(r"[\d.,]*\d")
_SAME_CURRENCY = {
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "FR.": "CHF",
    "FR": "CHF",
    "SFR.": "CHF",
    "CHF": "CHF",
    "CA$": "CAD",
    "C$": "CAD",
    "CAD": "CAD",
    "US$": "USD",
    "USD": "USD",
    "A$": "AUD",
    "AUD": "AUD",
}
"""Ways of writing one currency; a currency written another way is taken as written."""
EXAMPLES = "`$2.65`, `1,10 €`, `CHF 2.00`, `£1.70`, `€1.96 (Europe)`"


@dataclass(frozen=True)
class Rate:
    """The postage for one letter: an amount, as written, and its class or zone if any."""

    written: str
    """The amount as the case writes it, currency and all: ``1,10 €``."""
    amount: Decimal
    currency: str
    """The currency as written (``Fr.``, ``€``, ``$``)."""
    note: str | None = None

    def __str__(self) -> str:
        return f"{self.written} ({self.note})" if self.note else self.written

    @property
    def currency_key(self) -> str:
        """The currency, however it is written: ``Fr.`` and ``CHF`` are one."""
        return _SAME_CURRENCY.get(self.currency.upper(), self.currency)

    def times(self, count: int) -> str:
        """*count* letters' postage, written as this rate is (``$2.65`` x 5: ``$13.25``)."""
        return written_like(self.written, self.amount * count)


def written_like(example: str, amount: Decimal) -> str:
    """*amount* written as *example* writes its amount: sign, decimal mark and places."""
    number = _NUMBER.search(example)
    if number is None:
        return example
    text = number.group().rstrip(".,")
    comma = re.search(r",\d{1,2}$", text) is not None
    decimals = len(re.split(r"[.,]", text)[-1]) if re.search(r"[.,]\d{1,2}$", text) else 0
    # 1,10 €: a comma before the cents, and then no grouping that could be mistaken.
    written = f"{amount:.{decimals}f}".replace(".", ",") if comma else f"{amount:,.{decimals}f}"
    return example[: number.start()] + written + example[number.start() + len(text) :]


@lru_cache(maxsize=256)
def parse_rate(value: str) -> Rate:
    """The rate *value* writes; raises ValueError saying how to write one."""
    rate = _RATE.fullmatch(value.strip())
    written = rate["amount"] if rate else ""
    amount = _amount_pattern().match(written)
    if rate is None or amount is None or not amount.group():
        raise ValueError(f"postage is an amount with its currency, e.g. {EXAMPLES}")
    currency = amount["before"] or amount["after"]
    if currency is None or (amount["before"] and amount["after"]) or not _is_currency(currency):
        raise ValueError(f"postage is an amount with its currency, e.g. {EXAMPLES}")
    rest = written[amount.end() :].strip()
    if rest:
        raise ValueError(
            f"`{rest}` is not part of an amount: put a class or zone in parentheses, "
            f"e.g. `{written[: amount.end()].strip()} ({rest})`"
        )
    return Rate(written, _decimal(amount["number"]), currency, rate["note"])


@lru_cache(maxsize=1)
def _amount_pattern() -> re.Pattern[str]:
    return re.compile(_AMOUNT)


def _is_currency(written: str) -> bool:
    """A code, francs, or a sign that Unicode calls a currency sign (not `#` or `%`)."""
    if len(written) == 3 and written.isalpha():
        return True
    return written.endswith("Fr.") or unicodedata.category(written[-1]) == "Sc"


def _decimal(number: str) -> Decimal:
    """``1,10`` and ``1.10`` are 1.10; ``1.234,50`` and ``1,234.50`` are 1234.50."""
    cents = re.search(r"[.,](\d{1,2})$", number)
    if cents is None:
        return Decimal(re.sub(r"\D", "", number))
    whole = re.sub(r"\D", "", number[: cents.start()])
    return Decimal(f"{whole or 0}.{cents[1]}")


def _rates(value: Any) -> list[Rate]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(one, (str, Rate)) for one in values):
        raise ValueError(f"postage is an amount with its currency, e.g. {EXAMPLES}, or a list")
    return [parse_rate(one) if isinstance(one, str) else one for one in values]


Postage = Annotated[
    list[Rate],
    PlainValidator(_rates),  # no schema made of Rate: it is built here, not by pydantic
    PlainSerializer(lambda rates: [str(one) for one in rates]),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "examples": ["$2.65", "1,10 €", "CHF 2.00 (courrier A)"]},
                {"type": "array", "items": {"type": "string"}},
            ]
        }
    ),
]
"""One rate, or one per zone: ``[€1.16 (France), €1.96 (Europe)]``."""


def totals_by_currency(amounts: Iterable[tuple[Rate, int]]) -> list[str]:
    """The sum of *count* letters at each rate, one per currency, never mixed."""
    sums: dict[str, tuple[Rate, Decimal]] = {}
    for rate, count in amounts:
        example, total = sums.get(rate.currency_key, (rate, Decimal(0)))
        sums[rate.currency_key] = (example, total + rate.amount * count)
    return [written_like(example.written, total) for example, total in sums.values()]
