"""Countries as people write them, in five languages: `Canada`, `KANADA`, `Russie`, `UK`.

An address ends with its country, written as its writer writes it; a case says
where its postage applies in its own language. Both are read as one ISO 3166
code through CLDR's names (Babel) in English, French, German, Spanish and Dutch,
with the few short forms people use that CLDR does not list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr", "de", "es", "nl")
_ALIASES = {
    "russian federation": "RU",
    "federation de russie": "RU",
    "fédération de russie": "RU",
    "russische föderation": "RU",
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
}
"""Names people write that CLDR's short names leave out."""


def country_code(name: str, *, codes: bool = True) -> str | None:
    """The ISO 3166 code of the country *name* names, in any of the five languages.

    With *codes*, a code itself (`CA`) is taken too; an address's last line is read
    without, as `CA` there is as likely California.
    """
    key = name.strip(" ,").casefold()
    if not key:
        return None
    if codes and len(key) == 2 and key.isalpha() and key.upper() in _known_codes():
        return key.upper()
    return _ALIASES.get(key) or _codes_by_name().get(key.strip("."))


def country_of(lines: Sequence[str]) -> str | None:
    """The country an address ends with (its last line, or that line's last part), if any."""
    if not lines:
        return None
    last = lines[-1]
    return country_code(last, codes=False) or country_code(last.rsplit(",", 1)[-1], codes=False)


def country_name(code: str, language: str = "en") -> str:
    """The country's name in *language*, as CLDR writes it."""
    from babel import Locale

    return str(Locale.parse(language).territories.get(code, code))


TABLE = Path(__file__).parent / "locale" / "countries.json"
"""CLDR's country names in the five languages, by their code: made by the build.

Reading it takes a millisecond; loading Babel and five locales, 30 ms of a command's
start-up. (`hatch_build.py` writes it with :func:`names_from_cldr`.)"""


@cache
def _codes_by_name() -> dict[str, str]:
    try:
        table: dict[str, str] = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a checkout not built yet: from CLDR itself
        return names_from_cldr()
    return table


def names_from_cldr() -> dict[str, str]:
    """Each country's name in each of the five languages, case-folded, with its code."""
    from babel import Locale

    codes: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code.isalpha():
                codes.setdefault(name.casefold(), code)
    return codes


def country_names() -> list[str]:
    """Every country's name letterkit knows, in the five languages, case-folded."""
    return list(_codes_by_name())


@cache
def _known_codes() -> frozenset[str]:
    return frozenset(_codes_by_name().values())
