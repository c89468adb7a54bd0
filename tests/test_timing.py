"""Deadlines as actions give them, and what a writer is told of the time left.

A day is still in time; "before" a day makes that day late; a window is neither
early nor late inside it; a time in a zone is late past that moment there.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from letterkit.cases import load_case
from letterkit.cli import app
from letterkit.compose import make_draft, make_writer
from letterkit.models import Deadline, Timing
from letterkit.render import render
from letterkit.timing import deadline_column, timing_line

from .conftest import BUNDLED_CASE, FIXTURE_CASES

CASES = ["--cases-dir", str(FIXTURE_CASES)]


def _deadline(value: object) -> Deadline:
    return Deadline.model_validate(value)


@pytest.mark.parametrize(
    ("given", "today", "timing", "days_left"),
    [
        ("2026-05-01", "2026-05-01", Timing.OPEN, 0),  # the day itself is in time
        ("2026-05-01", "2026-05-02", Timing.PASSED, None),
        ({"before": "2026-05-01"}, "2026-04-30", Timing.OPEN, 0),
        ({"before": "2026-05-01"}, "2026-05-01", Timing.PASSED, None),  # "before": late
        ({"from": "2026-04-01", "until": "2026-06-30"}, "2026-03-31", Timing.EARLY, None),
        ({"from": "2026-04-01", "until": "2026-06-30"}, "2026-04-01", Timing.OPEN, 90),
        ({"from": "2026-04-01", "until": "2026-06-30"}, "2026-07-01", Timing.PASSED, None),
    ],
)
def test_where_a_day_stands_against_each_form_of_deadline(
    given: object, today: str, timing: Timing, days_left: int | None
) -> None:
    standing = _deadline(given).standing(dt.date.fromisoformat(today))
    assert (standing.timing, standing.days_left) == (timing, days_left)


def test_a_deadline_at_a_time_is_late_past_that_moment_in_its_zone() -> None:
    deadline = _deadline({"until": "2026-06-16", "time": "12:00", "zone": "America/Chicago"})
    chicago = ZoneInfo("America/Chicago")
    day = dt.date(2026, 6, 16)
    before_noon = dt.datetime(2026, 6, 16, 11, 59, tzinfo=chicago).astimezone(dt.UTC)
    after_noon = dt.datetime(2026, 6, 16, 12, 1, tzinfo=chicago).astimezone(dt.UTC)
    assert deadline.standing(day, before_noon).timing is Timing.OPEN
    assert deadline.standing(day, after_noon).timing is Timing.PASSED
    assert str(deadline) == "by 12:00 America/Chicago on 2026-06-16"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"until": "2026-05-01", "before": "2026-05-02"}, "give `until`"),
        ({"until": "2026-05-01", "time": "12:00"}, "`time` needs its `zone`"),
        ({"until": "2026-05-01", "time": "12:00", "zone": "Mars/Olympus"}, "not a time zone"),
        ({"from": "2026-06-01", "until": "2026-05-01"}, "the window opens"),
        ({"from": "2026-06-01"}, "needs its last day"),
    ],
)
def test_a_deadline_that_cannot_be_is_refused_saying_why(given: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _deadline(given)


def test_a_time_written_as_in_a_clock_is_a_time_not_a_number() -> None:
    case = load_case(FIXTURE_CASES / "noon-chicago.yaml")
    assert case.deadline is not None
    assert case.deadline.time == dt.time(12, 0)


def test_list_puts_the_most_urgent_first_and_says_how_long_is_left(
    runner: CliRunner, tmp_path: Path
) -> None:
    today = dt.date.today()
    for name, days in (("later", 40), ("soon", 3), ("passed", -1)):
        text = (FIXTURE_CASES / "no-reference.yaml").read_text(encoding="utf-8")
        deadline = (today + dt.timedelta(days=days)).isoformat()
        (tmp_path / f"{name}.yaml").write_text(f"deadline: {deadline}\n{text}", encoding="utf-8")
    (tmp_path / "none.yaml").write_text(
        (FIXTURE_CASES / "no-reference.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = runner.invoke(app, ["list", "--cases-dir", str(tmp_path)])
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:] if line[:1].strip()]
    ours = [one for one in ids if one in {"soon", "later", "none", "passed"}]
    assert ours == ["soon", "later", "none", "passed"]
    assert "(3 days)" in result.stdout
    assert "(passed)" in result.stdout


def test_show_and_compose_say_the_deadline_before_the_writer_writes(runner: CliRunner) -> None:
    window = load_case(FIXTURE_CASES / "window.yaml")
    assert timing_line(window, dt.date(2026, 4, 20)) == (
        "send from 2026-04-01, by 2026-06-30: 71 days left"
    )
    assert timing_line(window, dt.date(2026, 3, 25)) == (
        "letters are wanted from 2026-04-01, by 2026-06-30: that opens in 7 days"
    )
    assert deadline_column(window, dt.date(2026, 6, 30)) == "2026-06-30 (last day)"
    result = runner.invoke(
        app,
        ["compose", "window", *CASES, "--interactive", "--date", "2026-04-20"],
        input="Ann\n\nI am a nurse\n1\nemail\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Send from 2026-04-01, by 2026-06-30: 71 days left." in result.stderr
    scripted = runner.invoke(
        app,
        [
            "compose", "window", *CASES, "--name", "Ann", "--about", "I am a nurse",
            "--ask", "1", "--channel", "email", "--date", "2026-04-20", "--json",
        ],
    )  # fmt: skip
    made = json.loads(scripted.stdout)
    assert (made["deadline"], made["days_left"]) == ("from 2026-04-01, by 2026-06-30", 71)


def test_a_letter_outside_the_window_is_warned_about_and_still_made() -> None:
    case = load_case(FIXTURE_CASES / "window.yaml")
    writer = make_writer("Ann", "I am a nurse")
    early = render(make_draft(case, writer, [1], "email", None, dt.date(2026, 3, 25)))
    late = render(make_draft(case, writer, [1], "email", None, dt.date(2026, 7, 1)))
    assert [str(one) for one in early.warnings] == [
        "the case asks for letters from 2026-04-01, by 2026-06-30: this one is dated before that"
    ]
    assert [str(one) for one in late.warnings] == [
        "the case's deadline (from 2026-04-01, by 2026-06-30) has passed: look for an update "
        "before sending"
    ]
    assert late.days_left is None


def test_with_little_time_left_a_letter_abroad_is_told_of_faster_channels() -> None:
    case = load_case(FIXTURE_CASES / "window.yaml")
    writer = make_writer("Ann", "I am a nurse")
    letter = render(make_draft(case, writer, [1], "letter", None, dt.date(2026, 6, 25)))
    assert [str(one) for one in letter.warnings] == [
        "5 days left, and a letter takes about 10 days to arrive abroad: the case also takes email"
    ]
    in_time = render(make_draft(case, writer, [1], "letter", None, dt.date(2026, 6, 1)))
    assert in_time.warnings == []
    email = render(make_draft(case, writer, [1], "email", None, dt.date(2026, 6, 25)))
    assert email.warnings == []


def test_an_old_case_without_a_deadline_may_be_closed_and_is_said_so_once(
    tmp_path: Path,
) -> None:
    raw = CliRunner()  # the tests' own runner leaves this line out
    options = ["--name", "A", "--about", "I am a nurse", "--ask", "1 2", "--channel", "letter"]
    result = raw.invoke(app, ["compose", "ua-2-19-russia", *options, "--date", "2019-02-01"])
    assert result.stderr == ""  # 17 days after it was issued
    result = raw.invoke(app, ["compose", "ua-2-19-russia", *options, "--date", "2026-11-25"])
    assert result.stderr.splitlines()[0] == (
        "letterkit: warning: no deadline given, and issued 2,871 days ago: this action may be "
        "closed; check with the organisation"
    )
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about\nAnn,I sing.\nBob,I paint.\nCy,I write.\n", encoding="utf-8")
    batch = raw.invoke(
        app,
        [
            "batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--date", "2026-11-25",
            "--out-dir", str(tmp_path / "out"),
        ],
    )  # fmt: skip
    assert batch.stderr.count("this action may be closed") == 1
    assert load_case(BUNDLED_CASE).deadline is None


def test_a_deadline_at_a_time_is_reckoned_in_its_own_zone_not_the_writers() -> None:
    kiritimati = _deadline({"until": "2026-12-01", "time": "00:30", "zone": "Pacific/Kiritimati"})
    moment = dt.datetime(2026, 11, 30, 15, 30, tzinfo=dt.UTC)  # 05:30 on 1 December there
    assert kiritimati.standing(dt.date(2026, 11, 30), moment).timing is Timing.PASSED
    utc = _deadline({"until": "2026-11-30", "time": "23:00", "zone": "UTC"})
    tokyo_day = dt.date(2026, 12, 1)  # already 1 December for a writer in Tokyo
    standing = utc.standing(tokyo_day, moment)
    assert (standing.timing, standing.days_left) == (Timing.OPEN, 0)
