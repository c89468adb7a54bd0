"""Text from a case or a writer made plain: what is printed is what was written."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letterkit.text import control_character, inert, one_line, paragraphs, plain_text


@pytest.mark.parametrize(
    ("given_text", "plain"),
    [
        ("Maria", "Maria"),
        ("e\u0301", "é"),  # decomposed: composed as a keyboard would type it
        ("red \x1b[31mtext\x1b[0m", "red text"),  # CSI sequences go whole
        ("title\x1b]0;pwned\x07 here", "title here"),  # OSC, ended by BEL
        ("title\x1b]0;pwned\x1b\\ here", "title here"),  # OSC, ended by ST
        ("\x9b2J clear", " clear"),  # one-byte CSI
        ("one\r\ntwo\rthree\u2028four\u2029five\x85six", "one\ntwo\nthree\nfour\nfive\nsix"),
        ("abc\u202edef", "abcdef"),  # a right-to-left override
        ("bell\x07 and nul\x00", "bell and nul"),
        ("tab\tstays", "tab\tstays"),
        ("not utf-8: \udcff", "not utf-8: \ufffd"),  # a lone surrogate from a bad byte
    ],
)
def test_plain_text(given_text: str, plain: str) -> None:
    assert plain_text(given_text) == plain


def test_one_line_joins_lines_and_spaces() -> None:
    assert one_line("  Maria\n  Example\t\r\n ") == "Maria Example"
    assert one_line("") == ""


def test_control_character_names_the_first_one_plain_text_drops() -> None:
    assert control_character("fine text, with\nlines") is None
    assert control_character("bad\x1b[31m") == "\x1b"
    assert control_character("bidi\u202e") == "\u202e"
    assert control_character("a\u2028b") is None  # a line break, folded to \n


def test_paragraphs_split_on_blank_lines_only() -> None:
    text = "First line\nstill first.\n\n  \nSecond\r\n\r\nThird.\n"
    assert paragraphs(text) == ["First line still first.", "Second", "Third."]
    assert paragraphs("\n\n  \n") == []


@given(st.text())
def test_plain_text_leaves_nothing_a_terminal_would_act_on(text: str) -> None:
    plain = plain_text(text)
    assert control_character(plain) is None
    assert "\x1b" not in plain
    assert "\r" not in plain
    assert unicodedata.is_normalized("NFC", plain)
    plain.encode("utf-8")  # always writable as UTF-8
    assert plain_text(plain) == plain  # once is enough


@pytest.mark.parametrize(
    ("given_text", "shown"),
    [
        ("ua-2-19-russia", "ua-2-19-russia"),
        ("\x1b]0;pwned\x07case", "\\x1b]0;pwned\\x07case"),
        ("red \x1b[31m", "red \\x1b[31m"),
        ("\x9b2J", "\\x9b2J"),
        ("title\x85next", "title\\x85next"),
        ("abc\u202edef\u2028", "abc\\u202edef\\u2028"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("bad byte \udcff", "bad byte \\udcff"),
        ("Мария Zoë 漢字 😀", "Мария Zoë 漢字 😀"),
    ],
)
def test_inert_writes_out_what_a_terminal_would_act_on(given_text: str, shown: str) -> None:
    assert inert(given_text) == shown


@given(st.text())
def test_inert_text_holds_nothing_a_terminal_acts_on(text: str) -> None:
    shown = inert(text)
    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for character in shown:
        assert character in "\t\n" or character not in bidi
        assert character in "\t\n" or unicodedata.category(character) not in (
            "Cc",
            "Zl",
            "Zp",
            "Cs",
        )


def test_chinese_in_ascii_keeps_its_syllables_apart_without_doubled_spaces() -> None:
    from letterkit.channels.ascii_text import to_ascii_text

    assert to_ascii_text("李 Wei")[0] == "Li Wei"
    assert to_ascii_text("王伟, Beijing")[0] == "Wang Wei, Beijing"
    assert to_ascii_text("李Wei")[0] == "Li Wei"
    assert to_ascii_text("山田\u3000太郎")[0] == "Shan Tian Tai Lang"
    assert to_ascii_text("    Мария Иванова\n")[0] == "    Mariia Ivanova\n"  # the layout kept
