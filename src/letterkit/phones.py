"""Phone and fax numbers as the writer dials them, from wherever they are.

A case writes its numbers as its section dials them: `011 7 495 910 2134` is
Moscow dialled from Canada, useless as written from Leeds. Each number is read
(phonenumbers, Google's libphonenumber data) as written from the case's country,
then shown as the writer dials it from theirs, or in international form (`+7 495
910-21-34`) where their country is not known; a `tel:` link always has the full
number. A number the library cannot read is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterkit.message import Draft


@dataclass(frozen=True)
class Dialled:
    """A number as the writer dials it, and as a ``tel:`` link takes it."""

    shown: str
    tel: str


def dialled(number: str, written_from: str | None, writer_in: str | None) -> Dialled:
    """*number*, written as dialled from *written_from*, as dialled from *writer_in*.

    Both are ISO 3166 codes, or None where not known.
    """
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, written_from)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        kept = "".join(character for character in number if character.isdigit() or character == "+")
        return Dialled(number, kept)
    tel = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if writer_in is not None:
        shown = phonenumbers.format_out_of_country_calling_number(parsed, writer_in)
    else:
        shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Dialled(shown, tel)


def dialled_for(draft: Draft, number: str) -> Dialled:
    """*number*, one of the case's, as the writer of *draft* dials it."""
    from letterkit.countries import country_of

    return dialled(number, draft.case.numbers_from, country_of(draft.writer.address_lines))
