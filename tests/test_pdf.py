"""Printable letters: PDF pages read back as text, in order, in any script the font has."""

from __future__ import annotations

import locale
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.errors import NotComposableError
from letterkit.journal import Journal
from letterkit.pdf import PAPERS, default_paper, letters_pdf

from .conftest import GOLDEN, batch

LETTER = (GOLDEN / "ua-2-19-russia.letter.txt").read_text(encoding="utf-8")
OPTIONS = [
    "compose",
    "ua-2-19-russia",
    "--name",
    "Мария Παπαδοπούλου",
    "--place",
    "Ottawa, Canada",
    "--about",
    "As a nurse in Ottawa, I care for people.",
    "--ask",
    "1 3",
    "--channel",
    "letter",
    "--date",
    "2026-11-25",
]


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path, strict=True).pages]


def test_every_part_of_the_letter_is_on_the_page_in_order(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "letter.pdf"
    result = runner.invoke(app, [*OPTIONS, "-o", str(out), "--paper", "a4"])
    assert result.exit_code == 0, result.stderr
    (page,) = _text(out)
    parts = [
        "Мария Παπαδοπούλου",
        "Ottawa",
        "25 November 2026",
        "Vladimir Putin",
        "103132 Moscow",
        "RUSSIAN FEDERATION",
        "Re: Russia: Homophobic crackdown",
        "Dear President Putin,",
        "As a nurse in Ottawa",
        "I urge you to carry out",
        "I also urge you to take all necessary steps",
        "I look forward to your reply.",
        "Yours sincerely,",
        "cc: His Excellency Alexander Darchiev",
        "Aleksandr Bastrykin, Chair of the Investigation Committee",
    ]
    positions = [page.index(part) for part in parts]
    assert positions == sorted(positions)
    width, height = PdfReader(out, strict=True).pages[0].mediabox.upper_right
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)


def test_letters_for_every_official_one_a_page_on_us_letter(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "all.pdf"
    result = runner.invoke(app, [*OPTIONS, "--to", "all", "-o", str(out), "--paper", "letter"])
    assert result.exit_code == 0, result.stderr
    pages = _text(out)
    assert [page.split("\n")[3] for page in pages] == [  # under the one-line "Ottawa, Canada"
        "Vladimir Putin",
        "His Excellency Alexander Darchiev",
        "Aleksandr Bastrykin",
    ]
    assert PdfReader(out, strict=True).pages[0].mediabox.upper_right == (612, 792)


def test_a_script_the_font_cannot_show_is_an_error_not_a_blank_box(
    runner: CliRunner, tmp_path: Path
) -> None:
    options = list(OPTIONS)
    options[options.index("Мария Παπαδοπούλου")] = "张伟"
    result = runner.invoke(app, [*options, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "letterkit: the letter has 张 (U+5F20 CJK UNIFIED IDEOGRAPH-5F20), which the bundled "
        "font cannot show"
    )
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(NotComposableError):
        letters_pdf(["😀"], "a4")


def test_only_letters_and_faxes_are_printed(runner: CliRunner, tmp_path: Path) -> None:
    options = [*OPTIONS[:-4], "--channel", "tweet", "-o", str(tmp_path / "t.pdf")]
    result = runner.invoke(app, options)
    assert result.exit_code == 2
    assert result.stderr == (
        "letterkit: --output: a PDF is made for letters and faxes; save this tweet message "
        "as .txt\n"
    )
    result = runner.invoke(app, [*OPTIONS, "-o", str(tmp_path / "x.pdf"), "--paper", "a5"])
    assert result.exit_code == 2
    assert "--paper: `a5` is not a paper size; use a4 or letter" in result.stderr


def test_a_pdf_is_never_written_over_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"%PDF my own")
    result = runner.invoke(app, [*OPTIONS, "-o", str(out)])
    assert result.exit_code == 4
    assert out.read_bytes() == b"%PDF my own"


def test_batch_pdf_files(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\nΖωή Παπαδοπούλου,I study law.\n张伟,I teach.\nAnn,Hi.\n")
    out = tmp_path / "out"
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "fax",
        "--format",
        "pdf",
        "--out-dir",
        str(out),
        "--paper",
        "a4",
    )
    assert result.exit_code == 1
    assert f"letterkit: {sheet}:3: the letter has 张" in result.stderr
    assert sorted(path.name for path in out.glob("*.pdf")) == [
        "000002-zoe-papadopoulou.pdf",
        "000004-ann.pdf",
    ]
    (page,) = _text(out / "000002-zoe-papadopoulou.pdf")
    assert page.startswith("FAX\nTo:     Vladimir Putin")
    assert "Ζωή Παπαδοπούλου" in page


@pytest.mark.parametrize(
    ("environment", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LC_ALL": "es_MX"}, "letter"),
        ({"LANG": "de_DE.UTF-8"}, "a4"),
        ({"LANG": "en_GB.UTF-8"}, "a4"),
        ({"LANG": "C.UTF-8"}, "a4"),  # no country
        ({"LANG": "C"}, "a4"),
        ({"LANG": "POSIX"}, "a4"),
        ({"LANG": "de_DE.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "letter"),  # paper's own setting
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "a4"),
        ({"LC_ALL": "C.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "a4"),  # LC_ALL over all
        ({"LANG": "sr_RS@latin"}, "a4"),
    ],
)
def test_the_paper_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], paper: str
) -> None:
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    # Python's own reading, which says en_US for C.UTF-8, is not asked while one is set.
    monkeypatch.setattr(locale, "getlocale", lambda category=0: ("en_US", "UTF-8"))
    assert default_paper() == paper
    assert paper in PAPERS


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("en_US", "letter"),
        ("English_United States", "letter"),  # as Windows names it
        ("French_Canada", "letter"),
        ("German_Germany", "a4"),
        (None, "a4"),
    ],
)
def test_without_a_locale_set_windows_is_asked(
    monkeypatch: pytest.MonkeyPatch, name: str | None, paper: str
) -> None:
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setattr(locale, "getlocale", lambda category=0: (name, "UTF-8"))
    assert default_paper() == paper


def test_without_a_locale_set_a_posix_system_is_in_the_c_locale_a4() -> None:
    """As cron, systemd and containers run: Python makes the C locale C.UTF-8, and reads that
    as en_US; the C locale names no country."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("LC_")}
    environment.pop("LANG", None)
    code = "from letterkit.pdf import default_paper; print(default_paper())"
    shown = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert shown.stdout == "a4\n"


def test_a_journal_from_before_is_upgraded_keeping_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE letters (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, case_id "
            "TEXT NOT NULL, reference TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT "
            "NULL, letter_date TEXT NOT NULL, signer TEXT, output TEXT UNIQUE, how TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO letters VALUES (1, '2026-11-01', 'ua-2-19-russia', 'UA 2/19', "
            "'putin', 'letter', '2026-11-01', 'Ann', NULL, 'sent')"
        )
    with Journal(path) as journal:
        assert [count.letters for count in journal.counts()] == [1]


def test_a_batch_for_the_printer_and_the_postage_to_buy(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about,to\nAnn,I care.,all\nBob,I teach.,putin\nCy,I cook.,putin\n")
    combined = tmp_path / "print.pdf"
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--combined",
        str(combined),
        "--out-dir",
        str(tmp_path / "out"),
        "--paper",
        "a4",
    )
    assert result.exit_code == 0, result.stderr
    pages = _text(combined)
    assert [page.split("\n")[0] for page in pages] == ["Ann", "Ann", "Ann", "Bob", "Cy"]
    assert [page.split("\n")[2] for page in pages][:3] == [
        "Vladimir Putin",
        "His Excellency Alexander Darchiev",
        "Aleksandr Bastrykin",
    ]
    assert "5 pages for the printer in" in result.stderr
    assert result.stderr.split("Postage to buy:\n")[1].splitlines() == [
        "  3 letters to Vladimir Putin (RUSSIAN FEDERATION): $2.65 each, $7.95 in all",
        "  1 letter to His Excellency Alexander Darchiev: $.90 each, $0.90 in all",
        "  1 letter to Aleksandr Bastrykin (RUSSIAN FEDERATION): $2.65 each, $2.65 in all",
        "  In all: $11.50",
    ]
    # A re-run writes no letter again, and the printer's copy still has them all.
    again = tmp_path / "again.pdf"
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--combined",
        str(again),
        "--out-dir",
        str(tmp_path / "out"),
        "--paper",
        "a4",
    )
    assert result.exit_code == 0, result.stderr
    assert "3 rows: 0 written, 5 already done, 0 failed" in result.stderr
    assert _text(again) == pages


def test_combined_goes_with_pdf(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\nAnn,I care.\n")
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--out-dir",
        str(tmp_path),
        "--combined",
        str(tmp_path / "c.pdf"),
    )
    assert result.exit_code == 2
    assert result.stderr == "letterkit: --combined: goes with --format pdf\n"


@pytest.mark.parametrize(("size", "millimetres"), [("dl", (220, 110)), ("us10", (241, 105))])
def test_envelopes_for_the_letters_to_post(
    runner: CliRunner, tmp_path: Path, size: str, millimetres: tuple[int, int]
) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        'name,place,about,to,channel\nAnn,"Ottawa\nCanada",I care.,all,letter\n'
        "Bob,,I teach.,putin,fax\n"
    )
    envelopes = tmp_path / "envelopes.pdf"
    result = batch(
        runner,
        str(sheet),
        "--out-dir",
        str(tmp_path / "out"),
        "--envelopes",
        str(envelopes),
        "--envelope",
        size,
    )
    assert result.exit_code == 0, result.stderr
    assert "3 envelopes in" in result.stderr  # Bob's fax needs none
    pages = _text(envelopes)
    assert [page.splitlines()[:3] for page in pages] == [["Ann", "Ottawa", "Canada"]] * 3
    putin, darchiev, bastrykin = pages
    assert "AIR MAIL / PAR AVION" in putin
    assert putin.rstrip().endswith("103132 Moscow\nRUSSIAN FEDERATION")
    assert "AIR MAIL" not in darchiev  # Ottawa to Ottawa
    assert "105005 Moscow\nRUSSIAN FEDERATION" in bastrykin
    width, height = PdfReader(envelopes, strict=True).pages[0].mediabox.upper_right
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == millimetres


def test_an_unknown_envelope(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\nAnn,I care.\n")
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--out-dir",
        str(tmp_path / "o"),
        "--envelopes",
        str(tmp_path / "e.pdf"),
        "--envelope",
        "a3",
    )
    assert result.exit_code == 2
    assert result.stderr == "letterkit: --envelope: `a3` is not an envelope; use dl, c5 or us10\n"


def test_the_page_layout_golden(
    runner: CliRunner, tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    """The page as laid out (pypdf's layout mode keeps where each line stands)."""
    out = tmp_path / "letter.pdf"
    result = runner.invoke(app, [*OPTIONS, "-o", str(out), "--paper", "a4"])
    assert result.exit_code == 0, result.stderr
    layout = PdfReader(out, strict=True).pages[0].extract_text(extraction_mode="layout")
    golden(
        "ua-2-19-russia.letter.pdf-layout.txt",
        "\n".join(line.rstrip() for line in layout.splitlines()).strip("\n") + "\n",
    )


def test_lines_wider_than_the_page_go_on_below(runner: CliRunner, tmp_path: Path) -> None:
    place = "Apt 5, 12 Very Long Street Name Building C Floor 3 Ottawa ON K1A 0B1 North, Canada"
    options = [*OPTIONS, "--place", place, "--channel", "fax", "-o", str(tmp_path / "f.pdf")]
    result = runner.invoke(app, options)
    assert result.exit_code == 0, result.stderr
    for line in _text(tmp_path / "f.pdf")[0].splitlines():
        assert len(line) <= 72


def test_paper_and_envelopes_are_checked_before_anything_is_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, [*OPTIONS, "--paper", "a4", "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert result.stderr == "letterkit: --paper: goes with --output FILE.pdf or --format pdf\n"
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\nAnn,I care.\n")
    same = tmp_path / "same.pdf"
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--combined",
        str(same),
        "--envelopes",
        str(same),
        "--out-dir",
        str(tmp_path / "o"),
    )
    assert result.exit_code == 2
    assert "is also the combined PDF; give each output a file of its own" in result.stderr
    assert not (tmp_path / "o").exists()
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "fax",
        "--out-dir",
        str(tmp_path / "o"),
        "--envelopes",
        str(tmp_path / "e.pdf"),
    )
    assert result.exit_code == 0
    assert "no letters to post, so no envelopes" in result.stderr


def test_a_combined_pdf_is_written_as_the_letters_come(runner: CliRunner, tmp_path: Path) -> None:
    import io

    from letterkit.pdf import LettersPdf

    stream = io.BytesIO()
    pdf = LettersPdf("a4", stream)
    sizes = []
    for n in range(3):
        pdf.add(f"Signer {n}\n\nI care.\n")
        sizes.append(len(stream.getvalue()))
    assert sizes[0] < sizes[1] < sizes[2]  # each page on its way to disk as soon as made
    assert sizes[2] - sizes[1] < 1000  # a page, not the font again
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\n" + "".join(f"Signer {n},I care {n}.\n" for n in range(10)))
    combined = tmp_path / "all.pdf"
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--combined",
        str(combined),
        "--paper",
        "letter",
    )
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(combined, strict=True)
    assert [page.extract_text().split("\n")[0] for page in reader.pages] == [
        f"Signer {n}" for n in range(10)
    ]
    assert all(page.mediabox.upper_right == (612, 792) for page in reader.pages)
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []


def test_an_interrupted_combined_pdf_leaves_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterkit.pdf import LettersPdf

    def interrupted(self: LettersPdf, text: str, *, posted: bool = False) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(LettersPdf, "add", interrupted)
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\nAnn,I care.\n")
    result = batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--combined",
        str(tmp_path / "all.pdf"),
    )
    assert result.exit_code == 130
    assert sorted(path.name for path in tmp_path.iterdir()) == ["s.csv"]


def test_format_pdf_to_standard_output_or_any_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, [*OPTIONS, "--format", "pdf", "--paper", "a4"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    (tmp_path / "out").write_bytes(result.stdout_bytes)
    assert "Dear President Putin," in _text(tmp_path / "out")[0]
    result = runner.invoke(app, [*OPTIONS, "--format", "pdf", "-o", str(tmp_path / "l.txt")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "l.txt").read_bytes().startswith(b"%PDF-")
    result = runner.invoke(app, [*OPTIONS, "--format", "docx"])
    assert result.exit_code == 2
    assert result.stderr == "letterkit: --format: `docx` is not a format; use text or pdf\n"


def test_late_signers_are_printed_alone_with_new_only(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about,place\nAnn,I care.,Oslo\nBob,I teach.,York\n", encoding="utf-8")
    out = tmp_path / "letters"
    first = batch(
        runner,
        sheet,
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--out-dir",
        str(out),
        "--combined",
        str(tmp_path / "evening.pdf"),
        "--envelopes",
        str(tmp_path / "env.pdf"),
    )
    assert first.exit_code == 0, first.stderr
    with sheet.open("a", encoding="utf-8") as more:
        more.write("Cy,I paint.,Leeds\n")  # a late signer
    late = batch(
        runner,
        sheet,
        "--channel",
        "letter",
        "--format",
        "pdf",
        "--out-dir",
        str(out),
        "--combined",
        str(tmp_path / "late.pdf"),
        "--envelopes",
        str(tmp_path / "late-env.pdf"),
        "--new-only",
    )
    assert late.exit_code == 0, late.stderr
    assert late.stderr.startswith("3 rows: 1 written, 2 already done, 0 failed\n")
    pages = _text(tmp_path / "late.pdf")
    assert [page.split("\n")[0] for page in pages] == ["Cy"]  # only the new letter
    assert len(PdfReader(tmp_path / "late-env.pdf").pages) == 1
    assert "  1 letter to Vladimir Putin" in late.stderr  # stamps for the new letter alone
    assert f"1 page for the printer in {tmp_path / 'late.pdf'}" in late.stderr
    assert f"1 envelope in {tmp_path / 'late-env.pdf'}" in late.stderr
    nothing_new = batch(
        runner,
        sheet,
        *("--channel", "letter", "--format", "pdf", "--out-dir", str(out), "--new-only"),
        *("--combined", str(tmp_path / "none.pdf"), "--envelopes", str(tmp_path / "none-env.pdf")),
    )
    assert nothing_new.exit_code == 0, nothing_new.stderr
    assert f"no letters to print, so no PDF: {tmp_path / 'none.pdf'} not made" in nothing_new.stderr
    assert not (tmp_path / "none.pdf").exists()
    assert not (tmp_path / "none-env.pdf").exists()
    assert not list(tmp_path.glob(".none.pdf*"))  # nor its temporary file
    refused = batch(runner, sheet, "--channel", "letter", "--format", "jsonl", "--new-only")
    assert refused.exit_code == 2
    assert "--new-only: needs --out-dir" in refused.stderr


def test_a_second_page_is_numbered_and_the_copies_never_stand_alone(tmp_path: Path) -> None:
    body = [f"Paragraph line {number}." for number in range(46)]
    closing = ["Yours sincerely,", "", "", "", "Maria Example", ""]
    lines = ["Maria Example", "Ottawa", *body, *closing]
    assert len(lines) == 54  # the `cc:` line would open page 2 alone
    text = "\n".join([*lines, "cc: His Excellency Alexander Darchiev", "    Aleksandr Bastrykin"])
    out = tmp_path / "long.pdf"
    out.write_bytes(letters_pdf([text], "a4"))
    first, second = _text(out)
    assert "Maria Example · 1/2" in first
    assert second.startswith("Yours sincerely,")  # the sign-off went over with the copies
    assert "Maria Example · 2/2" in second
    assert "cc: His Excellency Alexander Darchiev" in second
    one_page = tmp_path / "short.pdf"
    one_page.write_bytes(letters_pdf(["Maria Example\n\nDear Sir,\n"], "a4"))
    assert "1/1" not in _text(one_page)[0]  # a letter of one page is not numbered
    cover = ["FAX", "To:     Vladimir Putin", "From:   Maria Example, Ottawa", "-" * 72, ""]
    fax = tmp_path / "fax.pdf"
    fax.write_bytes(letters_pdf(["\n".join([*cover, *lines])], "a4"))
    assert [page.rsplit("\n", 1)[-1] for page in _text(fax)] == [
        "Maria Example · 1/2",  # the letter's writer, not the cover's heading
        "Maria Example · 2/2",
    ]


def test_glyphs_whose_numbers_hold_a_parenthesis_or_a_line_end_read_back() -> None:
    """A glyph's two bytes may be `(`, `)`, `\\` or a line end, which a PDF string escapes."""
    import io

    from letterkit.pdf.font import load_font
    from letterkit.pdf.pages import FONT

    font = load_font(FONT)
    awkward = sorted(
        character
        for character, gid in font.glyph_ids.items()
        if {gid >> 8, gid & 0xFF} & {0x28, 0x29, 0x5C, 0x0A, 0x0D}
        and character.isprintable()
        and not character.isspace()
    )[:40]
    assert len(awkward) >= 10
    line = "".join(awkward)
    (page,) = PdfReader(io.BytesIO(letters_pdf([f"Ann\n\n{line}\n"], "a4")), strict=True).pages
    assert line in page.extract_text()
