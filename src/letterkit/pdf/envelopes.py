"""Envelopes to print for a batch's letters: return address, air-mail label, the address.

The official's address goes where a post office reads it, the country in
capitals on its last line; AIR MAIL / PAR AVION is printed when the letter
crosses a border.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from letterkit.countries import country_code, country_of
from letterkit.errors import ChoiceError
from letterkit.pdf.document import Document, Run
from letterkit.pdf.font import load_font
from letterkit.pdf.pages import FONT

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
        self._width, self._height = ENVELOPES[size]
        self._stream = io.BytesIO()
        self._document = Document(self._stream, self._width, self._height)
        self._font = load_font(FONT)

    @property
    def pages(self) -> int:
        """How many envelopes were made."""
        return self._document.pages

    def add(self, sender: Sequence[str], recipient: Sequence[str], abroad: bool) -> None:
        """One envelope; *recipient* is the address block, its country last, in capitals."""
        font = self._font
        runs = [Run(10, 12 + number * 3.6, 8, line, font) for number, line in enumerate(sender)]
        if abroad:
            runs.append(Run(10, 14 + len(sender) * 3.6 + 4, 10, AIR_MAIL, font))
        top, left = self._height * 0.45, self._width * 0.42
        runs += [
            Run(left, top + number * 5.2, 11, line, font) for number, line in enumerate(recipient)
        ]
        self._document.page([run for run in runs if run.text])

    def output(self) -> bytes:
        """The whole PDF."""
        self._document.close()
        return self._stream.getvalue()
