"""What a batch prints beside its letters: every letter in one PDF, and the envelopes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from letterkit.message import Draft
from letterkit.models import Channel
from letterkit.pdf import EnvelopesPdf, PdfFile, goes_abroad


@dataclass(frozen=True)
class Prints:
    """The combined PDF and the envelopes of a batch, either of which may be left out."""

    combined: PdfFile | None = None
    envelopes: EnvelopesPdf | None = None

    def add(self, draft: Draft, text: Callable[[], str]) -> None:
        """Add a letter and its envelope; *text* is only made when the PDF needs it.

        A character the font cannot show raises :class:`letterkit.errors.UnprintableError`.
        """
        if self.combined is not None:  # every letter, done before or new
            self.combined.add(text())
        if self.envelopes is not None and draft.channel is Channel.LETTER:
            sender = [draft.writer.name, *draft.writer.address_lines]
            address = draft.recipient.address
            abroad = goes_abroad(sender, address.country if address else None)
            self.envelopes.add(sender, draft.recipient.address_block, abroad)
