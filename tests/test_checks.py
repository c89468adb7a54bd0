"""validate's checks across a case's fields: errors that stop a case, warnings for its author.

Each is made by editing a valid fixture the way an author's mistake would, and
must be reported at the line and column of the field it is about.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cases import check_case_file, load_case
from letterkit.cli import app
from letterkit.errors import CaseFileError

from .conftest import BUNDLED_CASE, FIXTURE_CASES

FIVE = FIXTURE_CASES / "five-languages.yaml"
MODEL = FIXTURE_CASES / "five-languages-model.yaml"


def _with(source: Path, *edits: tuple[str, str]) -> str:
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(problem).replace(str(path), "FILE") for problem in check_case_file(path)]


def test_the_fixtures_and_the_bundled_case_have_nothing_to_report() -> None:
    for path in [BUNDLED_CASE, *sorted(FIXTURE_CASES.glob("*.yaml"))]:
        assert check_case_file(path) == [], path.name


@pytest.mark.parametrize(
    ("source", "edits", "expected"),
    [
        (
            FIVE,
            [("concern: >-", "background: >-")],
            "FILE:4:1: concern: is required unless the case gives a model_letter: a sentence "
            "or two on what the case is about, which every message says after the writer's "
            "sentence",
        ),
        (
            MODEL,
            [("model_letter: |", "background: |")],
            "FILE:4:1: concern: is required unless the case gives a model_letter: a sentence "
            "or two on what the case is about, which every message says after the writer's "
            "sentence",
        ),
        (
            FIXTURE_CASES / "us-sample-letter.yaml",
            [("model_letter: |", "background: |"), ("summary: |", "concern: >-\n  x\nsummary: |")],
            "FILE:4:1: asks: an appeal needs asks for writers to choose, or a model_letter that "
            "makes its requests",
        ),
        (
            FIXTURE_CASES / "us-sample-letter.yaml",
            [
                ("channels: [letter, email]", "channels: [letter, email, tweet]"),
                (
                    "    emails: [clemency@pardons.example]",
                    '    emails: [clemency@pardons.example]\n    twitter: ["@Pardons"]',
                ),
            ],
            "FILE:20:11: channels: a tweet says the chosen asks in a few words, and this case has "
            "no asks: give asks with a `short` form each, or leave tweet out",
        ),
        (
            FIVE,
            [("      short: release Lina Moreau now\n", "")],
            "FILE:21:7: asks.items[0]: gives no `short`: the case offers tweets and calls, which "
            "say each ask in a few words (200 characters at most)",
        ),
        (
            FIVE,
            [("        short: Lina Moreau direct vrij te laten\n", "")],
            "FILE:136:9: translations.nl.asks[0]: gives no `short`: the case offers tweets and "
            "calls, which say each ask in a few words (200 characters at most)",
        ),
        (
            FIVE,
            [
                (
                    "      - text: Lina Moreau onmiddellijk en onvoorwaardelijk vrij te laten\n"
                    "        short: Lina Moreau direct vrij te laten\n",
                    "",
                )
            ],
            "FILE:136:7: translations.nl.asks: gives 2 asks; the case has 3: give each, in the "
            "same order",
        ),
        (
            FIVE,
            [("  nl:\n", "  en:\n")],
            "FILE:130:5: translations.en: `en` is the case's own language of letters: its texts "
            "are the case's own fields",
        ),
        (
            FIVE,
            [
                (
                    "      ambassador:\n        honorific: Zijne",
                    "      ambassadeur:\n        honorific: Zijne",
                )
            ],
            "FILE:152:9: translations.nl.officials.ambassadeur: no official `ambassadeur` in "
            "this case; its officials are minister, ambassador",
        ),
    ],
)
def test_an_error_across_fields_is_reported_where_it_is(
    tmp_path: Path, source: Path, edits: list[tuple[str, str]], expected: str
) -> None:
    problems = _problems(tmp_path, _with(source, *edits))
    assert problems == [expected]
    with pytest.raises(CaseFileError):
        load_case(tmp_path / "case.yaml")


@pytest.mark.parametrize(
    ("source", "edits", "expected"),
    [
        (
            FIVE,
            [
                (
                    "    - text: release Lina Moreau immediately and unconditionally",
                    "    - text: release Lina Moreau immediately and unconditionally;",
                )
            ],
            "FILE:21:13: warning: asks.items[0].text: ends with `;`, as an item of a pasted "
            "list does: letters leave it out, but the case should too",
        ),
        (
            FIVE,
            [
                (
                    "      - text: libérer Lina Moreau immédiatement et sans condition",
                    "      - text: libérer Lina Moreau immédiatement et sans condition et",
                )
            ],
            "FILE:61:15: warning: translations.fr.asks[0].text: ends with `et`, as an item of "
            "a pasted list does: letters leave it out, but the case should too",
        ),
        (
            FIVE,
            [("language: en\n", "language: en\nletter_language: ru\n"), ("  fr:\n", "  en:\n")],
            "FILE:5:8: warning: title: is in `en` (the file's language) and heads letters in "
            "`ru`: give them a `subject` in `ru`\n"
            "FILE:10:18: warning: letter_language: letterkit has no frame for `ru` and the case "
            "has no templates of its own: its messages would be framed in English (a catalogue "
            "adds a language; see the README)",
        ),
        (
            FIXTURE_CASES / "nl-en-voorbeeldbrief.yaml",
            [('subject: "Testland: Students held after a peaceful protest"\n', "")],
            "FILE:5:8: warning: title: is in `nl` (the file's language) and heads letters in "
            "`en`: give them a `subject` in `en`",
        ),
        (
            FIVE,
            [('    title: "Testland: advocate zonder aanklacht vastgehouden"\n', "")],
            "FILE:130:5: warning: translations.nl: gives no subject or title: letters in `nl` "
            "would be headed in `en`",
        ),
        (
            FIVE,
            [
                (
                    'title: "Testland: Lawyer held without charge"',
                    'title: "Testland: Ich bin der Anwalt und das ist mein Fall"',
                )
            ],
            "FILE:5:8: warning: title: reads as `de`, not `en`, the language of the letters it "
            "heads",
        ),
    ],
)
def test_advice_for_the_author_is_a_warning_where_it_is(
    tmp_path: Path, source: Path, edits: list[tuple[str, str]], expected: str
) -> None:
    assert _problems(tmp_path, _with(source, *edits)) == expected.split("\n")
    load_case(tmp_path / "case.yaml")  # a warning does not stop the case being used


def test_own_templates_that_leave_a_channel_to_the_english_frame_are_pointed_out(
    tmp_path: Path,
) -> None:
    (tmp_path / "letter.j2").write_text("{{ writer.name }}\n", encoding="utf-8")
    text = _with(
        FIXTURE_CASES / "us-sample-letter.yaml",
        ("language: en-US", "language: ru"),
        ("channels: [letter, email]", "channels: [letter, email]\ntemplates: {letter: letter.j2}"),
    )
    assert _problems(tmp_path, text) == [
        "FILE:21:12: warning: templates: the case's own templates leave email to letterkit's "
        "frame, which has no `ru`: those are framed in English"
    ]


def test_validate_counts_warnings_apart_and_succeeds(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = _with(
        FIVE,
        (
            "    - text: release Lina Moreau immediately and unconditionally",
            "    - text: release Lina Moreau immediately and unconditionally;",
        ),
    )
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout.count("warning:") == 1
    assert result.stderr == "1 case file checked, 0 invalid, 1 warning\n"


def test_validate_teaches_every_mistake_at_once_in_line_order(
    runner: CliRunner, golden: Callable[[str, str], None]
) -> None:
    mistakes = Path(__file__).parent / "data" / "many-mistakes.yaml"
    result = runner.invoke(app, ["validate", str(mistakes)])
    assert result.exit_code == 1
    text = result.stdout.replace(str(mistakes), "many-mistakes.yaml")
    golden("validate.many-mistakes.txt", text)
    lines = [int(line.split(":")[1]) for line in text.splitlines()]
    assert lines == sorted(lines)
    assert len(lines) == 13


def test_validate_as_json_for_editors_and_ci(runner: CliRunner) -> None:
    mistakes = Path(__file__).parent / "data" / "many-mistakes.yaml"
    result = runner.invoke(app, ["validate", str(mistakes), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["checked"], report["invalid"], report["warnings"]) == (1, 1, 0)
    assert report["problems"][2] == {
        "file": str(mistakes),
        "line": 9,
        "column": 20,
        "field": "channels[1]",
        "message": "`fx` is not one of `letter`, `fax`, `email`, `tweet`, `call`, `web`: did you "
        "mean `fax`?",
        "severity": "error",
    }


def test_warnings_fail_validate_only_when_strict(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        _with(FIVE, ("    salutation: Dear Minister\n", "    salutation: Dear Minister.\n")),
        encoding="utf-8",
    )
    relaxed = runner.invoke(app, ["validate", str(path)])
    assert relaxed.exit_code == 0
    assert relaxed.stdout == (
        f"{path}:36:17: warning: targets[0].salutation: ends with `.`, which the letter would "
        "print as written: leave it out, and the letter ends the salutation as its language does\n"
    )
    strict = runner.invoke(app, ["validate", str(path), "--strict"])
    assert strict.exit_code == 1
    assert strict.stderr == "1 case file checked, 1 invalid, 1 warning\n"


def test_what_a_case_leaves_out_is_said_with_its_wrong_values(tmp_path: Path) -> None:
    text = _with(
        FIVE,
        ("issued: 2026-03-10", "issued: 2026-3-10"),
        ("concern: >-", "background: >-"),
    )
    assert _problems(tmp_path, text) == [
        "FILE:4:1: concern: is required unless the case gives a model_letter: a sentence or "
        "two on what the case is about, which every message says after the writer's sentence",
        "FILE:6:9: issued: write dates as YYYY-MM-DD, e.g. 2019-09-27",
    ]


def test_a_call_only_action_offers_the_call_alone(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "call-only.yaml")
    assert case.accepted_channels == ["call"]
    result = runner.invoke(
        app,
        [
            "compose", "call-only", "--cases-dir", str(FIXTURE_CASES), "--name", "Ann",
            "--about", "I am a nurse", "--ask", "1", "--date", "2026-11-25",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Call Embassy of Testland: +44 20 7946 0123\n")


def test_wrong_values_do_not_hide_a_missing_concern(tmp_path: Path) -> None:
    text = _with(
        FIVE,
        ("deadline: 2026-12-31", "deadline: 31 December 2026"),
        ("  choose: {min: 2, max: 3}", "  choose: {min: 3, max: 2}"),
        ("concern: >-", "background: >-"),
    )
    assert [line.split(": ")[1] for line in _problems(tmp_path, text)] == [
        "concern",
        "deadline.until",
        "asks.choose",
    ]
    model = _with(MODEL, ("  {asks}\n", "  Here: {asks}\n"))
    assert [line.split(": ")[1] for line in _problems(tmp_path, model)] == ["model_letter"]
