"""``letterkit new``: a case written by answering questions, or a draft's blanks filled in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pexpect
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from letterkit.authoring import Blank, fill, find_blanks
from letterkit.cases import check_case_file
from letterkit.cli import app
from letterkit.errors import ChoiceError, Severity

from .conftest import FIXTURE_CASES, spawn_script

FRESH = [
    "en",
    "UA 12/26",
    "Testland: Teacher detained for a poem",
    "Testland",
    "2026-11-20",
    "before 2027-01-10",
    "Ana Example, a teacher, was detained on 3 November for reading a poem aloud.",
    "1",  # asks
    "I am alarmed that Ana Example, a teacher, is detained for reading a poem.",
    "release Ana Example immediately and unconditionally",
    "ensure that she sees her lawyer and her family",
    "drop every charge against her",
    "",  # no more asks
    "",  # choose: the suggested 2-3
    "Omar Minister",
    "Minister of Justice",
    "Dear Minister",
    "1 Palace Square",
    "Capital City 1000",
    "",  # the address ends
    "Testland",
    "minister@justice.example",
    "+99 1 234 5678",
    "",  # web
    "@OmarMinister",
    "",  # no second official
    "Embassy of Testland",  # a copy, by title alone
    "",
    "",
    "12 Embassy Row",
    "Ottawa ON K1A 0B1",
    "",
    "Canada",
    "",
    "",
    "",
    "",
    "",  # no second copy
    "letter, fx",  # a typo: asked again under the same number
    "letter, email, fax, tweet",
    "release Ana Example",
    "see her lawyer and family",
    "drop the charges",
    "",  # background
    "group@example.org",
    "",  # source
    "",  # the suggested file name
]


def _numbers(stderr: str) -> list[int]:
    return [int(one) for one in re.findall(r"(?m)(?:^|: )(\d+)\. ", stderr)]


def test_a_case_is_written_question_by_question_and_validates(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new"], input="\n".join(FRESH) + "\n")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "ua-12-26-testland.yaml"
    assert "wrote ua-12-26-testland.yaml: Testland: Teacher detained for a poem" in result.stderr
    assert check_case_file(written) == []
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["deadline"] == {"before": dt.date(2027, 1, 10)}
    assert data["asks"]["choose"] == {"min": 2, "max": 3}
    assert [one["short"] for one in data["asks"]["items"]] == [
        "release Ana Example",
        "see her lawyer and family",
        "drop the charges",
    ]
    minister = data["targets"][0]
    assert minister["id"] == "omar-minister"
    assert minister["address"] == {
        "lines": ["1 Palace Square", "Capital City 1000"],
        "country": "Testland",
    }
    assert minister["twitter"] == ["@OmarMinister"]
    assert data["copies"][0]["address"]["lines"] == ["12 Embassy Row", "Ottawa ON K1A 0B1"]
    assert data["channels"] == ["letter", "email", "fax", "tweet"]
    assert data["contact"] == {"email": "group@example.org"}
    # The typo was refused and its question asked again under its own number.
    assert "`fx` is not one of letter, fax, email, tweet, call, web. Please try again." in (
        result.stderr
    )
    numbers = _numbers(result.stderr)
    channels = int(re.search(r"(\d+)\. Channels, in order", result.stderr)[1])  # type: ignore[index]
    assert numbers.count(channels) == 2
    composed = runner.invoke(
        app,
        [
            *("compose", str(written), "--name", "Ana", "--about", "I teach in Leeds."),
            *("--ask", "1 3", "--channel", "letter", "--to", "omar-minister", "--place", "Leeds"),
            *("--date", "2026-12-01"),
        ],
    )
    assert composed.exit_code == 0, composed.stderr
    assert "Dear Minister," in composed.stdout
    assert "drop every charge against her" in composed.stdout


def test_each_answer_is_checked_as_it_is_typed(runner: CliRunner, tmp_path: Path) -> None:
    answers = [*FRESH[:4], "20 November", *FRESH[4:]]
    answers[answers.index("minister@justice.example")] = "minister(a)justice.example"
    answers.insert(answers.index("minister(a)justice.example") + 1, "minister@justice.example")
    result = runner.invoke(
        app, ["new", "-o", str(tmp_path / "c.yaml")], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "write dates as YYYY-MM-DD, e.g. 2019-09-27. Please try again." in result.stderr
    assert "Please try again." in result.stderr.split("Email (Enter: none)")[1]
    assert check_case_file(tmp_path / "c.yaml") == []


def test_an_existing_file_is_refused_before_any_question(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("my own work\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "-o", str(mine)], input="en\n")
    assert result.exit_code == 4
    assert result.stderr == f"letterkit: {mine}: exists; pass --force to replace it\n"
    assert mine.read_text(encoding="utf-8") == "my own work\n"


def test_input_that_ends_early_writes_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new"], input="\n".join(FRESH[:10]) + "\n")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "letterkit: input ended before the case was complete; nothing was written\n"
    )
    assert list(tmp_path.iterdir()) == []


DRAFT = """\
# Drafted from an action (lines 1-40).
title: "FILL IN: the action's title, as its page heads it"
country: "Testland"  # line 12, a guess
summary: "A poet was jailed for a poem."  # lines 3-5
concern: "FILL IN: what every letter says it is about, in a sentence or two"
channels: ["FILL IN: how to reach them: letter, fax or email"]
asks:
  choose: {min: 1, max: 1}
  items:
    - text: "free the poet"  # line 20
targets:
  - id: official
    name: "Ana Minister"  # line 30
    address:
      lines: ["FILL IN: their postal address, a line each"]
"""


def test_a_draft_is_resumed_asking_only_for_its_blanks_and_keeping_its_comments(
    runner: CliRunner, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    answers = [
        "Testland: Poet jailed",
        "I am alarmed that a poet is in prison for a poem.",
        "1 Main Street",
        "Capital, 1000",  # a comma is part of a line
        "",
        "letter, fax",  # no official has a fax: refused at once, with the whole case in view
        "letter",
        "",  # the suggested name
    ]
    result = runner.invoke(app, ["new", "--from", str(draft)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert f"{draft}: 4 values to fill in." in result.stderr
    # The channels last, once the contacts that decide them are known.
    assert result.stderr.index("whom to write to 1: address lines") < result.stderr.index(
        "channels: how to reach them"
    )
    assert "1. title: the action's title, as its page heads it" in result.stderr
    assert "summary" not in result.stderr  # found in the draft: not asked
    assert (
        "no official in the case has a fax number: give one, or leave fax out. Please try again."
        in result.stderr
    )
    written = tmp_path / "testland.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Drafted from an action (lines 1-40).\n")
    assert 'country: "Testland"  # line 12, a guess\n' in text
    assert 'lines: ["1 Main Street", "Capital, 1000"]' in text
    assert check_case_file(written) == []
    assert draft.read_text(encoding="utf-8") == DRAFT  # the draft is left as it was


def test_a_wrong_value_in_a_draft_is_asked_again_with_its_value_offered(
    runner: CliRunner, tmp_path: Path
) -> None:
    case = (FIXTURE_CASES / "window.yaml").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(re.sub(r"(?m)^country: .*$", "country: ''", case, count=1), encoding="utf-8")
    result = runner.invoke(
        app,
        ["new", "--from", str(wrong), "-o", str(tmp_path / "right.yaml")],
        input="Testland\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "country: is empty: write something, or leave the key out" in result.stderr
    assert check_case_file(tmp_path / "right.yaml") == []


# The core: blanks filled where they stand


def test_a_blank_filled_keeps_every_other_byte() -> None:
    blanks, unplaced = find_blanks("draft", DRAFT)
    assert unplaced == []
    assert [one.field for one in blanks] == [
        "title",
        "concern",
        "targets[0].address.lines[0]",
        "channels[0]",
    ]
    title = blanks[0]
    filled = fill("draft", DRAFT, title, ["Testland: Poet jailed"])
    assert filled == DRAFT.replace(
        '"FILL IN: the action\'s title, as its page heads it"', '"Testland: Poet jailed"'
    )
    with pytest.raises(ChoiceError, match="title: write something here"):
        fill("draft", DRAFT, title, ["  "])
    with pytest.raises(ChoiceError, match="`fx` is not one of"):
        fill("draft", DRAFT, blanks[3], ["letter, fx"])


@given(
    answer=st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
    ).filter(lambda text: text.strip() and "=?" not in text)
)
def test_any_title_typed_reads_back_exactly_as_typed(answer: str) -> None:
    """YAML's own words (`no`, `2026`, `: `, `#`) and every character stay text."""
    title = Blank(("title",), "the title")
    try:
        filled = fill("draft", DRAFT, title, [answer])
    except ChoiceError:
        return  # refused as a title is (a bidirectional override): never written wrong
    assert yaml.safe_load(filled)["title"] == answer.strip()


def test_a_draft_with_no_blanks_left_is_complete() -> None:
    text = (FIXTURE_CASES / "window.yaml").read_text(encoding="utf-8")
    assert find_blanks("window", text) == ([], [])


# A real terminal


def test_new_in_a_terminal_writes_a_case_that_validates(tmp_path: Path) -> None:
    child = spawn_script("new", "-o", "case.yaml", cwd=tmp_path, columns=120)
    prompts = [
        ("1. Language the case is written in", "en"),
        ("2. Reference", ""),
        ("3. Title", "Testland: Teacher detained"),
        ("4. Country the case is about", "Testland"),
        ("5. Date of issue", ""),
        ("6. Deadline", "2099-01-01"),
        ("7. What happened", "A teacher was detained."),
        ("8. Do writers choose among asks (1), or follow a model letter (2)?", "2"),
        ("The model letter, a paragraph each answer", None),
        ("9. Model letter, paragraph 1", "{about}"),
        ("10. Model letter, paragraph 2", "I urge you to release the teacher at once."),
        ("11. Model letter, paragraph 3 (Enter when done)", ""),
        ("12. What every letter is about", ""),
        ("13. Whom to write to, 1", ""),
        ("an answer is needed here. Please try again.", "Governor of the North"),
        ("14.   Their title", ""),
        ("15.   How a letter opens", "Dear Governor"),
        ("16.   Postal address, line 1", ""),
        ("17.   Email", "governor@north.example"),
        ("18.   Fax number", ""),
        ("19.   Web form", ""),
        ("20.   Twitter handle", ""),
        ("21. Whom to write to, 2", ""),
        ("22. Whom to copy, 1", ""),
        ("23. Channels, in order of preference", ""),
        ("24. Background", ""),
        ("25. The organisers' email", ""),
        ("26. Where the case was published", ""),
    ]
    for prompt, answer in prompts:
        child.expect_exact(prompt)
        if answer is not None:
            child.sendline(answer)
    child.expect_exact("wrote case.yaml: Testland: Teacher detained")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    problems = check_case_file(tmp_path / "case.yaml")
    assert [one for one in problems if one.severity is Severity.ERROR] == []
    written = yaml.safe_load((tmp_path / "case.yaml").read_text(encoding="utf-8"))
    assert written["channels"] == ["email"]  # the default offered: the contacts given


def test_ctrl_c_in_new_leaves_nothing_behind(tmp_path: Path) -> None:
    child = spawn_script("new", cwd=tmp_path)
    child.expect_exact("1. Language the case is written in")
    child.sendline("en")
    child.expect_exact("2. Reference")
    child.sendintr()
    child.expect_exact("letterkit: interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


def test_an_imported_draft_is_finished_and_loses_only_its_note_on_blanks(
    runner: CliRunner, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.yaml"
    imported = runner.invoke(
        app, ["import", "-", "-o", str(draft)], input="Something happened to someone.\n"
    )
    assert imported.exit_code == 0, imported.stderr
    assert f"next: `letterkit new --from {draft}` asks for each FILL IN" in imported.stderr
    answers = [
        *("Testland: A poet in prison", "Testland", "A poet was jailed."),
        *("I am alarmed that a poet was jailed for a poem.", "free the poet", "Ana Minister"),
        *("", "1 Main St", "Capital 1000", ""),  # "" first: at least one line
        "letter",
    ]
    result = runner.invoke(
        app,
        ["new", "--from", str(draft), "-o", str(tmp_path / "case.yaml")],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "at least one is needed. Please try again." in result.stderr
    line_question = re.findall(
        r"(\d+)\. whom to write to 1: address lines: [^:]*; line 1:", result.stderr
    )
    assert len(line_question) == 2  # asked again,
    assert len(set(line_question)) == 1  # under the same number
    text = (tmp_path / "case.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Drafted by `letterkit import` from - on ")
    assert "FILL IN" not in text
    assert check_case_file(tmp_path / "case.yaml") == []


def test_long_answers_stay_on_their_line_where_the_field_is_a_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = list(FRESH)
    long_title = "Testland: " + "a teacher detained for reading a poem aloud in a square " * 2
    answers[answers.index("Testland: Teacher detained for a poem")] = long_title.strip()
    answers[answers.index("Omar Minister")] = "Omar Minister " + "of the Interior " * 6
    result = runner.invoke(
        app, ["new", "-o", str(tmp_path / "c.yaml")], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    assert check_case_file(tmp_path / "c.yaml") == []
    assert yaml.safe_load((tmp_path / "c.yaml").read_text("utf-8"))["title"] == long_title.strip()


def test_a_block_placeholder_is_filled_and_the_next_key_kept() -> None:
    draft = DRAFT.replace(
        'summary: "A poet was jailed for a poem."  # lines 3-5\n',
        "summary: |  # lines 3-5\n  FILL IN: what happened\n",
    )
    blanks, _ = find_blanks("draft", draft)
    summary = next(one for one in blanks if one.field == "summary")
    filled = fill("draft", draft, summary, ["A poet was jailed."])
    assert 'summary: "A poet was jailed."\nconcern: ' in filled


def test_a_title_that_looks_like_a_day_stays_text() -> None:
    filled = fill("draft", DRAFT, Blank(("title",), "the title"), ["2026-01-01"])
    assert yaml.safe_load(filled)["title"] == "2026-01-01"
