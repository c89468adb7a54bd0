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

from letterkit.importing.found import Found, FoundAction
from letterkit.importing.words import BEFORE, DEADLINE, DEADLINE_SENTENCE, ISSUED

LANGUAGES = ("en", "fr", "de", "es", "nl")
Numbered = list[tuple[int, str]]


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
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": "DMY",  # 03.03.2026: the order Europe writes
        "PREFER_DAY_OF_MONTH": "first",
    }
    cleaned = re.sub(r"(?<=\d)(?:er|re|ème|e|º|°)\b", "", text, flags=re.IGNORECASE)
    parsed = dateparser.parse(
        cleaned, languages=[one.split("-")[0] for one in languages], settings=settings
    )
    return parsed.date() if parsed is not None else None


def find_issued(action: FoundAction, lines: Numbered, language: str) -> None:
    """When the action was issued: a date after `Date:`, alone near the top, or by the reference."""
    for number, line in lines[:40]:
        for cue in ISSUED.finditer(line):
            found = dates_in(line[cue.end() : cue.end() + 40], language)
            if found and found[0].start == 0 and found[0].has_year:
                action.fields["issued"] = Found(found[0].day, number)
                return
    for number, line in lines[:15]:
        found = dates_in(line, language)
        rest = line
        for one in found:
            rest = rest.replace(one.text, "")
        if found and found[0].has_year and not re.search(r"[^\W\d_]{3}", _weekday_free(rest)):
            action.fields["issued"] = Found(found[0].day, number, guess="a date alone near the top")
            return
    reference = action.fields.get("reference")
    if reference is not None:
        found = dates_in(lines[reference.line - action.first_line][1], language)
        if found and found[0].has_year:
            action.fields["issued"] = Found(
                found[0].day, reference.line, guess="the date beside the reference"
            )


def _weekday_free(text: str) -> str:
    return re.sub(
        r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|mié|jue|vie|sáb|dom|"
        r"maa|woe|don|vrij|zat|zon|mo|di|mi|do|fr|sa|so)[a-zé]*\.?,?",
        "",
        text,
    )


def find_deadline(action: FoundAction, lines: Numbered, language: str) -> None:
    """The deadline: a date after deadline words, in a line that speaks of sending."""
    issued = action.fields.get("issued")
    after = issued.value if issued is not None else None
    for number, line in lines:
        if not DEADLINE_SENTENCE.search(line):
            continue
        for cue in DEADLINE.finditer(line):
            if after is not None and issued is not None and number == issued.line:
                continue
            found = dates_in(line[cue.end() : cue.end() + 40], language, after=after)
            if not found or found[0].start != 0:
                continue
            day = found[0].day
            if after is not None and day < after:
                continue
            value: object = {"before": day} if BEFORE.search(cue.group(0)) else day
            guess = None if found[0].has_year else "the year is not given: the next such day"
            action.fields["deadline"] = Found(value, number, guess=guess)
            return
