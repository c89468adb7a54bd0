"""A signers sheet's header as people export it: web forms' questions, spreadsheets' words.

An organiser's sheet comes from a form ("Your name", "A sentence about yourself",
"Which asks?") or a spreadsheet in their language ("Nom", "Prénom", "Vorname",
"Nachname"). Each header cell is matched to a column letterkit reads: its own
name first, then a form's usual wording in five languages; a first and a last
name are joined into the name. Whatever no rule reaches, the organiser names
(``given``: header cell to column).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

FIRST, LAST = "first_name", "last_name"
"""Parts of a signer's name in columns of their own, joined into `name`."""

_PARTS = {
    FIRST: frozenset({"first", "given", "forename", "prenom", "vorname", "voornaam"}),
    LAST: frozenset(
        {"last", "surname", "family", "nachname", "familienname", "achternaam", "apellido"}
        | {"apellidos", "famille"}
    ),
}
_WORDS = (
    ("email", frozenset({"email", "mail", "courriel", "correo", "electronique", "electronico"})),
    (
        "about",
        frozenset(
            {"about", "yourself", "sentence", "introduction", "propos", "phrase", "vous"}
            | {"uber", "satz", "jezelf", "zin", "sobre", "frase", "presentacion"}
        ),
    ),
    (
        "asks",
        frozenset(
            {"ask", "asks", "requests", "demands", "points", "demandes", "forderungen"}
            | {"bitten", "eisen", "verzoeken", "peticiones"}
        ),
    ),
    (
        "place",
        frozenset(
            {"town", "city", "address", "place", "location", "ville", "adresse", "ort"}
            | {"wohnort", "stadt", "anschrift", "adres", "woonplaats", "ciudad", "direccion"}
        ),
    ),
    ("channel", frozenset({"channel", "canal", "kanal", "kanaal"})),
    ("language", frozenset({"language", "langue", "sprache", "taal", "idioma"})),
    ("name", frozenset({"name", "nom", "naam", "nombre", "signature", "signed"})),
)
"""A header holding one of these words is read as that column, first rule first."""
_OR_PART = {"nom": LAST, "name": LAST, "naam": LAST, "nombre": FIRST}
"""A plain `Nom` beside a `Prénom` is the last name; `Nombre` beside `Apellidos`, the first."""


def header_key(cell: str) -> str:
    """A header cell compared without case, accents, punctuation or spacing: `your_name`."""
    plain = unicodedata.normalize("NFKD", cell.strip().strip("\ufeff")).casefold()
    plain = "".join(character for character in plain if not unicodedata.combining(character))
    plain = plain.replace("ß", "ss")
    return "_".join(re.findall(r"[^\W_]+", plain))


class HeaderError(ValueError):
    """A header that cannot be read as it stands; *which*: saying which column a cell is helps."""

    def __init__(self, message: str, *, which: bool = False) -> None:
        super().__init__(message)
        self.which = which


@dataclass(frozen=True)
class HeaderMatch:
    """What each header cell is read as, and what to tell the organiser."""

    columns: list[str | None]
    """Per cell: the column it is read as, or None (not read)."""
    read_as: dict[str, str]
    """The cells read as a column under another name, for the organiser to check."""
    unknown: list[str]
    """The cells not read."""


def match_header(
    cells: list[str], known: tuple[str, ...], given: Mapping[str, str] | None = None
) -> HeaderMatch:
    """Match *cells* to the *known* columns (and name parts); ValueError says what is amiss.

    *given* maps header keys (see :func:`header_key`) to columns, the organiser's say.
    """
    given = given or {}
    keys = [header_key(cell) for cell in cells]
    repeated = sorted(
        key for key, count in Counter(key for key in keys if key).items() if count > 1
    )
    if repeated:
        raise HeaderError(f"the column `{repeated[0]}` appears twice in the header")
    absent = [key for key in given if key not in keys]
    if absent:
        found = ", ".join(cell.strip() for cell in cells if cell.strip()) or "none"
        raise HeaderError(f"`{absent[0]}` is to be read, but the header lacks it; it has: {found}")
    columns = [given.get(key) or (key if key in known else None) for key in keys]
    # A column the organiser gave a cell for is that cell's alone: `Story=about` beside `About`.
    said = set(given.values())
    columns = [
        None if key not in given and column in said else column
        for key, column in zip(keys, columns, strict=True)
    ]
    taken = {column for column in columns if column}
    for index, key in enumerate(keys):
        if columns[index] is None and key:
            guess = _guess(key)
            if guess is not None and guess not in taken:
                columns[index] = guess
                taken.add(guess)
    if FIRST in taken or LAST in taken:
        for index, key in enumerate(keys):
            part = _OR_PART.get(key)
            if columns[index] == "name" and part is not None and part not in taken:
                columns[index] = part
                taken = {*taken - {"name"}, part}
    if {"name", FIRST, LAST} <= taken:  # which signs? the organiser's say, or ask for it
        said = set(given.values())
        drop = {FIRST, LAST} if "name" in said else {"name"} if said & {FIRST, LAST} else None
        if drop is None:
            cell = {column: cell for cell, column in zip(cells, columns, strict=True)}
            raise HeaderError(
                f"the header has a name (“{cell['name']}”) and a first and a last name "
                f"(“{cell[FIRST]}”, “{cell[LAST]}”): keep one",
                which=True,
            )
        columns = [
            None if column in drop and key not in given else column
            for key, column in zip(keys, columns, strict=True)
        ]
    read_as = {
        cell: column
        for cell, key, column in zip(cells, keys, columns, strict=True)
        if column is not None and key != column
    }
    unknown = [key for key, column in zip(keys, columns, strict=True) if key and column is None]
    return HeaderMatch(columns, read_as, unknown)


def column_of(
    key: str, known: tuple[str, ...], given: Mapping[str, str] | None = None
) -> str | None:
    """The column a JSON signer's key is read as: the organiser's say, its own name, a guess."""
    key = header_key(key)
    return (given or {}).get(key) or (key if key in known else None) or _guess(key)


def _guess(key: str) -> str | None:
    words = set(key.split("_"))
    for part, cues in _PARTS.items():
        if words & cues:
            return part
    for column, cues in _WORDS:
        if words & cues:
            return column
    return None


def join_names(fields: dict[str, str]) -> dict[str, str]:
    """*fields* with a first and a last name joined into the name, as the signer signs.

    A name beside a first name alone is the family name (`Vorname` and `Name`).
    """
    if FIRST not in fields and LAST not in fields:
        return fields
    first, last = fields.pop(FIRST, ""), fields.pop(LAST, "")
    if not last and fields.get("name") and first:
        last = fields.pop("name")
    if first or last or "name" not in fields:
        fields["name"] = " ".join(part for part in (first, last) if part) or fields.get("name", "")
    return fields


def parse_column_mapping(mappings: list[str], known: tuple[str, ...]) -> dict[str, str]:
    """``HEADER=COLUMN`` pairs as header keys to columns; ValueError names one that is wrong."""
    given: dict[str, str] = {}
    for mapping in mappings:
        header, equals, column = mapping.rpartition("=")
        column = header_key(column)
        if not equals or not header_key(header):
            raise ValueError(f'`{mapping}`: write HEADER=COLUMN, e.g. "Which asks?=asks"')
        if column not in (*known, FIRST, LAST):
            readable = ", ".join((*known, FIRST, LAST))
            raise ValueError(f"`{mapping}`: no column `{column}`; letterkit reads {readable}")
        earlier = given.setdefault(header_key(header), column)
        if earlier != column:
            raise ValueError(f"`{mapping}`: `{header}` is read as `{earlier}` too")
    return given
