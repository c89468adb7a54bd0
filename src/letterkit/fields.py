"""The kinds of value a case file's fields hold, each checked as it is read.

One line of text, paragraphs of prose, an official's id, a Twitter handle, a
phone number, an email address, a language tag, a template's file name: each is
an annotated type that pydantic checks, with a message a case author can act on.
Text refuses control characters, so what a case says is what a terminal shows.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

from letterkit.text import control_character, encoded_word, line_break, paragraphs


def _no_control_characters(value: str) -> str:
    bad = control_character(value)
    if bad is not None:
        raise ValueError(f"contains the control character U+{ord(bad):04X}; remove it")
    return value


def _one_line(value: str) -> str:
    separator = line_break(value)
    if separator is not None:
        raise ValueError(
            f"holds a line break (U+{ord(separator):04X}); this field is one line of text"
        )
    return _no_control_characters(value)


def _no_encoded_words(value: str) -> str:
    found = encoded_word(value)
    if found is not None:
        raise ValueError(
            f"holds `{found}`, which mail programs read as encoded header text; write the "
            "text as it should read"
        )
    return value


def _prose(value: str) -> str:
    """Keep paragraphs (split by blank lines) and join the lines inside each."""
    return "\n\n".join(paragraphs(_no_control_characters(value)))


Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_one_line),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"^[^\n\r]*$"}),
]
"""A short piece of text on one line: a name, a title, an address line."""

HeaderLine = Annotated[Line, AfterValidator(_no_encoded_words)]
"""A line that may reach an email's headers: a subject, an official's name or title."""

Prose = Annotated[str, StringConstraints(min_length=1), AfterValidator(_prose)]
"""Paragraphs of text; in YAML write them with ``|`` and a blank line between paragraphs."""

_OFFICIAL_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")


def _official_id(value: str) -> str:
    if _OFFICIAL_ID.fullmatch(value) is None:
        raise ValueError(
            "an id is what a writer types: a lower-case letter, then up to 39 lower-case "
            "letters, digits or hyphens, e.g. `putin` or `minister-2`"
        )
    return value


OfficialId = Annotated[
    str,
    AfterValidator(_official_id),
    WithJsonSchema({"type": "string", "pattern": f"^{_OFFICIAL_ID.pattern}$"}),
    Field(description="What a writer types to choose this official, e.g. `putin`."),
]


def new_official_id(words: str, used: set[str]) -> str:
    """An official id made from *words* (a surname, a title), not in *used*; added to it.

    Drafts and questions name officials so: `example`, then `example-2`.
    """
    from slugify import slugify

    base = slugify(words, max_length=30, word_boundary=True) or "official"
    base = base if base[0].isalpha() else f"o-{base}"
    official_id, number = base, 2
    while official_id in used:
        official_id, number = f"{base}-{number}", number + 1
    used.add(official_id)
    return official_id


_HANDLE = re.compile(r"@?([A-Za-z0-9_]{1,15})")


def _twitter_handle(value: str) -> str:
    match = _HANDLE.fullmatch(value.strip())
    if match is None:
        raise ValueError("a Twitter handle is @ and 1 to 15 letters, digits or underscores")
    return "@" + match.group(1)


TwitterHandle = Annotated[
    str,
    AfterValidator(_twitter_handle),
    WithJsonSchema({"type": "string", "pattern": r"^@?[A-Za-z0-9_]{1,15}$"}),
]

_PHONE = re.compile(r"\+?[0-9(][0-9 ()./-]{2,30}[0-9]")


_LOOK_ALIKES = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\uff0b": "+",
}
"""Characters a page pastes into a number where a hyphen, space or plus belongs."""


def _phone_number(value: str) -> str:
    text = value.strip()
    if _PHONE.fullmatch(text) is None:
        odd = next((one for one in text if one in _LOOK_ALIKES), None)
        if odd is not None:
            fixed = "".join(_LOOK_ALIKES.get(one, one) for one in text)
            name = unicodedata.name(odd, "a character").lower()
            raise ValueError(
                f"holds U+{ord(odd):04X} ({name}) where a number has "
                f"`{_LOOK_ALIKES[odd]}`: write `{fixed}`"
            )
        raise ValueError(
            "a phone or fax number is digits with spaces, +, (), dots, slashes or dashes, "
            "e.g. `011 7 495 910 2134` or `+7 495 910 2134`"
        )
    return text


PhoneNumber = Annotated[
    str,
    AfterValidator(_phone_number),
    WithJsonSchema({"type": "string", "pattern": f"^{_PHONE.pattern}$"}),
]


def _web_address(value: str) -> str:
    from urllib.parse import urlsplit

    text = value.strip()
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(one.isspace() for one in text)
    ):
        raise ValueError(
            "a web address starts with https:// (or http://), e.g. `https://example.org/act`"
        )
    return text


WebAddress = Annotated[
    Line,
    AfterValidator(_web_address),
    WithJsonSchema({"type": "string", "format": "uri", "examples": ["https://example.org/act"]}),
]
"""A page to open: an action's form, a petition, a social page."""


def _email(value: str) -> str:
    # Imported here: the checker costs start-up time, and most cases have no email.
    from email_validator import EmailNotValidError, validate_email

    if "[email" in value and "protected]" in value:
        raise ValueError(
            "`[email protected]` is what a web page shows where it hid the address: the "
            "address was lost when the page was saved; copy it from the page as displayed"
        )
    try:
        address = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        for written in ("(a)", "[at]", " at ", "(at)"):
            if written in value:
                raise ValueError(
                    f"an email address has `@` where this one has `{written.strip()}`: write "
                    f"`{value.replace(written, '@').strip()}`"
                ) from None
        raise ValueError(str(error).rstrip(".")) from None
    return _no_encoded_words(address)


Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _language(value: str) -> str:
    if _LANGUAGE.fullmatch(value) is None:
        raise ValueError("a language is a BCP 47 tag such as `en`, `fr` or `pt-BR`")
    return value


LanguageTag = Annotated[
    str,
    AfterValidator(_language),
    WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern, "examples": ["en", "fr"]}),
]


def _template_path(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or not value.strip():
        raise ValueError("a template is a file name relative to the case file, without `..`")
    return value


TemplatePath = Annotated[str, AfterValidator(_template_path)]
