"""The command line as a writer, an organiser's script and a case author use it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app

from .conftest import BUNDLED_CASE, FIXTURE_CASES, GOLDEN

ABOUT = "As a nurse in Ottawa, I care for people whatever their sexual orientation."
LETTER = (GOLDEN / "ua-2-19-russia.letter.txt").read_text(encoding="utf-8")
SCRIPTED = [
    "compose",
    "ua-2-19-russia",
    "--name",
    "Maria Example",
    "--place",
    "Ottawa, Canada",
    "--about",
    ABOUT,
    "--ask",
    "1 3",
    "--ask",
    "4",
    "--channel",
    "letter",
    "--language",
    "en",
    "--date",
    "2026-11-25",
]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, "letterkit 0.1.0\n")


def test_the_interactive_flow_asks_again_until_each_answer_is_right(runner: CliRunner) -> None:
    answers = [
        "",  # language: the case's own, English
        "",  # name: empty, asked again
        "Maria Example",
        "Ottawa, Canada",
        "   ",  # about: blank, asked again
        ABOUT,
        "1",  # too few asks
        "1 9",  # out of range
        "1 1 3",  # repeated
        "1 3 4",
        "email",  # not accepted by the case
        "7",  # no such channel number
        "3",  # letter
        "n",  # no copies for the officials to copy
        "n",  # do not save
    ]
    result = runner.invoke(
        app,
        ["compose", "ua-2-19-russia", "--interactive", "--date", "2026-11-25"],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == LETTER
    errors = result.stderr
    for expected in (
        "1. Language of your letter, by number or code (en):",
        "   2. fr (français)",
        "2. Your name, as you sign:",
        "your name is required. Please try again.",
        "4. Your sentence about yourself:",
        "your sentence about yourself is required. Please try again.",
        "   1. carry out a prompt, effective and thorough investigation",
        "choose 2 to 3 asks of the 4; you chose 1. Please try again.",
        "there is no ask 9; the asks are 1 to 4. Please try again.",
        "ask 1 is chosen more than once. Please try again.",
        "this case does not take emails; it accepts tweet, fax, letter, call. Please try again.",
        "choose a number from 1 to 4, or one of tweet, fax, letter, call. Please try again.",
        "6. Channel, by number or name:",
        "Save it to a file?",
    ):
        assert expected in errors
    assert (
        errors.index("1. Language")
        < errors.index("2. Your name")
        < errors.index("4. Your sentence")
        < errors.index("5. Your asks")
    )


def test_the_writer_can_save_and_is_asked_before_replacing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("my earlier letter\n")
    options = [*SCRIPTED, "--interactive"]
    answers = ["n", "y", "mine.txt", "n", "mine.txt", "y"]  # no copies; save
    result = runner.invoke(app, options, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "mine.txt exists. Replace it?" in result.stderr
    assert (tmp_path / "mine.txt").read_text() == LETTER
    answers = ["n", "y", ""]  # no copies; save under the suggested name
    result = runner.invoke(app, options, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "ua-2-19-russia-letter-putin.txt").read_text() == LETTER


def test_every_prompt_has_an_option(runner: CliRunner) -> None:
    result = runner.invoke(app, SCRIPTED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == LETTER
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("left_out", "message"),
    [
        ("--name", "letterkit: --name: your name is required"),
        ("--about", "letterkit: --about: your sentence about yourself is required"),
        ("--ask", "letterkit: --ask: choose 2 to 3 asks of the 4; you chose 0"),
        ("--channel", "letterkit: --channel: choose how to send it: tweet, fax, letter, call"),
    ],
)
def test_without_a_terminal_a_missing_value_names_its_option(
    runner: CliRunner, left_out: str, message: str
) -> None:
    options = list(SCRIPTED)
    at = options.index(left_out)
    del options[at : at + 2]
    if left_out == "--ask":
        del options[options.index("--ask") : options.index("--ask") + 2]
    result = runner.invoke(app, options)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_input_ending_mid_question_names_the_option(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compose", "ua-2-19-russia", "--interactive"], input="\nMaria\n")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        'letterkit: --place: input ended before "Your postal address or town, for a reply '
        '(optional; `;` between lines)" was answered; pass --place\n'
    )


@pytest.mark.parametrize(
    ("options", "status", "message"),
    [
        (["--date", "25/11/2026"], 2, "--date: `25/11/2026` is not a date; write it as YYYY-MM-DD"),
        (
            ["--to", "bastrykin", "--channel", "tweet"],
            2,
            "--to: the case gives Aleksandr "
            "Bastrykin no Twitter handle; they can be reached by letter, fax",
        ),
        (["--ask", "x"], 2, "--ask: `x` is not an ask number; type numbers like 1 3"),
    ],
)
def test_bad_options(runner: CliRunner, options: list[str], status: int, message: str) -> None:
    result = runner.invoke(app, [*SCRIPTED, *options])
    assert result.exit_code == status
    assert result.stderr == f"letterkit: {message}\n"


def test_a_tweet_over_280_is_refused_saying_by_how_much(runner: CliRunner) -> None:
    options = [*SCRIPTED, "--channel", "tweet", "--about", "I am a nurse. " * 20]
    result = runner.invoke(app, options)
    assert result.exit_code == 3
    assert result.stderr.startswith("letterkit: the tweet is ")
    assert "over 280: shorten the sentence about yourself" in (result.stderr)


def test_a_tweet_prints_its_intent_link(runner: CliRunner) -> None:
    options = [*SCRIPTED, "--channel", "tweet", "--about", "I am a nurse.", "--ask", "2"]
    del options[options.index("1 3") - 1 : options.index("1 3") + 1]
    result = runner.invoke(app, options)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("@KremlinRussia @KremlinRussia_E I am a nurse. I urge you")
    assert result.stdout.endswith(".\n")
    assert "open: https://twitter.com/intent/tweet?text=%40KremlinRussia%20" in result.stderr


def test_json_output(runner: CliRunner) -> None:
    result = runner.invoke(app, [*SCRIPTED, "--json"])
    assert result.exit_code == 0, result.stderr
    message = json.loads(result.stdout)
    assert message["text"] == LETTER
    assert (message["case"], message["channel"], message["to"], message["date"]) == (
        "ua-2-19-russia",
        "letter",
        "putin",
        "2026-11-25",
    )
    assert message["pages"] == 1


def test_output_is_never_overwritten_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    result = runner.invoke(app, [*SCRIPTED, "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text() == LETTER
    target.write_text("the writer's own edits\n")
    result = runner.invoke(app, [*SCRIPTED, "--output", str(target)])
    assert result.exit_code == 4
    assert result.stderr == f"letterkit: {target}: exists; pass --force to replace it\n"
    assert target.read_text() == "the writer's own edits\n"
    result = runner.invoke(app, [*SCRIPTED, "--output", str(target), "--force"])
    assert result.exit_code == 0
    assert target.read_text() == LETTER
    assert sorted(path.name for path in tmp_path.iterdir()) == ["letter.txt"]


def test_output_into_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, [*SCRIPTED, "--output", str(tmp_path / "no" / "x.txt")])
    assert result.exit_code == 4
    assert "does not exist" in result.stderr


def test_an_unknown_case(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "ua-1-00-nowhere"])
    assert result.exit_code == 1
    assert result.stderr == (
        "letterkit: ua-1-00-nowhere: no case with this id; known cases: ua-2-19-russia "
        "(see `letterkit list`)\n"
    )


def test_list_shows_the_bundled_case(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()[:2]
    assert header.split() == ["id", "title", "deadline", "languages"]
    assert row.startswith("ua-2-19-russia  Russia: Homophobic crackdown")
    assert row.split()[-3:] == ["none", "given", "en,fr"]


def test_show_reads_like_the_urgent_action(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "ua-2-19-russia"])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for expected in (
        "UA 2/19 Russia: Homophobic crackdown in Chechnya resumes",
        "4. condemn in the strongest terms possible",
        "Vladimir Putin [putin] President of the Russian Federation Ul. Ilyinka, 23 "
        "103132 Moscow Russian Federation Salutation: Dear President Putin "
        "Twitter: @KremlinRussia or @KremlinRussia_E Fax: 011 7 495 910 2134 Postage: $2.65",
        "Please copy His Excellency Alexander Darchiev [darchiev]",
        "Phone: 613 235 4341 or 613 236 1413",
        "Additional information On 1 April 2017",
        "Email: (the case gives no address) Subject: Keep me updated on UA 2/19 Russia",
    ):
        assert expected in flat
    assert (
        flat.index("Summary")
        < flat.index("What to do")
        < flat.index("Please copy")
        < (flat.index("Additional information"))
    )


def test_case_text_is_printed_literally(runner: CliRunner, tmp_path: Path) -> None:
    text = (
        BUNDLED_CASE.read_text(encoding="utf-8")
        .replace(
            'title: "Russia: Homophobic crackdown in Chechnya resumes"',
            'title: "[bold red]Loud[/bold red] {{ 7*7 }} :smile:"',
        )
        .replace("    name: Vladimir Putin", '    name: "[link=http://x]Putin[/link]"')
    )
    (tmp_path / "loud.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["list", "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Loud[/bold red]" in result.stdout
    result = runner.invoke(app, ["show", "loud", "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Loud[/bold red] {{ 7*7 }} :smile:" in result.stdout
    result = runner.invoke(app, ["show", "loud", "--cases-dir", str(tmp_path)])
    assert "[link=http://x]Putin[/link]" in result.stdout
    result = runner.invoke(app, [*SCRIPTED, "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0
    result = runner.invoke(
        app, [*SCRIPTED[:1], "loud", *SCRIPTED[2:], "--cases-dir", str(tmp_path)]
    )
    assert "[link=http://x]Putin[/link]\nPresident" in result.stdout


def test_terminal_escapes_from_the_writer_never_reach_the_output(
    runner: CliRunner, tmp_path: Path
) -> None:
    about = "I am \x1b[2J\x1b]0;pwned\x07a nurse.\rEvil\u202e"
    out = tmp_path / "letter.txt"
    result = runner.invoke(app, [*SCRIPTED, "--about", about, "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    for text in (result.stdout, result.stderr, out.read_text()):
        assert "\x1b" not in text
        assert "\r" not in text
        assert "\x07" not in text
        assert "\u202e" not in text
    assert "I am a nurse. Evil" in result.stdout


def test_validate_reports_each_problem_and_sets_the_status(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 case file checked, 0 invalid\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        BUNDLED_CASE.read_text()
        .replace("    fax: 613 236 6342", "    fax: none")
        .replace("    twitter: [", "    handles: [")
    )
    result = runner.invoke(app, ["validate", str(BUNDLED_CASE), str(bad), str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:76:5: targets[0].handles: unknown key: check its spelling (`letterkit schema` "
        "lists the keys)",
        f"{bad}:89:10: copies[0].fax: a phone or fax number is digits with spaces, +, (), "
        "dots, slashes or dashes, e.g. `011 7 495 910 2134` or `+7 495 910 2134`",
        f"{tmp_path}: is a folder, not a case file",
    ]
    assert result.stderr == "3 case files checked, 2 invalid\n"


def test_schema_is_json_schema_for_a_case(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"title", "channels"} <= set(schema["required"])
    assert "reference" not in schema["required"]
    assert "asks" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_help_lists_the_commands_and_exit_statuses(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for word in ("compose", "list", "show", "validate", "schema", "Exit statuses"):
        assert word in result.stdout


def test_the_writer_picks_among_several_targets(runner: CliRunner) -> None:
    answers = ["Maria", "", "I am a reader.", "2", "email", "9", "2", "n", "n"]
    result = runner.invoke(
        app,
        ["compose", "email-appeal", "--cases-dir", str(FIXTURE_CASES), "--interactive"],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Whom will you write to?" in result.stderr
    assert "   1. minister (Her Excellency Ana Example)" in result.stderr
    assert "choose a number from 1 to 2, or one of minister, prosecutor. Please try again." in (
        result.stderr
    )
    assert result.stdout.startswith(
        "To: prosecutor@example.org, office@example.org\nCc: minister@example.org, "
        "embassy@example.org\nSubject: Testland: Journalist detained\n"
    )
    assert "Dear Prosecutor General," in result.stdout
    assert "open: mailto:prosecutor@example.org,office@example.org?cc=" in result.stderr


def test_the_message_can_be_edited_before_it_is_final(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/Yours sincerely,/With hope,/" "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    out = tmp_path / "letter.txt"
    result = runner.invoke(app, [*SCRIPTED, "--edit", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == LETTER.replace("Yours sincerely,", "With hope,")
    assert out.read_text() == result.stdout


def test_a_failing_editor_keeps_the_draft(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "false")
    result = runner.invoke(app, [*SCRIPTED, "--edit"])
    assert result.exit_code == 0
    assert result.stdout == LETTER
    assert "the editor exited with status 1; keeping the draft" in result.stderr


def test_list_names_the_files_it_skips(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("title: [\n")
    result = runner.invoke(app, ["list", "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "ua-2-19-russia" in result.stdout
    assert result.stderr == (
        f"letterkit: skipped {tmp_path / 'broken.yaml'}: 1 problem(s); "
        f"see `letterkit validate {tmp_path / 'broken.yaml'}`\n"
    )


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "letterkit", "--version"], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (0, "letterkit 0.1.0\n")


LETTERKIT = Path(sys.executable).parent / "letterkit"


def test_bytes_that_are_not_utf8_in_arguments_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "letter.txt"
    command = [str(LETTERKIT), *SCRIPTED, "--output", str(out)]
    command[command.index("Maria Example")] = b"Mar\xffia"  # type: ignore[call-overload]
    result = subprocess.run(command, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("Mar\ufffdia\n")
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("asks", ["1 ²", "¹ 3", "١ ٣"])
def test_digits_that_are_not_ascii_are_not_ask_numbers(runner: CliRunner, asks: str) -> None:
    options = [*SCRIPTED[: SCRIPTED.index("--ask")], "--ask", asks, "--channel", "letter"]
    result = runner.invoke(app, options)
    assert result.exit_code == 2
    assert "is not an ask number" in result.stderr


def test_usage_errors_are_one_line(runner: CliRunner) -> None:
    result = subprocess.run(
        [str(LETTERKIT), "compose", "--bogus"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("letterkit: No such option: --bogus")
    assert result.stderr.endswith(" (see `letterkit compose --help`)\n")
    assert result.stderr.count("\n") == 1
    result = subprocess.run([str(LETTERKIT), "show"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == "letterkit: Missing argument 'CASE'. (see `letterkit show --help`)\n"


def test_a_full_disk_and_a_closed_pipe() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [str(LETTERKIT), "show", "ua-2-19-russia"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 4
    assert result.stderr.splitlines() == ["letterkit: cannot write: No space left on device"]
    shown = subprocess.Popen(
        [str(LETTERKIT), "show", "ua-2-19-russia"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert shown.stdout is not None
    shown.stdout.readline()
    shown.stdout.close()
    assert shown.wait(timeout=30) == 0
    assert shown.stderr is not None
    assert shown.stderr.read() == b""


@pytest.mark.parametrize("kind", ["symlink", "fifo", "empty"])
def test_output_must_be_a_regular_file(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out"
    if kind == "symlink":
        target.symlink_to(tmp_path / "elsewhere")
    elif kind == "fifo":
        os.mkfifo(target)
    result = runner.invoke(
        app, [*SCRIPTED, "--output", "" if kind == "empty" else str(target), "--force"]
    )
    assert result.exit_code == 4
    assert ("is not a regular file" in result.stderr) or ("give a file name" in result.stderr)


def test_output_that_exists_is_refused_before_any_question(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "taken.txt").write_text("mine")
    result = runner.invoke(
        app,
        ["compose", "ua-2-19-russia", "--interactive", "-o", str(tmp_path / "taken.txt")],
        input="",
    )
    assert result.exit_code == 4
    assert "Your name" not in result.stderr


def test_warnings_a_script_sees_too(runner: CliRunner, tmp_path: Path) -> None:
    text = BUNDLED_CASE.read_text().replace(
        "issued: 2019-01-15", "issued: 2019-01-15\ndeadline: 2019-02-26"
    )
    text = text.replace("letter_language: en", "letter_language: ru")
    (tmp_path / "late.yaml").write_text(text)
    options = [*SCRIPTED[:1], "late", *SCRIPTED[2:], "--to", "darchiev"]
    del options[options.index("--language") : options.index("--language") + 2]
    result = runner.invoke(app, [*options, "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "letterkit: warning: the case's deadline (by 2019-02-26) has passed: look for an "
        "update before sending",
        "letterkit: warning: the case asks for messages in `ru`, which letterkit has no "
        "frame for, and has no template of its own: this draft's frame is in English",
    ]
    assert "25 November 2026" in result.stdout  # an English date in an English letter


def test_an_interactive_tweet_too_long_is_asked_again(runner: CliRunner) -> None:
    answers = [
        "",
        "Maria",
        "",
        "I am a nurse. " * 15,
        "1 2 3",
        "tweet",
        "I am a nurse.",
        "2 4",
        "n",
        "n",
    ]
    result = runner.invoke(
        app, ["compose", "ua-2-19-russia", "--interactive"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "over 280: shorten the sentence" in result.stderr
    assert result.stdout.startswith("@KremlinRussia @KremlinRussia_E I am a nurse. I urge")


def test_yes_and_no_are_answers(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*SCRIPTED, "--interactive"], input="no\nyes\n\n")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "ua-2-19-russia-letter-putin.txt").exists()


@pytest.mark.parametrize(
    ("editor", "warning"),
    [
        ("'unclosed", "cannot read the editor command"),
        ("true", None),
        ("sh -c ': > \"$0\"'", "the edited message is empty; keeping the draft"),
    ],
)
def test_editor_troubles_keep_the_draft(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, editor: str, warning: str | None
) -> None:
    monkeypatch.setenv("EDITOR", editor)
    result = runner.invoke(app, [*SCRIPTED, "--edit"])
    assert result.exit_code == 0
    assert result.stdout == LETTER
    if warning:
        assert warning in result.stderr


def test_sent_letters_are_counted_in_the_journal(runner: CliRunner) -> None:
    result = runner.invoke(app, [*SCRIPTED, "--sent"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["journal", "--latest", "1"])
    assert "ua-2-19-russia  UA 2/19    1 letter     1  " in result.stdout
    [latest] = [line for line in result.stdout.splitlines() if "Maria Example" in line]
    assert "not yet" not in latest  # the day it was sent


def test_the_id_column_is_never_cut(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(LETTERKIT), "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "40"},
        check=False,
    )
    assert "ua-2-19-russia" in result.stdout


def test_an_email_saved_as_a_message_file(runner: CliRunner, tmp_path: Path) -> None:
    import email
    from email import policy

    out = tmp_path / "appeal.eml"
    result = runner.invoke(
        app,
        [
            "compose",
            "email-appeal",
            "--cases-dir",
            str(FIXTURE_CASES),
            "--name",
            "Zoë Martin",
            "--about",
            "I read the news.",
            "--ask",
            "1",
            "--channel",
            "email",
            "--to",
            "prosecutor",
            "--date",
            "2026-11-25",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    with out.open("rb") as file:
        message = email.message_from_binary_file(file, policy=policy.default)
    assert message["To"] == (
        "Prosecutor General <prosecutor@example.org>, Prosecutor General <office@example.org>"
    )
    assert message["Cc"] == (
        "Her Excellency Ana Example <minister@example.org>, "
        "Embassy of Testland <embassy@example.org>"
    )
    assert message["Subject"] == "Testland: Journalist detained"
    assert message["X-Unsent"] == "1"
    assert message["Date"].datetime.date().isoformat() == "2026-11-25"
    body = message.get_content()
    assert body.startswith("Dear Prosecutor General,\n\nI read the news.\n")
    assert body.endswith("Zoë Martin\n")
    result = runner.invoke(app, [*SCRIPTED, "-o", str(tmp_path / "letter.eml")])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "letterkit: --output: a .eml file holds an email; save this letter message as .txt\n"
    )


def test_one_letter_for_each_official(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "letters.txt"
    result = runner.invoke(app, [*SCRIPTED, "--to", "all", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    letters = result.stdout.split("\f\n")
    assert len(letters) == 3
    assert letters[0] == LETTER
    darchiev, bastrykin = letters[1], letters[2]
    assert (
        "His Excellency Alexander Darchiev\nAmbassador for the Russian Federation\n"
        "285 Charlotte Street\n" in darchiev
    )
    assert darchiev.endswith(
        "cc: Vladimir Putin, President of the Russian Federation\n"
        "    Aleksandr Bastrykin, Chair of the Investigation Committee\n"
    )
    assert "105005 Moscow\nRUSSIAN FEDERATION\n" in bastrykin
    assert out.read_text() == result.stdout
    assert "the case gives no salutation for Aleksandr Bastrykin" in result.stderr
    result = runner.invoke(
        app,
        [
            "compose",
            "ua-2-19-russia",
            "--name",
            "Ann",
            "--about",
            "I care.",
            "--ask",
            "1 2",
            "--channel",
            "tweet",
            "--to",
            "all",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: left out: His Excellency Alexander Darchiev has no Twitter handle in "
        "the case (reach them by letter, fax, call)" in result.stderr
    )
    result = runner.invoke(app, ["journal"])
    assert "ua-2-19-russia  UA 2/19    3 letters     0  " in result.stdout  # three saved


def test_asks_that_do_not_fit_one_tweet_make_several(runner: CliRunner) -> None:
    about = (
        "I have been a nurse in Ottawa for twenty years and I have cared for people of "
        "every kind, whoever they love"
    )
    result = runner.invoke(
        app,
        [
            "compose",
            "ua-2-19-russia",
            "--name",
            "M",
            "--about",
            about,
            "--ask",
            "1 2 3",
            "--channel",
            "tweet",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    message = json.loads(result.stdout)
    texts = [tweet["text"] for tweet in message["tweets"]]
    assert [text[-4:] for text in texts] == [" 1/2", " 2/2"]  # a numbered thread
    assert about in texts[0]
    assert about not in texts[1]  # each tweet says something of its own
    assert texts[1].startswith("@KremlinRussia @KremlinRussia_E I urge you to ")
    assert all(tweet["weighted_length"] <= 280 for tweet in message["tweets"])
    assert message["text"] == "\n\n".join(tweet["text"] for tweet in message["tweets"])
    result = runner.invoke(
        app,
        [
            "compose",
            "ua-2-19-russia",
            "--name",
            "M",
            "--about",
            about,
            "--ask",
            "1 2 3",
            "--channel",
            "tweet",
        ],
    )
    assert "To post tweet 2 of 2, open: https://twitter.com/intent/tweet?text=" in result.stderr


def test_a_case_id_path_or_record_with_escapes_is_printed_inert(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Whatever a file name, a typed path or a journal holds, the terminal is not commanded."""
    hostile = "evil\x1b]0;pwned\x07\x1b[2J"
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / f"{hostile}.yaml").write_bytes(BUNDLED_CASE.read_bytes())
    cases = ["--cases-dir", str(folder)]
    for command in (["list", *cases], ["show", hostile, *cases], ["validate", *cases]):
        result = runner.invoke(app, command)
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream, command
            assert "\x07" not in stream, command
    listed = runner.invoke(app, ["list", "--cases-dir", str(folder)])
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J" in listed.stdout
    result = runner.invoke(
        app, [*SCRIPTED, "--output", str(tmp_path / "\x1b[31mmissing" / "letter.txt")]
    )
    assert result.exit_code == 4
    assert "\\x1b[31mmissing" in result.stderr
    assert "\x1b" not in result.stderr
    from letterkit.journal import Journal

    with Journal(tmp_path / "j.sqlite3") as journal:
        journal.record(
            case_id=hostile,
            reference="UA\u202e 1",
            recipient="putin",
            channel="letter",
            letter_date=dt.date(2026, 11, 25),
            signer="Ann\x1b[8m",
            output=None,
            how="sent",
        )
    shown = runner.invoke(app, ["journal", "--journal", str(tmp_path / "j.sqlite3")])
    assert "\x1b" not in shown.stdout
    assert "\u202e" not in shown.stdout
    assert "UA\\u202e 1" in shown.stdout


def test_the_journal_command_only_reads(runner: CliRunner, tmp_path: Path) -> None:
    import sqlite3

    theirs = tmp_path / "theirs.db"
    connection = sqlite3.connect(theirs)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    before = theirs.read_bytes()
    result = runner.invoke(app, ["journal", "--journal", str(theirs)])
    assert result.exit_code == 4
    assert result.stderr == (
        f"letterkit: {theirs}: is not a letterkit journal; letterkit leaves it as it is\n"
    )
    assert theirs.read_bytes() == before
    assert runner.invoke(app, [*SCRIPTED, "--sent"]).exit_code == 0
    result = runner.invoke(app, ["journal", "--latest", "99999999999999999999"])
    assert result.exit_code == 0, result.stderr
    assert "ua-2-19-russia" in result.stdout


def test_a_title_with_a_next_line_character_is_refused_not_printed(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    text = BUNDLED_CASE.read_text(encoding="utf-8").replace(
        'title: "Russia: Homophobic crackdown in Chechnya resumes"',
        'title: "Russia:\\N\\x1b[2JHomophobic crackdown"',
    )
    (folder / "nel.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder / "nel.yaml")])
    assert result.stdout == (
        f"{folder / 'nel.yaml'}:5:8: title: holds a line break (U+0085); this field is one "
        "line of text\n"
    )
    listed = runner.invoke(app, ["list", "--cases-dir", str(folder)])
    assert "\x85" not in listed.stdout + listed.stderr
    assert f"skipped {folder / 'nel.yaml'}: 1 problem(s)" in listed.stderr


def test_a_journal_that_cannot_record_a_sent_letter_is_an_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "folder.sqlite3").mkdir()
    result = runner.invoke(
        app, [*SCRIPTED, "--sent", "--journal", str(tmp_path / "folder.sqlite3")]
    )
    assert result.exit_code == 4
    assert "the journal cannot be opened" in result.stderr


def test_an_empty_output_name_is_asked_for(runner: CliRunner) -> None:
    result = runner.invoke(app, [*SCRIPTED, "--output", ""])
    assert (result.exit_code, result.stderr) == (4, "letterkit: give a file name to write to\n")


def test_all_is_a_recipient_at_the_question_as_with_to(runner: CliRunner) -> None:
    answers = ["Maria", "", "I am a reader.", "2", "email", "prosecuter", "all", "n", "n"]
    result = runner.invoke(
        app,
        ["compose", "email-appeal", "--cases-dir", str(FIXTURE_CASES), "--interactive"],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Recipient, by number or id (all: one each)" in result.stderr
    assert (
        "choose one of minister, prosecutor, or all: did you mean `prosecutor`? Please try again."
        in result.stderr
    )
    assert "Dear Prosecutor General," in result.stdout
    assert "Dear Minister," in result.stdout  # one each: the minister too


def test_a_misspelt_choice_is_met_with_the_nearest(runner: CliRunner) -> None:
    channel = runner.invoke(app, [*SCRIPTED[:-2], "--channel", "lettre"])
    assert channel.stderr.endswith("did you mean `letter`?\n")
    to = runner.invoke(app, [*SCRIPTED, "--to", "putn"])
    assert to.stderr.endswith("did you mean `putin`?\n")
    every = runner.invoke(app, [*SCRIPTED, "--to", "al"])
    assert every.stderr.endswith("did you mean `all`?\n")


def test_compose_opens_with_the_case_in_view(runner: CliRunner) -> None:
    assert runner.invoke(app, [*SCRIPTED, "--sent"]).exit_code == 0
    answers = ["", "Maria", "", "I am a reader.", "1 2", "letter", "n", "n", "n"]
    result = runner.invoke(
        app, ["compose", "ua-2-19-russia", "--interactive"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "UA 2/19: Russia: Homophobic crackdown in Chechnya resumes"
    assert lines[1].startswith(
        "The Chechen authorities have unleashed a new wave of homophobic attacks since the end "
        "of December 2018. At least 40 people"
    )
    assert lines[2].startswith("No deadline given, and issued ")
    assert lines[3] == (
        "You have made 1 message for this case (`letterkit journal --case ua-2-19-russia`)."
    )


def test_a_long_summary_is_cut_at_a_sentence() -> None:
    from letterkit.cli.asking import in_short

    summary = "First sentence here. " * 30 + "\n\nSecond paragraph."
    short = in_short(summary)
    assert short.endswith("First sentence here.")
    assert len(short) <= 280
    assert "Second paragraph" not in short
    assert in_short("x" * 400).endswith("…")


def test_show_wraps_under_each_indent_and_pages_a_long_case(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = runner.invoke(app, ["show", "ua-2-19-russia"], env={"COLUMNS": "80"})
    lines = shown.stdout.splitlines()
    first = lines.index(
        "   1. carry out a prompt, effective and thorough investigation into the reports"
    )
    assert lines[first + 1] == "      of homophobic detention, torture and killings in Chechnya"
    assert all(len(line) <= 80 for line in lines)

    from letterkit.cases import load_case
    from letterkit.cli.browse import case_blocks, paged
    from letterkit.cli.consoles import plain_console

    paper = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {paper}'")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    console = plain_console()
    console.height = 10
    paged(console, case_blocks(load_case(BUNDLED_CASE)))
    assert "Additional information" in paper.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "place",
    [
        "Maria Example; 12 Elm Street; Leeds LS1 4AP",
        "maria example, 12 Elm Street; Leeds LS1 4AP",
    ],
)
def test_a_name_typed_again_in_the_address_question_is_left_out(
    runner: CliRunner, place: str
) -> None:
    answers = ["Maria Example", place, "I am a nurse in Leeds and care for everyone.", "n", "n"]
    result = runner.invoke(
        app,
        [
            *("compose", "ua-2-19-russia", "--interactive", "--no-profile", "--language", "en"),
            *("--ask", "1 3", "--channel", "letter", "--to", "putin", "--date", "2026-11-25"),
        ],
        input="".join(f"{answer}\n" for answer in answers),
    )
    assert result.exit_code == 0, result.stderr
    letter = result.stdout[result.stdout.index("Maria Example") :]
    assert letter.startswith("Maria Example\n12 Elm Street\nLeeds LS1 4AP\n\n25 November 2026")


def test_all_at_the_copies_question_makes_one_for_each_official(runner: CliRunner) -> None:
    """With one official to write to, the copies question is where `--to all` is answered."""
    answers = ["Maria Example", "", "I am a nurse in Leeds and care for everyone.", "all"]
    result = runner.invoke(
        app,
        [
            *("compose", "ua-2-19-russia", "--interactive", "--no-profile", "--language", "en"),
            *("--ask", "1 3", "--channel", "letter", "--date", "2026-11-25"),
        ],
        input="".join(f"{answer}\n" for answer in answers) + "n\nn\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Please enter Y or N" not in result.stderr
    assert result.stdout.count("Maria Example\n\n25 November 2026") == 3  # Putin and two copies
    assert "Sign it and post it to Vladimir Putin" in result.stderr
    assert "Send a copy to each official in the cc list" not in result.stderr  # each has one


def test_without_name_keeps_an_address_that_only_begins_like_the_name() -> None:
    from letterkit.text import without_name

    assert without_name(["Maria Examplestrasse 4", "Bern"], "Maria Example") == [
        "Maria Examplestrasse 4",
        "Bern",
    ]
    assert without_name(["Maria Example,"], "Maria Example") == ["Maria Example,"]
    assert without_name([], "Maria Example") == []


def test_show_styles_its_headings_and_leaves_its_text_plain() -> None:
    from rich.console import Console

    from letterkit.cases import load_case
    from letterkit.cli.browse import case_blocks

    console = Console(force_terminal=True, color_system="standard", width=100, record=True)
    for block in case_blocks(load_case(BUNDLED_CASE)):
        console.print(block)
    shown = console.export_text(styles=True)
    assert "\x1b[1;4mWhat to do" in shown  # a heading: bold, underlined
    summary = next(line for line in shown.splitlines() if "Chechen authorities" in line)
    assert "\x1b[" not in summary  # the case's own text: plain


def test_without_an_editor_set_a_friendly_one_or_how_to_set_one(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    monkeypatch.setenv("PATH", str(tools))  # no nano, micro or notepad; and never vi
    result = runner.invoke(app, [*SCRIPTED, "--edit"])
    assert result.exit_code == 0
    assert (
        "letterkit: warning: no editor: set one with `export EDITOR=nano` (or the editor you "
        "like), then compose again with --edit; keeping the draft\n"
    ) in result.stderr
    nano = tools / "nano"
    nano.write_text('#!/bin/sh\nprintf "Edited in nano.\\n" > "$1"\n', encoding="utf-8")
    nano.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}/bin{os.pathsep}/usr/bin")
    edited = runner.invoke(app, [*SCRIPTED, "--edit"])
    assert edited.exit_code == 0, edited.stderr
    assert edited.stdout == "Edited in nano.\n"


def test_shell_completion_is_offered(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0
    assert "_letterkit_completion" in result.stdout


def test_case_ids_complete_from_every_folder_searched() -> None:
    from letterkit.cli import case_ids

    assert case_ids("ua-2") == ["ua-2-19-russia"]
    assert case_ids("zz") == []


def test_the_asks_to_choose_from_are_wrapped_under_their_first_word(runner: CliRunner) -> None:
    answers = ["", "Maria", "", "I am a reader.", "1 2", "letter", "n", "n", "n"]
    result = runner.invoke(
        app,
        ["compose", "ua-2-19-russia", "--interactive"],
        input="\n".join(answers) + "\n",
        env={"COLUMNS": "80"},
    )
    lines = result.stderr.splitlines()
    first = lines.index(
        "   1. carry out a prompt, effective and thorough investigation into the reports"
    )
    assert lines[first + 1] == "      of homophobic detention, torture and killings in Chechnya"
