"""A letter's first page for a window envelope, read back with pypdf: where each line stands.

The rectangles come from the standards the layout follows (see `letterkit.pdf.pages.WINDOWS`):
DIN 5008 Form B's address field on A4, and the part of a US #10 envelope's window that
shows a letter folded in three whichever way it settles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.layout import (
    LINE_WIDTH,
    LINES_PER_PAGE,
    WINDOW_BODY_LINES,
    WINDOW_HEADER_LINES,
    count_pages,
)
from letterkit.pdf import PAPERS, WINDOWS, letters_pdf
from letterkit.pdf.font import load_font
from letterkit.pdf.pages import LINE_HEIGHT, TOP_MARGIN, TYPESET_FONT, character_width

from .conftest import batch

INCH = 25.4
OPTIONS = [
    "compose",
    "ua-2-19-russia",
    "--name",
    "Ann Writer",
    "--about",
    "I am a nurse.",
    "--ask",
    "1 2",
    "--channel",
    "letter",
    "--to",
    "putin",
    "--date",
    "2026-11-25",
    "--no-profile",
]
ADDRESS = [
    "Vladimir Putin",
    "President of the Russian Federation",
    "Ul. Ilyinka, 23",
    "103132 Moscow",
    "RUSSIAN FEDERATION",
]


@dataclass(frozen=True)
class Line:
    """A line of text on the page: its left edge, baseline (mm from the top) and size."""

    text: str
    x: float
    y: float
    size: float
    font: str

    @property
    def top(self) -> float:
        return self.y - self.size * 0.76 * INCH / 72  # the font's tallest capitals

    @property
    def bottom(self) -> float:
        return self.y + self.size * 0.24 * INCH / 72  # its descenders

    def right(self, advance: float = 0.6021) -> float:
        """Where the line ends, for a monospaced font advancing *advance* em a character."""
        return self.x + len(self.text) * advance * self.size * INCH / 72

    def within(self, top: float, bottom: float, left: float = 0, right: float = 1e9) -> bool:
        """Whether the whole line stands inside the rectangle."""
        return (
            top <= self.top and self.bottom <= bottom and left <= self.x and self.right() <= right
        )


def _lines(path: Path, page: int = 0) -> list[Line]:
    sheet = PdfReader(path, strict=True).pages[page]
    height = float(sheet.mediabox.height)
    found: list[Line] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        if text.strip():
            x, y = tm[4] * INCH / 72, (height - tm[5]) * INCH / 72
            found.append(Line(text.strip(), x, y, size, name))

    sheet.extract_text(visitor_text=visit)
    return found


def _marks(path: Path) -> list[float]:
    """The fold and punch marks: how far each stands from the top, in mm."""
    sheet = PdfReader(path, strict=True).pages[0]
    height = float(sheet.mediabox.height)
    operations = ContentStream(sheet.get_contents(), sheet.pdf).operations
    return [
        round((height - float(operands[1])) * INCH / 72, 1)
        for operands, operator in operations
        if operator == b"m"
    ]


def _compose(runner: CliRunner, tmp_path: Path, *options: str) -> Path:
    out = tmp_path / "letter.pdf"
    result = runner.invoke(app, [*OPTIONS, *options, "-o", str(out), "--force"])
    assert result.exit_code == 0, result.stderr
    return out


def test_on_a4_the_address_stands_in_din_5008s_address_field(
    runner: CliRunner, tmp_path: Path
) -> None:
    place = "12 Rue Exemple; 75011 Paris; France"
    out = _compose(runner, tmp_path, "--place", place, "--paper", "a4")
    lines = _lines(out)
    address = [line for line in lines if line.text in ADDRESS]
    assert [line.text for line in address] == ADDRESS
    for line in address:  # the Anschriftzone: 62.7 to 90 mm down, 20 to 105 mm across
        assert line.within(62.7, 90.0, 20.0, 105.0), line
    (back,) = [line for line in lines if line.text.startswith("Ann Writer, ")]
    assert back.text == "Ann Writer, 12 Rue Exemple, 75011 Paris, France"  # return address
    assert back.within(45.0, 62.7, 20.0, 105.0), back
    assert back.size <= 7
    # Nothing else shows through the window, wherever the letter stands in a DL envelope.
    others = [line for line in lines if line not in address and line != back]
    assert all(line.bottom <= 45.0 or line.top >= 95.0 for line in others), others
    assert [line.text for line in others[:5]] == [
        "Ann Writer",
        "12 Rue Exemple",
        "75011 Paris",
        "France",
        "25 November 2026",
    ]
    assert others[5].text.startswith("Re: ")
    assert _marks(out) == [105.0, 210.0, 148.5]  # folds, and the punch mark


def test_on_us_letter_the_address_shows_in_a_number_10_window(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = _compose(runner, tmp_path, "--paper", "letter", "--place", "1 Main St; Ottawa ON")
    lines = _lines(out)
    address = [line for line in lines if line.text in ADDRESS]
    assert [line.text for line in address] == ADDRESS
    for line in address:  # the window with the folded letter at the envelope's bottom
        assert line.within(2.042 * INCH, 3.167 * INCH, 0.875 * INCH, 4.375 * INCH), line
    assert not any(line.text.startswith("Ann Writer, ") for line in lines)  # no room for it
    others = [line for line in lines if line not in address]
    assert all(line.bottom <= 2.042 * INCH or line.top >= 3.625 * INCH for line in others)
    assert _marks(out) == [93.1, 186.3]  # in three: 3 2/3 and 7 1/3 inches


def test_a_long_return_address_moves_the_date_below_the_window(
    runner: CliRunner, tmp_path: Path
) -> None:
    place = "Flat 9; Block C; 12 Long Road; Northtown NT1 2AB; United Kingdom"
    lines = _lines(_compose(runner, tmp_path, "--place", place, "--paper", "a4"))
    texts = [line.text for line in lines]
    assert texts.index("25 November 2026") > texts.index("RUSSIAN FEDERATION")
    assert texts[:6] == ["Ann Writer", *place.split("; ")]
    assert all(line.bottom <= 45.0 for line in lines[:6])


def test_an_address_too_long_for_the_window_is_set_smaller_not_cut(
    runner: CliRunner, tmp_path: Path
) -> None:
    case = tmp_path / "cases" / "ua-2-19-russia.yaml"  # found before the bundled one
    case.parent.mkdir()
    original = (Path(__file__).parent.parent / "cases" / "ua-2-19-russia.yaml").read_text()
    case.write_text(
        original.replace(
            "        - Ul. Ilyinka, 23\n",
            "        - Office of the Presidential Administration, Building 4, Staraya Ploshchad\n"
            "        - Ul. Ilyinka, 23\n        - Entrance 6\n",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "letter.pdf"
    options = [*OPTIONS, "--cases-dir", str(case.parent), "--paper", "a4", "-o", str(out)]
    result = runner.invoke(app, options)
    assert result.exit_code == 0, result.stderr
    lines = _lines(out)
    start = next(n for n, line in enumerate(lines) if line.text == "Vladimir Putin")
    end = next(n for n, line in enumerate(lines) if line.text == "RUSSIAN FEDERATION")
    address = lines[start : end + 1]
    assert [line.text for line in address[2:6]] == [  # broken between words, not cut off
        "Office of the Presidential Administration,",
        "Building 4, Staraya Ploshchad",
        "Ul. Ilyinka, 23",
        "Entrance 6",
    ]
    assert all(line.size < 10.5 for line in address)
    for line in address:
        assert line.within(62.7, 90.0, 20.0, 105.0), line


def test_a_fax_keeps_the_typed_page(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "fax.pdf"
    options = [*OPTIONS[:8], "--channel", "fax", "--to", "putin", "--no-profile"]
    result = runner.invoke(app, [*options, "--paper", "a4", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert _marks(out) == []
    lines = _lines(out)
    assert lines[0].text == "FAX"
    assert lines[0].y == pytest.approx(24.3 + 0.8 * 4.6, abs=0.1)  # the page's own top margin
    assert {line.size for line in lines} == {10.5}


def test_typeset_letters_in_the_proportional_font(runner: CliRunner, tmp_path: Path) -> None:
    out = _compose(runner, tmp_path, "--place", "Ottawa; Canada", "--typeset", "--paper", "a4")
    lines = _lines(out)
    assert {line.font.partition("+")[2] for line in lines} == {"DejaVuSerif"}
    assert lines[0].text == "Ann Writer"
    assert any(line.text == "Dear President Putin," for line in lines)
    page_width = float(PdfReader(out, strict=True).pages[0].mediabox.width) * INCH / 72
    assert all(line.x >= 20 for line in lines)
    assert page_width == pytest.approx(210, abs=0.1)
    # The cc: list's indent keeps its typed width, though a serif space is narrower.
    (copy,) = [line for line in lines if line.text.startswith("Aleksandr Bastrykin")]
    assert copy.x == pytest.approx(lines[0].x + 4 * 10.5 * 0.6021 * INCH / 72, abs=0.01)
    result = runner.invoke(app, [*OPTIONS, "--typeset", "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert "--typeset: goes with --output FILE.pdf or --format pdf" in result.stderr


def test_a_batch_typesets_letters_but_not_faxes(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about,channel\nAnn,I care.,letter\nBob,I teach.,fax\n")
    out = tmp_path / "out"
    result = batch(
        runner,
        str(sheet),
        "--format",
        "pdf",
        "--typeset",
        "--out-dir",
        str(out),
        "--combined",
        str(tmp_path / "all.pdf"),
        "--paper",
        "a4",
    )
    assert result.exit_code == 0, result.stderr
    letter, fax = sorted(out.glob("*.pdf"))
    assert {line.font.partition("+")[2] for line in _lines(letter)} == {"DejaVuSerif"}
    assert {line.font.partition("+")[2] for line in _lines(fax)} == {"DejaVuSansMono"}
    fonts = [
        {line.font.partition("+")[2] for line in _lines(tmp_path / "all.pdf", n)} for n in (0, 1)
    ]
    assert fonts == [{"DejaVuSerif"}, {"DejaVuSansMono"}]
    result = batch(runner, str(sheet), "--typeset", "--out-dir", str(tmp_path / "t"))
    assert result.exit_code == 2
    assert result.stderr == "letterkit: --typeset: goes with --format pdf\n"


def _letter(sender: int, address: int, body: int, copies: int) -> str:
    """A letter as `layout.lay_out` lays one out, of the sizes given."""
    lines = ["Ann Writer", *(f"{n} Sender Street" for n in range(sender)), ""]
    lines += ["25 November 2026", "", *(f"Address line {n}" for n in range(address)), ""]
    lines += ["Re: A case", "", "Dear Minister,", ""]
    lines += [f"Body line {n} of the letter." for n in range(body)]
    lines += ["", "Yours sincerely,", "", "", "", "Ann Writer"]
    if copies:
        lines += ["", "cc: First Copy", *(f"    Copy {n}" for n in range(copies - 1))]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(
    sender=st.integers(0, 7),
    address=st.integers(1, 6),
    body=st.integers(0, 110),
    copies=st.integers(0, 4),
    paper=st.sampled_from(["a4", "letter"]),
    posted=st.booleans(),
)
def test_the_page_count_is_the_pdfs_and_the_sign_off_goes_over_with_the_copies(
    sender: int, address: int, body: int, copies: int, paper: str, posted: bool
) -> None:
    """The count behind "keep it to one page" is the PDF's, whatever the layout."""
    import io

    text = _letter(sender, address, body, copies)
    pdf = PdfReader(io.BytesIO(letters_pdf([text], paper, posted=posted)), strict=True)
    assert count_pages(text, posted=posted) == len(pdf.pages)
    if copies and len(pdf.pages) > 1:
        (page,) = [
            page.extract_text() for page in pdf.pages if "cc: First Copy" in page.extract_text()
        ]
        assert "Yours sincerely," in page
        assert copies == 1 or f"Copy {copies - 2}" in page


def test_a_window_keeps_its_room_on_either_paper() -> None:
    """The lines the page count allows above and below each paper's window fit there."""
    for paper, window in WINDOWS.items():
        top = (PAPERS[paper][1] - LINES_PER_PAGE * LINE_HEIGHT) / 2
        bottom = top + LINES_PER_PAGE * LINE_HEIGHT
        assert window.clear - TOP_MARGIN >= WINDOW_HEADER_LINES * LINE_HEIGHT, paper
        assert window.below + WINDOW_BODY_LINES * LINE_HEIGHT <= bottom + 1e-9, paper


def test_an_address_too_long_for_any_window_is_typed_as_the_text_shows_it(
    tmp_path: Path,
) -> None:
    text = _letter(2, 14, 5, 0)
    out = tmp_path / "l.pdf"
    out.write_bytes(letters_pdf([text], "a4", posted=True))
    lines = _lines(out)
    assert {line.size for line in lines} == {10.5}
    assert [line.text for line in lines[:3]] == ["Ann Writer", "0 Sender Street", "1 Sender Street"]
    assert _marks(out) == [105.0, 210.0, 148.5]  # folded all the same


def test_a_long_address_line_is_broken_once_for_the_window(tmp_path: Path) -> None:
    long = "Office of the Minister of Internal Affairs and Public Security of the Republic X"
    text = _letter(1, 1, 5, 0).replace("Address line 0", f"{long}\nCapital City")
    out = tmp_path / "l.pdf"
    out.write_bytes(letters_pdf([text], "a4", posted=True))
    address = [line for line in _lines(out) if line.within(62.7, 90.0, 20.0, 105.0)]
    assert " ".join(line.text for line in address[:-1]) == long
    assert address[-1].text == "Capital City"
    assert not any(line.text.startswith(" ") for line in address)


def test_typeset_lines_never_run_past_the_typed_column(tmp_path: Path) -> None:
    wide = ["W" * 72, "Ж" * 72, "Щ" * 40 + " " + "Ш" * 31]
    text = _letter(1, 2, 0, 0).replace("Dear Minister,", "\n".join(wide))
    out = tmp_path / "l.pdf"
    out.write_bytes(letters_pdf([text], "a4", posted=True, typeset=True))
    font = load_font(TYPESET_FONT)
    left = (210 - LINE_WIDTH * character_width()) / 2
    for line in _lines(out):
        right = line.x + font.advance(line.text) / 1000 * line.size * INCH / 72
        assert right <= left + LINE_WIDTH * character_width() + 0.01, line


def test_a_letter_whose_address_the_window_cannot_show_is_said_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Eight lines of name and address leave no room above the window: the PDF types the
    letter as the text shows it, and the writer is told to address the envelope by hand."""
    from letterkit.layout import window_misfit

    assert window_misfit(_letter(WINDOW_HEADER_LINES - 1, 5, 10, 0)) is None
    assert window_misfit(_letter(WINDOW_HEADER_LINES, 5, 10, 0)) == (
        "the official's address will not show in a window envelope: your name and address take "
        f"{WINDOW_HEADER_LINES + 1} lines, more than the {WINDOW_HEADER_LINES} above the window; "
        "shorten your address, or address the envelope by hand"
    )
    assert "does not open with its sender" in str(window_misfit("Dear Minister,\n\nPlease.\n"))
    place = "Flat 3; 12 Elm Street; Building B; Wing 4; Gatineau, QC J8X 3X7; Quebec; Canada"
    out = tmp_path / "letter.pdf"
    pdf = runner.invoke(app, [*OPTIONS, "--place", place, "-o", str(out), "--paper", "a4"])
    assert pdf.exit_code == 0, pdf.stderr
    assert "will not show in a window envelope: your name and address take 8 lines" in pdf.stderr
    text = runner.invoke(app, [*OPTIONS, "--place", place])
    assert "window" not in text.stderr  # typed as text, no envelope's window is promised
    sheet = tmp_path / "signers.csv"
    sheet.write_text(f'name,about,place\nAnn Lee,I sing.,"{place}"\nBob Ray,I paint.,Lima\n')
    options = ["--channel", "letter", "--format", "pdf", "--out-dir", str(tmp_path / "out")]
    result = batch(runner, sheet, *options)
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "window envelope" in line]
    assert len(warned) == 1
    assert f"{sheet}:2: the official's address will not show" in warned[0]
