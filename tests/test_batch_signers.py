"""Reading signers sheets as spreadsheets and web forms export them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from letterkit.batch.signers import SheetError, SignerRow, open_signers


def _rows(tmp_path: Path, content: bytes, name: str = "signers.csv") -> list[SignerRow]:
    path = tmp_path / name
    path.write_bytes(content)
    with open_signers(str(path)) as sheet:
        return list(sheet)


def _error(tmp_path: Path, content: bytes, name: str = "signers.csv") -> str:
    with pytest.raises(SheetError) as caught:
        _rows(tmp_path, content, name)
    return str(caught.value).replace(str(tmp_path / name), "SIGNERS")


@pytest.mark.parametrize(
    "content",
    [
        b"name,about,asks\r\nAnn,I am a nurse.,1 3\r\n",  # CRLF, comma
        b"\xef\xbb\xbfname;about;asks\nAnn;I am a nurse.;1 3\n",  # BOM, semicolon (Europe)
        b"name\tabout\tasks\nAnn\tI am a nurse.\t1 3\n",  # tab
        b" Name , ABOUT ,Asks\nAnn,I am a nurse.,1 3\n\n,,\n",  # header spacing, empty rows
    ],
)
def test_spreadsheet_exports(tmp_path: Path, content: bytes) -> None:
    assert _rows(tmp_path, content) == [
        SignerRow(2, {"name": "Ann", "about": "I am a nurse.", "asks": "1 3"})
    ]


def test_quoted_fields_with_commas_quotes_and_newlines_keep_spreadsheet_row_numbers(
    tmp_path: Path,
) -> None:
    content = b'name,about\n"Lee, Ann","I said ""hello"",\nthen left."\nBob,Hi\n'
    rows = _rows(tmp_path, content)
    assert rows == [
        SignerRow(2, {"name": "Lee, Ann", "about": 'I said "hello",\nthen left.'}),
        SignerRow(3, {"name": "Bob", "about": "Hi"}),
    ]


def test_the_delimiter_comes_from_the_header_not_the_prose(tmp_path: Path) -> None:
    content = b"name;about\nAnn;Hello, I am a nurse, a mother, and a runner.\n"
    assert _rows(tmp_path, content)[0].fields["about"] == (
        "Hello, I am a nurse, a mother, and a runner."
    )


def test_json_array_and_json_lines(tmp_path: Path) -> None:
    array = b'[{"name": "Ann", "about": "Hi", "asks": [1, 3]}, {"Name": "Bob", "about": 7}]'
    assert _rows(tmp_path, array, "s.json") == [
        SignerRow(1, {"name": "Ann", "about": "Hi", "asks": "1 3"}),
        SignerRow(2, {"name": "Bob", "about": "7"}),
    ]
    lines = b'{"name": "Ann", "about": "Hi"}\n\n{"name": "Bob", "about": "Yo"}\n{oops\n'
    rows = _rows(tmp_path, lines, "s.jsonl")
    assert [(row.row, row.fields.get("name"), row.problem) for row in rows] == [
        (1, "Ann", None),
        (3, "Bob", None),
        (4, None, "not valid JSON: Expecting property name enclosed in double quotes"),
    ]


def test_a_json_array_is_read_in_pieces(tmp_path: Path) -> None:
    signers = ",".join(f'{{"name": "Signer {n}", "about": "{"x" * 500}"}}' for n in range(500))
    rows = _rows(tmp_path, f"[{signers}]".encode(), "big.json")
    assert [row.fields["name"] for row in rows] == [f"Signer {n}" for n in range(500)]


def test_json_that_is_not_an_array_of_objects(tmp_path: Path) -> None:
    assert _error(tmp_path, b'{"name": "Ann"}', "s.json") == (
        "SIGNERS: a JSON signers file is an array of objects: [{...}, {...}]"
    )
    rows = _rows(tmp_path, b'[{"name": "Ann", "about": "Hi"}, 5, {"name": ["x"]}]', "s.json")
    assert [(row.row, row.problem, row.column) for row in rows] == [
        (1, None, None),
        (2, "a signer is a JSON object of column names to text", None),
        (3, "must be text", "name"),
    ]
    assert _error(tmp_path, b'[{"name": "Ann"} {"name": "Bob"}]', "s.json") == (
        "SIGNERS:2: expected a comma between signers in the JSON array"
    )
    assert _error(tmp_path, b'[{"name": "Ann"},', "s.json") == (
        "SIGNERS:2: ends inside the JSON array (a ] is missing)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "SIGNERS: is empty; expected a header row or JSON"),
        (b"\n\n", "SIGNERS: is empty; expected a header row or JSON"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "SIGNERS: is a binary file, not a CSV or JSON signers sheet",
        ),
        (
            b"name,place\nAnn,Ottawa\n",
            "SIGNERS:1: missing column `about`; the header has: name, "
            "place (letterkit reads name, about, place, email, asks, "
            "channel, to, language, ascii, and recipient_name and the like for a recipient each "
            "signer supplies)",
        ),
        (b"name,about,Name\n", "SIGNERS:1: the column `name` appears twice in the header"),
        (b"nam\xe9,about\n", "SIGNERS:1: is not UTF-8 text; save the sheet as UTF-8 (CSV UTF-8)"),
    ],
)
def test_sheets_that_cannot_be_read(tmp_path: Path, content: bytes, message: str) -> None:
    assert _error(tmp_path, content) == message


def test_a_row_that_is_not_utf8_is_only_that_row(tmp_path: Path) -> None:
    rows = _rows(tmp_path, b"name,about\nAnn,caf\xe9\nBob,Hi\n")
    assert rows == [
        SignerRow(2, {}, "is not UTF-8 text; save the sheet as UTF-8 (CSV UTF-8)", "about"),
        SignerRow(3, {"name": "Bob", "about": "Hi"}),
    ]


def test_a_huge_cell_is_read_for_the_row_to_refuse(tmp_path: Path) -> None:
    rows = _rows(tmp_path, b"name,about\nAnn," + b"x" * 100_000 + b"\nBob,Hi\n")
    assert len(rows[0].fields["about"]) == 100_000
    assert rows[1].fields["name"] == "Bob"


def test_unknown_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(b"name,about,abuot,phone\nAnn,Hi,x,y\n")
    with open_signers(str(path)) as sheet:
        list(sheet)
        assert sheet.unknown_columns == ["abuot", "phone"]


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="no such file"):
        open_signers(str(tmp_path / "nope.csv"))
    with pytest.raises(SheetError, match="is a folder"):
        open_signers(str(tmp_path))


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'[{"name": "Ann", "about": "Hi"}]'))
    monkeypatch.setattr("sys.stdin", stdin)
    with open_signers("-", shown_as="<stdin>") as sheet:
        assert sheet.format == "json"
        assert [row.fields["name"] for row in sheet] == ["Ann"]


def test_a_header_of_too_many_columns_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("name,about," + ",".join(f"c{n}" for n in range(50_000)) + "\nAnn,Hi\n")
    with pytest.raises(SheetError) as caught, open_signers(str(path)) as sheet:
        list(sheet)
    assert str(caught.value) == (
        f"{path}:1: the header has 50,002 columns; a signers sheet has at most 1,000"
    )
    fits = tmp_path / "fits.csv"
    fits.write_text("name,about," + ",".join(f"c{n}" for n in range(998)) + "\nAnn,Hi\n")
    with open_signers(str(fits)) as sheet:
        assert [row.fields["name"] for row in sheet] == ["Ann"]
        assert len(sheet.unknown_columns) == 998


def test_a_json_signer_of_too_many_fields_is_that_rows_error(tmp_path: Path) -> None:
    import json

    wide = {"name": "Ann", "about": "Hi", **{f"extra{n}": "x" for n in range(40_000)}}
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(wide) + "\n" + json.dumps({"name": "Bob", "about": "Hi"}) + "\n")
    with open_signers(str(path)) as sheet:
        rows = list(sheet)
    assert rows[0].problem == "has 40,002 fields; a signer has at most 1,000"
    assert rows[1].fields == {"name": "Bob", "about": "Hi"}


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e999"])
def test_numbers_that_are_not_numbers_are_not_text(tmp_path: Path, value: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(f'{{"name": "Ann", "about": {value}}}\n')
    with open_signers(str(path)) as sheet:
        [row] = list(sheet)
    assert (row.problem, row.column) == ("must be text", "about")


def test_a_json_signer_past_a_megabyte_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('[{"name": "Ann", "about": "' + "x" * 1_100_000 + '"}, {"name": "Bob"}]')
    with (
        pytest.raises(SheetError, match="a signer of over 1 MB; no signer is that large"),
        open_signers(str(path)) as sheet,
    ):
        list(sheet)


def test_a_header_with_two_byte_order_marks(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes("\ufeff\ufeffname,about\nAnn,Hi\n".encode())
    with open_signers(str(path)) as sheet:
        assert [row.fields for row in sheet] == [{"name": "Ann", "about": "Hi"}]
