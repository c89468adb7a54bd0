"""Sheets as organisers export them: web forms' questions and spreadsheets in their language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from letterkit.batch.headers import header_key, match_header
from letterkit.batch.signers import COLUMNS, SignerRow, open_signers
from letterkit.cli import app

GOOGLE_FORM = (
    "Timestamp,Email Address,Your name,Your town,A sentence about yourself,"
    "Which asks? (choose two or three)\n"
    '2026/11/28 19:02:11,ana@example.org,Ana Example,Leeds,I am a nurse in Leeds.,"1, 3"\n'
    '2026/11/28 19:05:40,ben@example.org,Ben Example,York,I teach history in York.,"2, 4"\n'
)
EXCEL_FR = (
    "\ufeffPrénom;Nom;Ville;Une phrase sur vous;Demandes\n"
    "Camille;Exemple;Lyon;Je suis infirmière à Lyon.;1 3\n"
)


def _rows(tmp_path: Path, text: str, name: str = "s.csv", **columns: str) -> list[SignerRow]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with open_signers(str(path), columns={header_key(k): v for k, v in columns.items()}) as sheet:
        return list(sheet)


def test_a_google_forms_export_is_read_as_it_comes(tmp_path: Path) -> None:
    rows = _rows(tmp_path, GOOGLE_FORM)
    assert rows[0] == SignerRow(
        2,
        {
            "email": "ana@example.org",
            "name": "Ana Example",
            "place": "Leeds",
            "about": "I am a nurse in Leeds.",
            "asks": "1, 3",
        },
    )


def test_french_headers_with_first_and_last_name_are_joined(tmp_path: Path) -> None:
    assert _rows(tmp_path, EXCEL_FR) == [
        SignerRow(
            2,
            {
                "name": "Camille Exemple",
                "place": "Lyon",
                "about": "Je suis infirmière à Lyon.",
                "asks": "1 3",
            },
        )
    ]


def test_german_first_and_last_names_in_json_are_joined(tmp_path: Path) -> None:
    signers = [{"Vorname": "Jonas", "Nachname": "Beispiel", "Über Sie": "Ich bin Lehrer."}]
    rows = _rows(tmp_path, json.dumps(signers), "s.json")
    assert rows == [SignerRow(1, {"name": "Jonas Beispiel", "about": "Ich bin Lehrer."})]


def test_a_header_no_rule_reaches_is_named_by_the_organiser(tmp_path: Path) -> None:
    text = "Full name,What would you like to say?\nAna,I am a nurse.\n"
    rows = _rows(tmp_path, text, **{"What would you like to say?": "about"})
    assert rows == [SignerRow(2, {"name": "Ana", "about": "I am a nurse."})]


@pytest.mark.parametrize(
    ("cells", "read"),
    [
        (["Name", "Vorname", "Über mich"], ["last_name", "first_name", "about"]),
        (["Nombre", "Apellidos", "Frase"], ["first_name", "last_name", "about"]),
        (["Naam", "Woonplaats", "Over jezelf"], ["name", "place", "about"]),
        (["E-mail", "Adresse e-mail"], ["email", None]),  # one column each: the first wins
        (["name", "Your name", "about"], ["name", None, "about"]),  # its own name comes first
        (["Timestamp", "name", "about"], [None, "name", "about"]),
    ],
)
def test_header_cells_are_read_by_their_words(cells: list[str], read: list[str | None]) -> None:
    assert match_header(cells, COLUMNS).columns == read


def test_a_column_given_a_cell_is_that_cells_alone() -> None:
    match = match_header(["Story", "About", "Name"], COLUMNS, {"story": "about"})
    assert match.columns == ["about", None, "name"]
    assert match.unknown == ["about"]  # said to be ignored


@given(st.lists(st.text(max_size=30), max_size=12))
def test_any_header_is_matched_or_refused_in_words(cells: list[str]) -> None:
    try:
        match = match_header(cells, COLUMNS)
    except ValueError as error:
        refused = str(error)
    else:
        read = [column for column in match.columns if column]
        assert len(read) == len(set(read))  # never two cells for one column
        assert len(match.columns) == len(cells)
        return
    assert "appears twice" in refused or "and a first and a last name" in refused


def _batch(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["batch", "ua-2-19-russia", *args])


def test_a_form_export_makes_letters_and_says_how_it_was_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "responses.csv"
    sheet.write_text(GOOGLE_FORM, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--to", "putin"),
            *("--out-dir", str(tmp_path / "out")),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("reading “Email Address” as email") == 1
    assert (
        "“Your name” as name, “Your town” as place, “A sentence about yourself” as about, "
        "“Which asks? (choose two or three)” as asks" in result.stderr
    )
    assert "columns ignored: timestamp" in result.stderr
    assert len(list((tmp_path / "out").glob("*.txt"))) == 2
    # How the header is read comes first: a row's error names the column it was read as.
    sheet.write_text(GOOGLE_FORM + '2026/11/28 19:09:02,cy@example.org,Cy,Hull,,"1, 2"\n')
    failed = runner.invoke(
        app,
        [
            *("batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--to", "putin"),
            *("--out-dir", str(tmp_path / "out")),
        ],
    )
    lines = failed.stderr.splitlines()
    reading = next(n for n, line in enumerate(lines) if ": reading “Email Address”" in line)
    error = next(n for n, line in enumerate(lines) if f"{sheet}:4: about:" in line)
    assert reading < error
    strict = runner.invoke(
        app,
        [
            *("batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--to", "putin"),
            *("--out-dir", str(tmp_path / "strict"), "--strict"),
        ],
    )
    assert strict.exit_code == 1
    assert strict.stderr.count(": reading “Email Address”") == 1  # said by the checking pass


def test_rows_without_a_channel_and_no_channel_given_are_one_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about,channel\nAnn,I sing.,fax\nBob,I paint.,\nCy,I cook.,\n")
    out = tmp_path / "out"
    result = _batch(runner, str(sheet), "--out-dir", str(out))
    assert result.exit_code == 2, result.stderr
    assert (
        f"letterkit: --channel: row 3 (and 1 more row) of {sheet} names no channel: choose how "
        "to send those rows' messages: tweet, fax, letter, call" in result.stderr
    )
    assert not out.exists()  # nothing made, not even the folder
    given = _batch(runner, str(sheet), "--out-dir", str(out), "--channel", "letter")
    assert given.exit_code == 0, given.stderr
    assert "3 rows: 3 written" in given.stderr


def test_a_forms_ticked_options_are_read_by_their_numbers(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A checkbox question whose options begin with the ask's number, as organisers word them."""
    sheet = tmp_path / "antworten.csv"
    sheet.write_text(
        "Vorname,Nachname,Über mich,Bitten\n"
        'Anna,Beispiel,Ich bin Lehrerin in Köln.,"1. Untersuchen, 3) Schützen"\n',
        encoding="utf-8",
    )
    result = _batch(runner, str(sheet), "--channel", "letter", "--to", "putin", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert "“Bitten” as asks" in result.stderr
    assert "Anna Beispiel" in result.stdout
    letter = json.loads(result.stdout)["text"]
    assert "investigation" in letter  # ask 1
    assert "safety" in letter  # ask 3
    listed = tmp_path / "listed.json"  # a form's ticks as a JSON list, and one a line in a cell
    listed.write_text(
        '[{"name": "Ann", "about": "I sing in Oslo.", "asks": ["1. Untersuchen", "3. Schützen"]},'
        ' {"name": "Bo", "about": "I paint in Lima.", "asks": "2. Justice\\n4. Condemn"}]',
        encoding="utf-8",
    )
    result = _batch(runner, str(listed), "--channel", "letter", "--to", "putin", "--dry-run")
    assert result.exit_code == 0, result.stderr
    refused = tmp_path / "refused.csv"
    refused.write_text("name,about,asks\nAnn,I sing.,Investigate and protect\n", encoding="utf-8")
    result = _batch(runner, str(refused), "--channel", "letter", "--to", "putin", "--dry-run")
    assert "asks: `Investigate` is not an ask number" in result.stderr


def test_an_excel_export_with_french_headers_makes_letters(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Saved by Excel in France: a byte-order mark, semicolons, CRLF, the name in two columns."""
    sheet = tmp_path / "signataires.csv"
    sheet.write_bytes(EXCEL_FR.replace("\n", "\r\n").encode("utf-8"))
    result = _batch(
        runner,
        str(sheet),
        "--channel",
        "letter",
        "--to",
        "putin",
        "--out-dir",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.stderr
    assert "1 row: 1 written, 0 already done, 0 failed" in result.stderr
    (letter,) = (tmp_path / "out").glob("*.txt")
    assert letter.name == "000002-camille-exemple.txt"
    text = letter.read_text(encoding="utf-8")
    assert text.startswith("Camille Exemple\nLyon\n")
    assert "Je suis infirmière à Lyon." in text
    assert "\n\n\n\nCamille Exemple\n" in text  # the first name and the last, signed


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--channel", "lettre"], "--channel: "),
        (["--to", "putn"], "--to: no official `putn` in this case"),
        (["--language", "de"], "--language: "),
        (["--column", "Which asks"], "--column: `Which asks`: write HEADER=COLUMN"),
        (["--column", "Which asks?=wishes"], "--column: `Which asks?=wishes`: no column `wishes`"),
        (
            ["--column", "Your town=place", "--column", "Your town=about"],
            "--column: `Your town=about`: `Your town` is read as `place` too",
        ),
    ],
)
def test_a_wrong_default_is_one_usage_error_before_any_row(
    runner: CliRunner, tmp_path: Path, options: list[str], message: str
) -> None:
    sheet = tmp_path / "responses.csv"
    sheet.write_text(GOOGLE_FORM, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", "ua-2-19-russia", str(sheet), "--out-dir", str(out), *options]
    )
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"letterkit: {message}")
    assert not out.exists()


def test_a_header_the_sheet_lacks_or_two_names_for_the_signer_are_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "responses.csv"
    sheet.write_text(GOOGLE_FORM, encoding="utf-8")
    out = tmp_path / "out"
    options = ["--channel", "letter", "--to", "putin", "--out-dir", str(out)]
    result = _batch(runner, str(sheet), *options, "--column", "Pick your demand=asks")
    assert result.exit_code == 1
    assert (
        f"letterkit: {sheet}:1: `pick_your_demand` is to be read, but the header lacks it; it "
        "has: Timestamp, Email Address, Your name," in result.stderr
    )
    assert not out.exists()
    both = tmp_path / "both.csv"
    both.write_text("First name,Last name,YOUR-NAME,about\nA,B,C D,I sing.\n", encoding="utf-8")
    result = _batch(runner, str(both), *options)
    assert result.exit_code == 1
    assert (
        "the header has a name (“YOUR-NAME”) and a first and a last name (“First name”, “Last "
        'name”): keep one; say which with --column "HEADER=COLUMN"' in result.stderr
    )
    assert not out.exists()
    named = _batch(runner, str(both), *options, "--column", "YOUR-NAME=name")
    assert named.exit_code == 0, named.stderr
    assert "columns ignored: first_name, last_name" in named.stderr
    parts = _batch(runner, str(both), *options, "--column", "First name=first_name", "--force")
    assert parts.exit_code == 0, parts.stderr
    assert "columns ignored: your_name" in parts.stderr
    assert sorted(path.name for path in out.glob("*.txt")) == ["000002-a-b.txt", "000002-c-d.txt"]


def test_a_missing_sheet_is_named_before_anything_else(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    result = runner.invoke(
        app, ["batch", "no-such-case", str(missing), "--format", "bogus", "--channel", "x"]
    )
    assert result.exit_code == 1
    assert result.stderr == f"letterkit: {missing}: no such file\n"


def test_a_dry_run_needs_no_folder(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "responses.csv"
    sheet.write_text(GOOGLE_FORM, encoding="utf-8")
    result = runner.invoke(
        app, ["batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--dry-run"]
    )
    assert result.exit_code == 0, result.stderr
    assert "2 rows" in result.stderr
    assert list(tmp_path.iterdir()) == [sheet]


@pytest.mark.parametrize(
    ("sheet", "name"),
    [
        ('[{"Vorname": "Anna", "Name": "Schmidt", "Über Sie": "Ich bin Ärztin."}]', "Anna Schmidt"),
        ('[{"name": "A", "Your name": "B", "about": "x"}]', "A"),  # its own name wins, as in a CSV
    ],
)
def test_json_names_are_read_as_a_csv_reads_them(tmp_path: Path, sheet: str, name: str) -> None:
    [row] = _rows(tmp_path, sheet, "s.json")
    assert row.fields["name"] == name


def test_french_family_names_and_email_addresses(tmp_path: Path) -> None:
    text = (
        "Prénom,Nom de famille,Adresse électronique,Ville,Phrase sur vous\n"
        "Marie,Dupont,m@d.fr,Lyon,Je soigne.\n"
    )
    [row] = _rows(tmp_path, text)
    assert row.fields == {
        "name": "Marie Dupont",
        "email": "m@d.fr",
        "place": "Lyon",
        "about": "Je soigne.",
    }
