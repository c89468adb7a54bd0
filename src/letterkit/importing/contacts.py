"""Officials and contacts in a published action: an addressee's block, labelled ways to reach them.

A block is the run of lines under "Please write to" or "Copies to": a name,
perhaps a title, the address lines, a country, then labelled contacts
(``Fax:``, ``E-mail:``, ``Twitter:``), several to a line or continued on the
next, with addresses written ``info(a)example.org`` to keep them from robots.
"""

from __future__ import annotations

import re

from letterkit.countries import country_code
from letterkit.importing.found import Found, FoundOfficial
from letterkit.importing.words import HONORIFIC, LABEL, ORGANISATION, SALUTATION_LINE, label_kind

_AT = re.compile(
    r"\s*(?:\(a\)|\[a\]|\(at\)|\[at\]|\{at\}|\s+at\s+(?=[\w-]+\s*(?:\.|\(dot\)|\[dot\])))\s*", re.I
)
_DOT = re.compile(r"\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+)\s*", re.I)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_HANDLE = re.compile(r"(?:(?<![\w@])@|(?:twitter|x)\.com/)(?P<handle>\w{1,15})\b", re.I)
_URL = re.compile(r"https?://[^\s<>\"'|]+", re.I)
_PHONE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,22}\d")
_SEPARATORS = re.compile(r"\s*(?:\||;|\s/\s|,\s|\s+(?:or|oder|ou|o|of)\s+)\s*", re.I)
_CONTINUES = re.compile(r"(?:[,|/;]|\b(?:or|oder|ou|o|of|and|und|et|y|en))\s*$", re.I)
_TITLE_WORDS = re.compile(
    r"^(?:president|vice[- ]president|prime minister|minister|chief|governor|mayor|judge|"
    r"prosecutor(?: general)?|attorney general|ambassador|director|commissioner|king|"
    r"präsident(?:in)?|ministerpräsident(?:in)?|minister(?:in)?|botschafter(?:in)?|"
    r"generalstaatsanwalt|generalstaatsanwältin|gouverneur(?:in)?|bürgermeister(?:in)?|"
    r"président(?:e)?|premier ministre|ministre|procureur(?: général)?|ambassadeur|ambassadrice|"
    r"presidente|ministr[oa]|fiscal(?: general)?|embajador(?:a)?|gobernador(?:a)?|"
    r"minister-president|procureur-generaal|burgemeester)\b",
    re.I,
)
_COURTESY = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|herr|frau|m|mme|mlle|sr|sra|srta|dhr|mevr|mw)\.?\s", re.I
)


def email_in(value: str) -> str | None:
    """The email address in *value*, its ``(a)`` and ``[dot]`` made ``@`` and ``.``."""
    text = _DOT.sub(".", _AT.sub("@", value))
    match = _EMAIL.search(text)
    return match.group(0).rstrip(".") if match else None


def split_values(value: str) -> list[str]:
    """One label's values: several written on one line, separated by ``|``, ``/``, ``;`` or "or"."""
    return [part.strip(" .,;") for part in _SEPARATORS.split(value) if part.strip(" .,;")]


def labelled(line: str, *, anywhere: bool = False) -> list[tuple[str, str]]:
    """Each label in *line* with the text after it, up to the next label: [(kind, text)].

    Only a line that starts with a label, unless *anywhere*: "Questions? Email: ...".
    """
    matches = list(LABEL.finditer(line))
    if not matches:
        return []
    if not anywhere and matches[0].start() > 0 and line[: matches[0].start()].strip(" |/•·-"):
        return []
    pairs = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        pairs.append((label_kind(match.group("label")), line[match.end() : end].strip(" |/;,")))
    return pairs


def continues(value: str) -> bool:
    """Whether a labelled list goes on to the next line: it ends with ``,``, ``/`` or "or"."""
    return bool(value) and _CONTINUES.search(value) is not None


def add_contact(official: FoundOfficial, kind: str, value: str, line: int) -> list[str]:
    """Put what a label gave on *official*; say what could not be used."""
    notes: list[str] = []
    if kind in ("salutation", "postage"):
        text = value.strip().rstrip(",:;")
        if text:
            official.fields.setdefault(kind, Found(text, line))
        return notes
    for part in split_values(value) if kind != "web" else [value]:
        if kind == "email":
            address = email_in(part)
            if address:
                official.add("emails", Found(address, line))
        elif kind == "twitter":
            for match in _HANDLE.finditer(part):
                official.add("twitter", Found("@" + match.group("handle"), line))
        elif kind in ("fax", "phone"):
            number = _PHONE.search(part)
            if number is None:
                continue
            digits = number.group(0).strip()
            if kind == "fax" and "fax" not in official.fields:
                official.fields["fax"] = Found(digits, line)
            elif kind == "phone":
                official.add("phones", Found(digits, line))
        elif kind == "web":
            url = _URL.search(part)
            if url and "web" not in official.fields:
                official.fields["web"] = Found(url.group(0).rstrip(".,)"), line)
        elif kind in ("facebook", "instagram") and part:
            notes.append(f"line {line}: {kind} given ({part[:60]}); letterkit does not send there")
    return notes


def official_from_block(block: list[tuple[int, str]], country_hint: str | None) -> FoundOfficial:
    """An official from the lines of one addressee's block, [(line number, text)]."""
    official = FoundOfficial(line=block[0][0])
    address: list[tuple[int, str]] = []
    pending: tuple[str, int] | None = None
    for number, text in block:
        pairs = labelled(text)
        if pending is not None and not pairs:
            kind, _ = pending
            add_contact(official, kind, text, number)
            pending = (kind, number) if continues(text) else None
            continue
        pending = None
        if pairs:
            for kind, value in pairs:
                add_contact(official, kind, value, number)
            last_kind, last_value = pairs[-1]
            if last_value and continues(text):  # "Twitter: @a, @b," goes on below
                pending = (last_kind, number)
            continue
        if SALUTATION_LINE.match(text) and len(text) < 80:
            official.fields.setdefault("salutation", Found(text.rstrip(",:;"), number))
            continue
        if email_in(text) and "@" in text and len(text.split()) <= 3:
            official.add("emails", Found(email_in(text), number))
            continue
        address.append((number, text))
    _name_title_address(official, address, country_hint)
    return official


def _name_title_address(
    official: FoundOfficial, lines: list[tuple[int, str]], country_hint: str | None
) -> None:
    if not lines:
        return
    number, first = lines[0]
    honorific = HONORIFIC.match(first)
    if honorific:
        official.fields["honorific"] = Found(first[: honorific.end()].strip(" ,"), number)
        first = first[honorific.end() :].strip(" ,")
        if not first and len(lines) > 1:
            lines = lines[1:]
            number, first = lines[0]
    rest = lines[1:]
    following = rest[0][1] if rest else ""
    fields = official.fields
    if "," in first and not re.search(r"\d", first) and _is_person(first.partition(",")[0]):
        name, _, title = first.partition(",")
        fields["name"] = Found(name.strip(), number)
        fields["title"] = Found(title.strip(), number)
    elif _is_person(first):
        fields["name"] = Found(first, number)
        if len(rest) > 1 and _title_under_name(following):
            fields["title"] = Found(following, rest[0][0], guess="the line under the name")
            rest = rest[1:]
    elif rest and ORGANISATION.search(first) and _person_after_role(following):
        title, name = _person_after_role(following)  # type: ignore[misc]
        fields["title"] = Found(title, rest[0][0], guess="the words before the name")
        fields["name"] = Found(name, rest[0][0], guess="the words after the title")
        rest = [(number, first), *rest[1:]]
    elif rest and _is_person(following) and not re.search(r"\d", first):
        fields["title"] = Found(first, number)
        fields["name"] = Found(following, rest[0][0])
        rest = rest[1:]
    elif _TITLE_WORDS.match(first) and _person_after_role(first):
        title, name = _person_after_role(first)  # type: ignore[misc]
        fields["title"] = Found(title, number, guess="the words before the name")
        fields["name"] = Found(name, number, guess="the words after the title")
    else:
        why = None if _TITLE_WORDS.match(first) or ORGANISATION.search(first) else "the first line"
        fields["title"] = Found(first, number, guess=why)
    if not rest:
        return
    rest = [(number, text.rstrip(" ,;")) for number, text in rest]
    last_number, last = rest[-1]
    town, comma, after = last.rpartition(",")
    if comma and (known_country(after) or _same(after, country_hint)) and re.search(r"\d", town):
        fields["country"] = Found(after.strip(), last_number)
        rest[-1] = (last_number, town.strip())
        fields["address"] = Found([text for _, text in rest], rest[0][0], rest[-1][0])
        return
    country = _country_line(rest, country_hint)
    if country is not None:
        fields["country"] = country
        rest = rest[:-1]
    if rest:
        fields["address"] = Found([text for _, text in rest], rest[0][0], rest[-1][0])


_PARTICLES = frozenset(
    [
        "de",
        "da",
        "del",
        "della",
        "di",
        "van",
        "von",
        "der",
        "den",
        "ten",
        "ter",
        "la",
        "le",
        "du",
        "des",
        "bin",
        "al",
        "el",
        "y",
        "e",
    ]
)


def _is_person(text: str) -> bool:
    """Whether *text* reads as a person's name: ``Ms Jane Doe``, ``Carlos Example``."""
    text = text.strip()
    if _COURTESY.match(text + " "):
        return not ORGANISATION.search(text)
    words = text.split()
    if not 2 <= len(words) <= 5 or re.search(r"\d", text) or ORGANISATION.search(text):
        return False
    if _TITLE_WORDS.match(text):
        return False
    return (
        all(word[:1].isupper() or word.lower() in _PARTICLES for word in words)
        and words[-1][:1].isupper()
    )


def _same(name: str, hint: str | None) -> bool:
    return hint is not None and name.strip().casefold() == hint.casefold()


def _title_under_name(line: str) -> bool:
    """Whether the line under a name is their title (``Minister of the Interior``)."""
    if re.search(r"\d", line) or _is_person(line):
        return False
    return _TITLE_WORDS.match(line) is not None or ORGANISATION.search(line) is None


def _person_after_role(line: str) -> tuple[str, str] | None:
    """``President Vladimir Putin`` → (``President``, ``Vladimir Putin``): a name ends the line."""
    words = line.split()
    for size in (2,):  # a name of two words: "President Vladimir Putin"
        if len(words) > size:
            name = " ".join(words[-size:])
            before = words[-size - 1]
            if _is_person(name) and before.lower() not in _PARTICLES and before[:1].isupper():
                return " ".join(words[:-size]), name
    return None


def _country_line(lines: list[tuple[int, str]], hint: str | None) -> Found | None:
    number, last = lines[-1]
    if re.search(r"\d", last) or len(last.split()) > 4 or len(lines) < 2:
        return None
    if known_country(last) or (hint is not None and last.casefold() == hint.casefold()):
        return Found(_country_case(last), number)
    if re.search(r"\d", lines[-2][1]) and last[:1].isupper():
        return Found(_country_case(last), number, guess="the last line, after the town")
    return None


def _country_case(name: str) -> str:
    return name.title() if name.isupper() and len(name) > 3 else name


def known_country(name: str) -> bool:
    """Whether *name* is a country's name in one of the five languages (CLDR, through Babel)."""
    return country_code(name, codes=False) is not None
