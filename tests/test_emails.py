"""Emails: whatever a case or a writer says, the message file holds only the headers written."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from letterkit.channels.emails import email_file
from letterkit.cli import app
from letterkit.compose import make_draft, make_writer
from letterkit.errors import ChoiceError, NotComposableError
from letterkit.models import Case
from letterkit.render import render

from .conftest import FIXTURE_CASES

DAY = dt.date(2026, 11, 25)
FIXTURE = yaml.safe_load((FIXTURE_CASES / "email-appeal.yaml").read_text(encoding="utf-8"))
HEADERS = {"to", "cc", "subject", "date", "x-unsent", "content-type"}
HEADERS |= {"content-transfer-encoding", "mime-version"}
INJECTION = "=?utf-8?q?Hi=0D=0ABcc=3A_x=40example=2Ecom?="

header_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=60
) | st.sampled_from(
    [
        INJECTION,
        "Hi\r\nBcc: x@example.com",
        "Hi\u2028Bcc: x@example.com",
        "Hi\x85Bcc: x@example.com",
        'Ana "the judge", <evil@example.com>',
        "=?iso-8859-1?b?QmNjOiB4QGV4YW1wbGUuY29t?=",
        "Dr. O'Brien (acting); Minister",
        "Минис­тр",
    ]
)

ZOE_EMAILS_THE_MINISTER = ["--name", "Zoë", "--about", "I read.", "--ask", "1"]
ZOE_EMAILS_THE_MINISTER += ["--channel", "email", "--to", "minister"]


def case_with(**changes: Any) -> Case:
    data = {**FIXTURE, "targets": [dict(one) for one in FIXTURE["targets"]]}
    for key, value in changes.items():
        if key.startswith("target_"):
            data["targets"][0][key.removeprefix("target_")] = value
        else:
            data[key] = value
    return Case.model_validate(data)


FIELDS = ["title", "subject", "target_honorific", "target_name", "target_title", "writer", "about"]


@given(field=st.sampled_from(FIELDS), text=header_text)
def test_the_message_file_holds_exactly_the_headers_written(field: str, text: str) -> None:
    """Any text in any field that may reach a header: refused, or written as it reads."""
    writer_name = text if field == "writer" else "Zoë Martin"
    about = text if field == "about" else "I read the news."
    try:
        case = case_with(**({field: text} if field not in ("writer", "about") else {}))
        writer = make_writer(writer_name, about, writer_name)
    except (ValidationError, ChoiceError):
        return  # refused as it was read: nothing reaches a header
    draft = make_draft(case, writer, [1], "email", "minister", DAY)
    message = render(draft)
    try:
        text = email_file(draft, message)
    except NotComposableError:
        return  # refused at the writing, in one line
    parsed = email.message_from_bytes(text.encode("utf-8"), policy=policy.default)
    assert {key.lower() for key in parsed.keys()} == HEADERS  # noqa: SIM118
    assert len(parsed.keys()) == len(HEADERS)
    minister = case.targets[0]
    assert [(one.display_name, one.addr_spec) for one in parsed["To"].addresses] == [
        (minister.display_name, "minister@example.org")
    ]
    assert [one.addr_spec for one in parsed["Cc"].addresses] == [
        "prosecutor@example.org",
        "office@example.org",
        "embassy@example.org",
    ]
    assert parsed["Subject"] == message.subject == (case.subject or case.title)


@pytest.mark.parametrize(
    ("key", "line", "column"),
    [("title", 4, 8), ("name", 24, 11)],
)
def test_validate_refuses_encoded_words_where_they_would_reach_a_header(
    runner: CliRunner, tmp_path: Path, key: str, line: int, column: int
) -> None:
    text = (FIXTURE_CASES / "email-appeal.yaml").read_text(encoding="utf-8")
    original = {"title": '"Testland: Journalist detained"', "name": "Ana Example"}[key]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(original, INJECTION, 1), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    field = "title" if key == "title" else "targets[0].name"
    assert result.stdout.startswith(f"{bad}:{line}:{column}: {field}: holds `{INJECTION}`")


@pytest.mark.parametrize(
    ("escape", "separator"),
    [("\\L", "\u2028"), ("\\P", "\u2029"), ("\\N", "\u0085"), ("\\r", "\r"), ("\\n", "\n")],
)
def test_validate_refuses_every_kind_of_line_break_in_a_line(
    runner: CliRunner, tmp_path: Path, escape: str, separator: str
) -> None:
    """YAML's own escapes for each line break (raw ones, YAML folds into spaces)."""
    text = (FIXTURE_CASES / "email-appeal.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("name: Ana Example", f'name: "Ana{escape}Bcc: x@example.com"'),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1, result.stdout
    assert result.stdout == (
        f"{bad}:24:11: targets[0].name: holds a line break (U+{ord(separator):04X}); this "
        "field is one line of text\n"
    )


def test_a_subject_on_two_lines_in_a_cases_own_template_is_one_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (FIXTURE_CASES / "email-appeal.yaml").read_text(encoding="utf-8")
    (tmp_path / "case.yaml").write_text(text + "templates:\n  email: email.j2\n", encoding="utf-8")
    (tmp_path / "email.j2").write_text(
        "Subject: {{ case.title }}\nBcc: x@example.com\n\nDear {{ recipient.name }},\n",
        encoding="utf-8",
    )
    out = tmp_path / "appeal.eml"
    result = runner.invoke(
        app,
        [
            "compose",
            str(tmp_path / "case.yaml"),
            *ZOE_EMAILS_THE_MINISTER,
            "-o",
            str(out),
        ],
    )
    # Found as the case is read: its own templates are tried with a sample writer.
    assert result.exit_code == 1
    assert result.stderr == (
        f"letterkit: {tmp_path / 'case.yaml'}:43:10: templates.email: the email's Subject: runs "
        "onto a second line; an email is its subject on one line, a blank line, then the body "
        "(tried with a sample writer)\n"
    )
    assert not out.exists()


def test_a_date_an_email_cannot_carry_is_one_error(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "appeal.eml"
    result = runner.invoke(
        app,
        [
            "compose",
            "email-appeal",
            "--cases-dir",
            str(FIXTURE_CASES),
            *ZOE_EMAILS_THE_MINISTER,
            "--date",
            "0001-01-01",
            "-o",
            str(out),
        ],
    )
    assert (result.exit_code, result.stderr) == (
        3,
        "letterkit: 0001-01-01 cannot be written as an email's date; give a date from 1900 on\n",
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("minister@example.org", "=?utf-8?q?x=0D=0ABcc=3A_spy=40evil.org?=@example.org", "emails"),
        ('"Testland: Journalist detained"', '"=?utf-8?q?=0D=0ABcc: spy@evil.org?="', "title"),
    ],
)
def test_an_encoded_word_anywhere_near_a_header_is_refused(
    runner: CliRunner, tmp_path: Path, old: str, new: str, field: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (FIXTURE_CASES / "email-appeal.yaml").read_text(encoding="utf-8").replace(old, new, 1),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{field}" in result.stdout
    assert "which mail programs read as encoded header text" in result.stdout


def test_a_subject_without_spaces_is_folded_within_the_line_limit() -> None:
    case = case_with(title="x" * 900)
    draft = make_draft(case, make_writer("Zoë", "I read."), [1], "email", "minister", DAY)
    text = email_file(draft, render(draft))
    assert max(len(line) for line in text.splitlines()) <= 998
    parsed = email.message_from_bytes(text.encode("utf-8"), policy=policy.default)
    assert parsed["Subject"] == "x" * 900
