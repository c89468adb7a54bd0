"""The advice after a message fits the writer: the official's address, stamps where they apply."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from letterkit.cases import check_case_file
from letterkit.compose import make_draft, make_writer
from letterkit.countries import country_code, country_of
from letterkit.models import Case
from letterkit.pdf import goes_abroad
from letterkit.render import render

from .conftest import BUNDLED_CASE

DAY = dt.date(2026, 11, 25)


def _send_note(case: Case, place: str) -> str:
    writer = make_writer("Ann Writer", "I am a teacher.", place)
    return str(render(make_draft(case, writer, [1, 2], "letter", "putin", DAY)).notes[0])


@pytest.mark.parametrize(
    ("place", "postage"),
    [
        ("12 Elm Street, Ottawa ON K1A 0B1, Canada", ", with $2.65 in stamps."),
        ("Montréal, KANADA", ", with $2.65 in stamps."),  # as a German speaker writes it
        (
            "1 High St, Leeds, UK",
            "; ask your post office for the stamps for a letter to the Russian Federation.",
        ),
        (
            "Leeds",
            ", with $2.65 in stamps if you post it in Canada; elsewhere, ask your post office.",
        ),
    ],
)
def test_the_stamps_are_the_cases_only_where_they_apply(
    case: Case, place: str, postage: str
) -> None:
    assert _send_note(case, place) == (
        f"Sign it and post it to Vladimir Putin at the address above the salutation{postage}"
    )


def test_without_saying_where_its_postage_applies_a_case_gives_none(case: Case) -> None:
    unpriced = case.model_copy(update={"postage_from": None})
    assert _send_note(unpriced, "Ottawa, Canada").endswith(
        "; ask your post office for the stamps for a letter to the Russian Federation."
    )


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Canada", "CA"),
        ("KANADA", "CA"),
        ("Russie", "RU"),
        ("Russian Federation", "RU"),
        ("Royaume-Uni", "GB"),
        ("UK", "GB"),
        ("Vereinigte Staaten", "US"),
        ("CA", "CA"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_countries_as_people_write_them(written: str, code: str | None) -> None:
    assert country_code(written) == code


def test_an_address_ends_with_its_country_but_a_state_is_not_one() -> None:
    assert country_of(["1 Main St", "Ottawa ON K1A 0B1", "CANADA"]) == "CA"
    assert country_of(["Lyon, France"]) == "FR"
    assert country_of(["Los Angeles, CA"]) is None  # California, not Canada
    assert country_of([]) is None


def test_air_mail_is_for_a_letter_that_crosses_a_border_however_countries_are_written() -> None:
    assert not goes_abroad(["Ann", "Ottawa", "CANADA"], "Canada")
    assert goes_abroad(["Ann", "Ottawa", "Kanada"], "Russian Federation")
    assert goes_abroad(["Ann", "Somewhere"], "Testland")  # not known: labelled, no harm


def test_an_unknown_country_is_named_beside_the_cases_other_errors(tmp_path: Path) -> None:
    text = BUNDLED_CASE.read_text(encoding="utf-8").replace(
        "postage_from: Canada", "postage_from: Narnia"
    )
    text = text.replace("channels: [tweet, fax, letter]", "channels: [tweet, fax, pigeon]")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    fields = [problem.field for problem in check_case_file(tmp_path / "c.yaml")]
    assert "postage_from" in fields
    assert any(field.startswith("channels") for field in fields), fields


def test_a_country_for_postage_letterkit_does_not_know_is_an_error(tmp_path: Path) -> None:
    text = BUNDLED_CASE.read_text(encoding="utf-8").replace(
        "postage_from: Canada", "postage_from: Canadaa"
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    [problem] = check_case_file(tmp_path / "c.yaml")
    assert problem.field == "postage_from"
    assert (
        problem.message
        == "`Canadaa` is not a country letterkit knows; write its name, e.g. `Canada`"
    )


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("Ottawa, Canada", "011 7 495 910-21-34"),  # as the case's section dials it
        ("1 High St, Leeds, UK", "00 7 495 910-21-34"),
        ("Lyon, France", "00 7 495 910-21-34"),
        ("Somewhere", "+7 495 910-21-34"),  # where the writer is not known: in full
    ],
)
def test_a_fax_number_is_shown_as_the_writer_dials_it(case: Case, place: str, shown: str) -> None:
    writer = make_writer("Ann Writer", "I am a teacher.", place)
    fax = render(make_draft(case, writer, [1, 2], "fax", "putin", DAY))
    assert f"Fax:    {shown}\n" in fax.text
    assert str(fax.notes[0]) == f"Sign it and fax it to {shown}."


def test_a_call_links_the_full_number_and_keeps_a_number_it_cannot_read() -> None:
    from letterkit.phones import dialled

    assert dialled("613 235 4341", "CA", "GB").tel == "+16132354341"
    assert dialled("613 235 4341", "CA", "GB").shown == "00 1 613-235-4341"
    assert dialled("+99 2 345 6789", None, "GB").shown == "+99 2 345 6789"  # an invented one
    assert dialled("ask the front desk", "CA", None).shown == "ask the front desk"


def test_an_address_breaks_at_new_lines_and_semicolons_never_at_commas(case: Case) -> None:
    writer = make_writer(
        "Ann Writer", "I teach.", "Ann Writer; 12 Rue Exemple; Gatineau, QC J8X 3X7"
    )
    assert writer.address_lines == ["12 Rue Exemple", "Gatineau, QC J8X 3X7"]  # the name: once
    letter = render(make_draft(case, writer, [1, 2], "letter", "putin", DAY)).text
    assert letter.startswith("Ann Writer\n12 Rue Exemple\nGatineau, QC J8X 3X7\n\n")
    assert letter.count("Gatineau") == 1  # not again under the signature
    one_line = make_writer("Ann", "I teach.", "Ottawa, Canada")
    assert one_line.address_lines == ["Ottawa, Canada"]
    call = render(make_draft(case, one_line, [1, 2], "call", None, DAY)).text
    assert "from Ottawa" in call  # the town, not "Ottawa, Canada"


def test_the_fax_cover_gives_a_multi_line_address_on_its_from_line(case: Case) -> None:
    writer = make_writer("Bob", "I teach.", "12 Elm Street; Gatineau, QC J8X 3X7; Canada")
    fax = render(make_draft(case, writer, [1, 2], "fax", "putin", DAY)).text
    assert "From:   Bob, 12 Elm Street, Gatineau, QC J8X 3X7, Canada\n" in fax


def test_the_country_table_made_by_the_build_is_cldrs() -> None:
    """The table the build writes (read at start-up instead of Babel) is what CLDR says."""
    from letterkit.countries import TABLE, names_from_cldr

    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert table == names_from_cldr(), "made with another Babel: run `python hatch_build.py`"
