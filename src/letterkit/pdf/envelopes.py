"""Envelopes to print for a batch's letters: return address, air-mail label, the address.

The official's address goes where a post office reads it, the country in
capitals on its last line; AIR MAIL / PAR AVION is printed when the letter
crosses a border.
"""

from __future__ import annotations

from collections.abc import Sequence

from letterkit.countries import country_code, country_of
from letterkit.errors import ChoiceError
from letterkit.pdf.pages import FONT, check_printable

ENVELOPES = {"dl": (220.0, 110.0), "c5": (229.0, 162.0), "us10": (241.3, 104.8)}
"""Width and height in millimetres, the long side across."""
AIR_MAIL = "AIR MAIL / PAR AVION"


def check_envelope(size: str) -> str:
    """The envelope size named *size* (dl, c5, us10)."""
    chosen = size.strip().lower().replace("#", "").replace(" ", "")
    if chosen not in ENVELOPES:
        raise ChoiceError("envelope", f"`{size}` is not an envelope; use dl, c5 or us10")
    return chosen


def goes_abroad(sender_lines: Sequence[str], country: str | None) -> bool:
    """Whether a letter crosses a border: the official's country is not the sender's.

    The sender's country is the last line of their address; without one, a letter
    to an address with a country is taken to go abroad (the label does no harm).
    """
    if not country:
        return False
    if not sender_lines:
        return True
    theirs, ours = country_code(country), country_of(sender_lines)
    if theirs is not None and ours is not None:
        return theirs != ours  # `CANADA` and `Kanada` are one country
    return sender_lines[-1].strip().casefold() != country.casefold()


class EnvelopesPdf:
    """Envelopes to print, one a page: return address, air-mail label, the official's address."""

    def __init__(self, size: str) -> None:
        from fpdf import FPDF

        self._width, self._height = ENVELOPES[size]
        self._document = FPDF(orientation="L", unit="mm", format=(self._height, self._width))
        self._document.set_auto_page_break(False)
        self._document.set_creator("letterkit")
        self._document.add_font("letter", "", str(FONT))
        self.pages = 0

    def add(self, sender: Sequence[str], recipient: Sequence[str], abroad: bool) -> None:
        """One envelope; *recipient* is the address block, its country last, in capitals."""
        for line in (*sender, *recipient):
            check_printable(line)
        document = self._document
        document.add_page()
        self.pages += 1
        document.set_font("letter", size=8)
        for number, line in enumerate(sender):
            document.text(10, 12 + number * 3.6, line)
        if abroad:
            document.set_font("letter", size=10)
            document.text(10, 14 + len(sender) * 3.6 + 4, AIR_MAIL)
        document.set_font("letter", size=11)
        top = self._height * 0.45
        left = self._width * 0.42
        for number, line in enumerate(recipient):
            document.text(left, top + number * 5.2, line)

    def output(self) -> bytes:
        """The whole PDF."""
        return bytes(self._document.output())
