r"""Build each fixture's source.pdf from the source-for-pdf.txt beside it.

Synthetic test fixtures for `letterkit import`: every person, place and number in them
is invented. Run from anywhere, with letterkit's virtualenv (it has fpdf2 and pypdf):

    .venv/bin/python tests/import/make_pdfs.py

The PDFs are typed in the DejaVu Sans Mono that letterkit ships (it prints the accents of
French, German, Spanish and Dutch), on A4, and are the same bytes on every run: the
creation date is fixed, and the file id is a hash of the contents and that date. The
layout follows the published PDFs each fixture imitates: a running header and footer,
headings, address blocks line for line, bullet lists.

The markup of a source-for-pdf.txt, one instruction per line:

    %% text            a comment, left out (each file opens with one: synthetic fixture)
    @header: text      the running header of every page, from here on
    @footer: text      the running footer ({page} and {pages} stand for the numbers)
    @pages: N          the PDF must have N pages, or the build fails
    # text             a heading
    ## text            a subheading
    >> text            a line set flush right (a place and date)
    - text             a bullet point
    \f                 (a form feed alone on its line) a new page
    (blank)            a paragraph break
    anything else      a line of text, wrapped at the margin; a line of its own
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
FONT = HERE.parents[1] / "src" / "letterkit" / "fonts" / "DejaVuSansMono.ttf"
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOTE = "Synthetic test fixture for letterkit import: invented people, places and numbers."

BODY = 9.5
LINE = 4.6


class Document(FPDF):
    """An A4 page with a running header and footer, typed in DejaVu Sans Mono."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.running_header = ""
        self.running_footer = ""
        self.add_font("Mono", fname=str(FONT))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=20)

    def header(self) -> None:
        if self.running_header:
            self.set_font("Mono", size=8)
            self.set_text_color(90)
            self.cell(0, 4, self.running_header, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)
            self.set_text_color(0)

    def footer(self) -> None:
        if self.running_footer:
            self.set_y(-14)
            self.set_font("Mono", size=7.5)
            self.set_text_color(90)
            text = self.running_footer.replace("{page}", str(self.page_no()))
            self.cell(0, 4, text.replace("{pages}", "{nb}"), align="C")
            self.set_text_color(0)


def build(source: Path) -> Path:
    """Type *source* (a source-for-pdf.txt) into the source.pdf beside it."""
    pdf = Document()
    pdf.set_title(source.parent.name)
    pdf.set_subject(NOTE)
    pdf.set_creator("tests/import/make_pdfs.py")
    pdf.set_creation_date(CREATED)
    expected_pages = None
    lines = source.read_text(encoding="utf-8").split("\n")
    # Settings that open the file apply from its first page on.
    while lines and lines[0].startswith(("%%", "@")):
        line = lines.pop(0)
        if line.startswith("@header:"):
            pdf.running_header = line.partition(":")[2].strip()
        elif line.startswith("@footer:"):
            pdf.running_footer = line.partition(":")[2].strip()
        elif line.startswith("@pages:"):
            expected_pages = int(line.partition(":")[2])
    pdf.add_page()
    for line in lines:
        write(pdf, line)
    target = source.with_name("source.pdf")
    pdf.output(str(target))
    pages = len(PdfReader(target).pages)
    if expected_pages is not None and pages != expected_pages:
        sys.exit(f"{target}: {pages} pages, not {expected_pages}")
    return target


def write(pdf: Document, line: str) -> None:
    """Type one line of the markup."""
    if line.startswith("%%"):
        return
    if line.startswith("@header:"):
        pdf.running_header = line.partition(":")[2].strip()
    elif line.startswith("@footer:"):
        pdf.running_footer = line.partition(":")[2].strip()
    elif line == "\f":
        pdf.add_page()
    elif not line.strip():
        pdf.ln(LINE * 0.8)
    elif line.startswith("## "):
        pdf.ln(1.5)
        pdf.set_font("Mono", size=11.5)
        pdf.multi_cell(0, 6, line[3:], new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1.5)
    elif line.startswith("# "):
        pdf.set_font("Mono", size=15)
        pdf.multi_cell(0, 8, line[2:], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif line.startswith(">> "):
        pdf.set_font("Mono", size=BODY)
        pdf.multi_cell(0, LINE, line[3:], align="R", new_x="LMARGIN", new_y="NEXT")
    elif line.startswith("- "):
        pdf.set_font("Mono", size=BODY)
        pdf.cell(6, LINE, "•")
        pdf.multi_cell(0, LINE, line[2:], new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font("Mono", size=BODY)
        pdf.multi_cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")


def main() -> None:
    for source in sorted(HERE.glob("*/source-for-pdf.txt")):
        target = build(source)
        print(f"{target.relative_to(HERE)}: {len(PdfReader(target).pages)} pages")


if __name__ == "__main__":
    main()
