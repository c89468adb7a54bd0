"""What a batch prints beside its letters: every letter in one PDF, and the envelopes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from letterkit.message import Draft
from letterkit.models import Channel

if TYPE_CHECKING:  # the PDF machinery is loaded only by a batch that prints
    from letterkit.pdf import EnvelopesPdf, LettersPdf


@dataclass(frozen=True)
class Prints:
    """The combined PDF and the envelopes of a batch, either of which may be left out."""

    combined: LettersPdf | None = None
    envelopes: EnvelopesPdf | None = None
    typeset: bool = False
    """The combined PDF's letters to post are set in the proportional font."""

    @property
    def active(self) -> bool:
        """Whether anything is printed beside the letters."""
        return self.combined is not None or self.envelopes is not None

    def check(self, draft: Draft, text: str, *, ascii_only: bool = False) -> None:
        """Refuse, before anything is written, a letter or envelope the font cannot print.

        *ascii_only*: the row's letter is spelled in plain ASCII, and its envelope too.
        Raises :class:`letterkit.errors.UnprintableError`.
        """
        if not self.active:
            return
        from letterkit.pdf import check_printable

        if self.combined is not None:
            check_printable(text, typeset=self.typeset and draft.channel is Channel.LETTER)
        if self.envelopes is not None and draft.channel is Channel.LETTER:
            sender, address = _envelope(draft, ascii_only)
            for line in (*sender, *address):
                check_printable(line, what="envelope")

    def add(self, draft: Draft, text: str, *, ascii_only: bool = False) -> None:
        """Add a letter (*text*) to the combined PDF, and its envelope to the envelopes."""
        if self.combined is not None:  # every letter, done before or new
            self.combined.add(text, posted=draft.channel is Channel.LETTER)
        if self.envelopes is not None and draft.channel is Channel.LETTER:
            sender, address = _envelope(draft, ascii_only)
            posted_to = draft.recipient.posted_to
            from letterkit.pdf import goes_abroad

            # Where the writer is, as they wrote it: a country in Latin letters may be unknown.
            abroad = goes_abroad(_sender(draft), posted_to.country if posted_to else None)
            self.envelopes.add(sender, address, abroad)


def _envelope(draft: Draft, ascii_only: bool) -> tuple[list[str], list[str]]:
    """The return address and the official's, as the envelope prints them."""
    sender, address = _sender(draft), list(draft.recipient.envelope_block)
    if not ascii_only:
        return sender, address
    from letterkit.channels.ascii_text import to_ascii_text

    return [to_ascii_text(line)[0] for line in sender], [to_ascii_text(line)[0] for line in address]


def _sender(draft: Draft) -> list[str]:
    """The return address on an envelope: the writer's name and address lines."""
    return [draft.writer.name, *draft.writer.address_lines]
