"""Letters as PDF pages ready for the printer, envelopes, and one PDF of a whole batch.

fontTools is imported only when a PDF is made.
"""

from letterkit.pdf.envelopes import AIR_MAIL, ENVELOPES, EnvelopesPdf, check_envelope, goes_abroad
from letterkit.pdf.pages import (
    FONT,
    PAPERS,
    WINDOWS,
    LettersPdf,
    check_paper,
    check_printable,
    default_paper,
    letters_pdf,
)

__all__ = [
    "AIR_MAIL",
    "ENVELOPES",
    "FONT",
    "PAPERS",
    "WINDOWS",
    "EnvelopesPdf",
    "LettersPdf",
    "check_envelope",
    "check_paper",
    "check_printable",
    "default_paper",
    "goes_abroad",
    "letters_pdf",
]
