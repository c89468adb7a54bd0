"""Letters as PDF pages ready for the printer, envelopes, and one PDF of a whole batch.

fpdf2 and pypdf are imported only when a PDF is made.
"""

from letterkit.pdf.combined import PdfFile
from letterkit.pdf.envelopes import AIR_MAIL, ENVELOPES, EnvelopesPdf, check_envelope, goes_abroad
from letterkit.pdf.pages import (
    FONT,
    PAPERS,
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
    "EnvelopesPdf",
    "LettersPdf",
    "PdfFile",
    "check_envelope",
    "check_paper",
    "check_printable",
    "default_paper",
    "goes_abroad",
    "letters_pdf",
]
