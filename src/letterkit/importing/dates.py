"""Dates as actions write them, in five languages: found in a line, then read by dateparser.

Finding comes first, with a pattern made from the Unicode CLDR's month names
(through Babel) so that only what is written like a date is read:
``27 September 2019``, ``4th June``, ``27. Januar 2015``, ``1er mai 2020``,
``21 de enero de 2019``, ``vóór 1 mei 2020``, ``June 4, 2027``, ``03.03.2026``.
dateparser then reads what was found, in the action's language, with a year
left out taken as the next such day after the action was issued.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

LANGUAGES = ("en", "fr", "de", "es", "nl")


@dataclass(frozen=True)
class FoundDate:
    """A date read from a line: the day, the text it was read from, and whether a year was given."""

    day: dt.date
    text: str
    start: int
    has_year: bool


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    from babel.dates import get_month_names

    names: set[str] = set()
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names.update(get_month_names(width, context, language).values())
    months = "|".join(
        sorted(
            (re.escape(name.rstrip(".")) for name in names if len(name) >= 3), key=len, reverse=True
        )
    )
    day = r"(?:[0-3]?\d)(?:st|nd|rd|th|er|re|e|ème|\.|º|°)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    return re.compile(
        rf"(?<![\w.])(?:"
        rf"{day}\s*(?:de\s+|of\s+)?(?:{months})\.?(?:\s*(?:de\s+|,\s*)?{year})?"
        rf"|(?:{months})\.?\s+{day}(?:,?\s*(?P<year2>(?:19|20)\d\d))?"
        rf"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
        rf"|[0-3]?\d[./][01]?\d[./](?P<year3>(?:19|20)?\d\d)"
        rf")(?![\w])",
        re.IGNORECASE,
    )


def dates_in(line: str, language: str, *, after: dt.date | None = None) -> list[FoundDate]:
    """The dates written in *line*, read in *language* (then English)."""
    found = []
    for match in _date_pattern().finditer(line):
        has_year = any(match.group(name) for name in ("year", "year2", "iso", "year3"))
        day = read_date(match.group(0), language, after=after)
        if day is not None:
            found.append(FoundDate(day, match.group(0), match.start(), has_year))
    return found


def read_date(text: str, language: str, *, after: dt.date | None = None) -> dt.date | None:
    """*text* read as a day; a day without a year is the next one after *after* (or today)."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    import dateparser

    base = dt.datetime.combine(after or dt.date.today(), dt.time())
    languages = [language] if language == "en" else [language, "en"]
    numeric_order = "MDY" if language == "en-US" else "DMY"
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": numeric_order,
        "PREFER_DAY_OF_MONTH": "first",
    }
    cleaned = re.sub(r"(?<=\d)(?:er|re|ème|e|º|°)\b", "", text, flags=re.IGNORECASE)
    parsed = dateparser.parse(
        cleaned, languages=[one.split("-")[0] for one in languages], settings=settings
    )
    return parsed.date() if parsed is not None else None
