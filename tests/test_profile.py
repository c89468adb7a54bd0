"""The writer's profile: kept once, offered each time, never read by batch."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.profile import Profile, ProfileError, read_profile

from .conftest import spawn_script

ANN = [
    *("--name", "Ann Writer", "--place", "12 Elm Street; Ottawa ON K1A 0B1"),
    *("--country", "Canada", "--language", "fr", "--paper", "letter"),
    *("--email", "ann@example.org", "--about", "Je suis infirmière à Ottawa."),
]


def _profile_file() -> Path:
    return Path(os.environ["LETTERKIT_PROFILE"])


def test_a_profile_is_set_shown_and_kept_for_its_owner_alone(runner: CliRunner) -> None:
    result = runner.invoke(app, ["profile", "set", *ANN])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(_profile_file().stat().st_mode) == 0o600
    shown = runner.invoke(app, ["profile"])
    assert shown.stdout.splitlines() == [
        "name:     Ann Writer",
        "address:  12 Elm Street; Ottawa ON K1A 0B1",
        "country:  Canada",
        "language: fr",
        "paper:    letter",
        "email:    ann@example.org",
        "sentence: Je suis infirmière à Ottawa.",
    ]
    assert read_profile().address == "12 Elm Street\nOttawa ON K1A 0B1\nCanada"
    assert runner.invoke(app, ["profile", "show"]).stdout == shown.stdout
    cleared = runner.invoke(app, ["profile", "set", "--about", ""])
    assert cleared.exit_code == 0
    assert read_profile().about is None
    assert runner.invoke(app, ["profile", "clear"]).exit_code == 2  # no terminal to confirm in
    assert runner.invoke(app, ["profile", "clear", "--yes"]).exit_code == 0
    assert not _profile_file().exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--email", "ann(a)example.org"], "--email: "),
        (["--country", "Atlantis"], "--country: `Atlantis` is not a country letterkit knows"),
        (["--paper", "a5"], "--paper: `a5` is not a paper size; use a4 or letter"),
        (["--language", "xx"], "--language: `xx` is not a language letterkit writes"),
        (
            ["--country", "Untied Kingdom"],
            "--country: `Untied Kingdom` is not a country letterkit knows: did you mean "
            "`united kingdom`?",
        ),
        (
            ["--language", "englsh"],
            "--language: `englsh` is not a language letterkit writes: en, de, es, fr, nl: did "
            "you mean `english`?",
        ),
    ],
)
def test_each_value_is_checked_as_its_option_is(
    runner: CliRunner, option: list[str], message: str
) -> None:
    result = runner.invoke(app, ["profile", "set", *option])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"letterkit: {message}")
    assert not _profile_file().exists()


def test_a_name_typed_again_in_the_profiles_address_is_left_out(runner: CliRunner) -> None:
    place = ["--place", "Ann Writer; 12 Elm Street; Ottawa ON K1A 0B1"]
    result = runner.invoke(app, ["profile", "set", "--name", "Ann Writer", *place])
    assert result.exit_code == 0, result.stderr
    assert read_profile().place == "12 Elm Street\nOttawa ON K1A 0B1"


@pytest.mark.parametrize(("given", "kept"), [("French", "fr"), ("français", "fr"), ("NL", "nl")])
def test_a_language_is_taken_by_its_name_as_by_its_code(
    runner: CliRunner, given: str, kept: str
) -> None:
    assert runner.invoke(app, ["profile", "set", "--language", given]).exit_code == 0
    assert read_profile().language == kept


def test_a_profile_edited_wrong_by_hand_is_one_line(runner: CliRunner) -> None:
    _profile_file().write_text('name = "Ann"\nnickname = "A"\n', encoding="utf-8")
    result = runner.invoke(app, ["profile"])
    assert result.exit_code == 1
    assert "`nickname` is not kept in a profile" in result.stderr
    _profile_file().write_text('name = "Ann\\u001b[2J\\u202eWriter"\n', encoding="utf-8")
    assert read_profile().name == "AnnWriter"  # made plain, as a typed name is
    _profile_file().write_text("name = 7\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="name: write text, in quotes"):
        read_profile()


def test_compose_takes_the_profile_where_options_leave_out(runner: CliRunner) -> None:
    assert runner.invoke(app, ["profile", "set", *ANN]).exit_code == 0
    scripted = [
        *("compose", "ua-2-19-russia", "--ask", "1 3", "--channel", "letter", "--to", "putin"),
        *("--date", "2026-11-25"),
    ]
    result = runner.invoke(app, scripted)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Ann Writer\n12 Elm Street\nOttawa ON K1A 0B1\nCanada\n")
    assert "Monsieur le Président," in result.stdout  # the language the writer prefers
    assert "Je suis infirmière à Ottawa." in result.stdout
    chosen = runner.invoke(app, [*scripted, "--name", "Ann W.", "--language", "en"])
    assert chosen.stdout.startswith("Ann W.\n")  # options win
    ignored = runner.invoke(app, [*scripted, "--no-profile"])
    assert ignored.exit_code == 2
    assert ignored.stderr.startswith("letterkit: --name: ")


def test_batch_never_reads_the_profile(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["profile", "set", *ANN]).exit_code == 0
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,about\nBob,I teach.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Ann" not in result.stdout
    assert "Elm Street" not in result.stdout


def test_profile_addresses_end_with_their_country_once() -> None:
    assert Profile(place="Lyon", country="France").address == "Lyon\nFrance"
    assert Profile(place="Lyon, FRANCE", country="France").address == "Lyon, FRANCE"
    assert Profile(country="France").address == "France"
    assert Profile(place="Lyon").address == "Lyon"


def test_a_profile_set_up_in_a_terminal_is_offered_by_compose(tmp_path: Path) -> None:
    child = spawn_script("profile", "set", cwd=tmp_path)
    for prompt, answer in [
        ("Your name, as you sign", "Ann Writer"),
        ("Your postal address", "12 Elm Street; Ottawa ON K1A 0B1"),
        ("Your country", "Canada"),
        ("The language you write letters in", ""),
        ("Your paper for PDFs", "letter"),
        ("Your email address", ""),
        ("A sentence about yourself", "I am a nurse in Ottawa."),
    ]:
        child.expect_exact(prompt)
        child.sendline(answer)
    child.expect_exact("profile kept in")
    child.expect(pexpect.EOF)
    child = spawn_script("compose", "ua-2-19-russia", "--date", "2026-11-25", cwd=tmp_path)
    child.expect_exact("1. Language of your letter")
    child.sendline("")
    child.expect_exact("2. Your name, as you sign")
    child.expect_exact("Ann Writer")  # offered: Enter keeps it
    child.sendline("")
    child.expect_exact("3. Your postal address")
    child.expect_exact("Canada")
    child.sendline("")
    child.expect_exact("4. Your sentence about yourself")
    child.expect_exact("I am a nurse in Ottawa.")
    child.sendline("")
    child.expect_exact("5. Your asks")
    child.sendline("1 2")
    child.expect_exact("6. Channel")
    child.sendline("letter")
    child.expect_exact("Also make one for each official to copy")
    child.sendline("n")
    child.expect_exact("Ann Writer\r\n12 Elm Street\r\nOttawa ON K1A 0B1\r\nCanada")
    child.expect_exact("Save it to a file?")
    child.sendline("n")
    child.expect_exact("Record in your journal that you sent it?")
    child.sendline("n")
    child.expect(pexpect.EOF)


def test_an_email_draft_is_from_the_profiles_address_dated_now_with_crlf(
    runner: CliRunner, tmp_path: Path
) -> None:
    import datetime as dt
    import email
    from email import policy

    from .conftest import FIXTURE_CASES

    assert runner.invoke(app, ["profile", "set", "--email", "ann@example.org"]).exit_code == 0
    out = tmp_path / "appeal.eml"
    result = runner.invoke(
        app,
        [
            *("compose", "email-appeal", "--cases-dir", str(FIXTURE_CASES), "--name", "Zoë"),
            *("--about", "I read the news.", "--ask", "1", "--channel", "email"),
            *("--to", "prosecutor", "-o", str(out)),
        ],
    )
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends as RFC 5322 has it
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["From"] == "Zoë <ann@example.org>"
    sent = message["Date"].datetime
    assert abs(sent - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)  # the real time


def test_a_country_given_as_its_code_is_kept_by_name(runner: CliRunner) -> None:
    result = runner.invoke(app, ["profile", "set", "--place", "Ottawa", "--country", "CA"])
    assert result.exit_code == 0
    assert read_profile().country == "Canada"
    assert read_profile().address == "Ottawa\nCanada"
