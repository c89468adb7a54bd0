"""Postage as case files give it: an amount with its currency, and totals for a batch."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

_POSTAGE = re.compile(r"(?P<symbol>[A-Z]{0,2}[^\w\s.,])? ?\d*[.,]?\d+ ?(?P<code>[A-Z]{3})?")
"""An amount with a currency sign before it (`$2.65`, `CA$2.65`) or a code after (`1.10 EUR`)."""


def postage_total(postage: str, count: int) -> str | None:
    """*count* times a postage amount, written as the case writes it (``$2.65`` x 5: ``$13.25``)."""
    match = _POSTAGE.fullmatch(postage.strip())
    if match is None:
        return None
    amount = match.group(0)
    number = re.search(r"\d*[.,]?\d+", amount)
    if number is None:
        return None
    text = number.group()
    comma = "," in text
    decimals = len(text.replace(",", ".").partition(".")[2])
    total = Decimal(text.replace(",", ".")) * count
    # 1,10 €: a comma before the cents, and then no grouping that could be mistaken.
    written = f"{total:.{decimals}f}".replace(".", ",") if comma else f"{total:,.{decimals}f}"
    return amount[: number.start()] + written + amount[number.end() :]


def _postage(value: str) -> str:
    match = _POSTAGE.fullmatch(value.strip())
    if (
        match is None
        or not (match["symbol"] or match["code"])
        or (match["symbol"] and unicodedata.category(match["symbol"][-1]) != "Sc")
    ):
        raise ValueError(
            "postage is an amount with its currency, e.g. `$2.65`, `€1.10`, `1.10 EUR`"
        )
    return value.strip()


Postage = Annotated[
    str,
    AfterValidator(_postage),
    WithJsonSchema({"type": "string", "examples": ["$2.65", "€1.10", "1.10 EUR"]}),
]
