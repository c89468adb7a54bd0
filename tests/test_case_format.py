"""The case format as actions are published: what a case may leave out, and how it is shown.

Nothing a case leaves out is invented: no reference, no date of issue.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from letterkit.cases import load_case
from letterkit.cli import app
from letterkit.compose import make_draft, make_writer
from letterkit.render import render

from .conftest import FIXTURE_CASES

DAY = dt.date(2026, 11, 25)
CASES = ["--cases-dir", str(FIXTURE_CASES)]


def test_a_case_without_reference_or_date_prints_neither(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "no-reference.yaml")
    assert (case.reference, case.issued) == (None, None)
    fax = render(make_draft(case, make_writer("A", "I am a nurse"), [1], "fax", None, DAY))
    assert "Re:     Free the Riverside Three\n" in fax.text
    assert "None" not in fax.text
    shown = runner.invoke(app, ["show", "no-reference", *CASES])
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("Free the Riverside Three\nTestland · no deadline given")
    assert "issued" not in shown.stdout
    listed = runner.invoke(app, ["list", *CASES])
    row = next(line for line in listed.stdout.splitlines() if line.startswith("no-reference"))
    assert row.split()[:2] == ["no-reference", "Free"]
    made = runner.invoke(
        app,
        [
            "compose", "no-reference", *CASES, "--name", "A", "--about", "I am a nurse",
            "--ask", "1", "--channel", "email", "--json",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert json.loads(made.stdout)["reference"] is None


def test_postage_in_francs_and_euros_by_zone_adds_up_per_currency(
    runner: CliRunner, tmp_path: Path
) -> None:
    shown = runner.invoke(app, ["show", "ch-postage", *CASES])
    assert "Postage: CHF 2.00 (courrier A)" in shown.stdout
    assert "Postage: 1,16 € (France), 1,96 € (Europe)" in shown.stdout
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about,to\nAnn,Je suis infirmière,all\nBob,Je suis médecin,all\n")
    result = runner.invoke(
        app,
        ["batch", "ch-postage", str(sheet), *CASES, "--out-dir", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(
        "Postage to buy:\n"
        "  2 letters to Ministre de l'Intérieur (TESTLAND): CHF 2.00 (courrier A) each, "
        "CHF 4.00 in all\n"
        "  2 letters to Ambassade du Testland (FRANCE): 1,16 € (France) each, 2,32 € or "
        "1,96 € (Europe) each, 3,92 €\n"
    )
    letter = (tmp_path / "out" / "000002-ann-ministre.txt").read_text(encoding="utf-8")
    assert letter.startswith("Ann\n\n")
