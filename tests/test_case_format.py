"""The case format as actions are published: what a case may leave out, and how it is shown.

Nothing a case leaves out is invented: no reference, no date of issue.
"""

from __future__ import annotations

import datetime as dt
import json

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
