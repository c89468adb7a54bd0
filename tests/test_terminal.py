"""The installed ``letterkit`` console script in a real pseudo-terminal, as a writer uses it."""

from __future__ import annotations

from pathlib import Path

import pexpect

from .conftest import GOLDEN, spawn_script

ABOUT = "As a nurse in Ottawa, I care for people whatever their sexual orientation."


def test_a_writer_composes_and_saves_a_letter_in_a_terminal(tmp_path: Path) -> None:
    child = spawn_script("compose", "ua-2-19-russia", "--date", "2026-11-25", cwd=tmp_path)
    child.expect_exact("1. Language of your letter, by number or code")
    child.sendline("1")
    child.expect_exact("2. Your name, as you sign:")
    child.sendline("Maria Example")
    child.expect_exact("3. Your postal address or town")
    child.sendline("Ottawa, Canada")
    child.expect_exact("4. Your sentence about yourself:")
    child.sendline("")
    child.expect_exact("your sentence about yourself is required. Please try again.")
    child.sendline(ABOUT)
    child.expect_exact("5. Your asks, by number")
    child.sendline("1 3 4")
    child.expect_exact("6. Channel, by number or name:")
    child.sendline("letter")
    child.expect_exact("Also make one for each official to copy")
    child.sendline("n")
    child.expect_exact("Yours sincerely,")
    child.expect_exact("Save it to a file?")
    child.sendline("y")
    child.expect_exact("File name")
    child.sendline("")
    child.expect_exact("Saved to ua-2-19-russia-letter-putin.txt")
    child.expect_exact("Mark it as sent in your journal?")
    child.sendline("n")
    child.expect(r"Recorded as made; once sent: `letterkit journal sent \d+`")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = (tmp_path / "ua-2-19-russia-letter-putin.txt").read_text(encoding="utf-8")
    assert saved == (GOLDEN / "ua-2-19-russia.letter.txt").read_text(encoding="utf-8")


def test_ctrl_c_at_a_question_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    child = spawn_script("compose", "ua-2-19-russia", cwd=tmp_path)
    child.expect_exact("1. Language of your letter")
    child.sendintr()
    child.expect_exact("letterkit: interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


def _batch_of(sheet: Path) -> pexpect.spawn:
    """A batch of letters from *sheet* into `letters/` beside it."""
    arguments = ["ua-2-19-russia", sheet.name, "--channel", "letter", "--out-dir", "letters"]
    return spawn_script("batch", *arguments, cwd=sheet.parent)


def test_a_batch_shows_progress_in_a_terminal(tmp_path: Path) -> None:
    rows = "".join(f"Signer {n},I am signer number {n}.\n" for n in range(3000))
    (tmp_path / "signers.csv").write_text("name,about\n" + rows, encoding="utf-8")
    child = _batch_of(tmp_path / "signers.csv")
    child.expect(r"[\d,]+ of 3,000 rows")  # the total, counted first
    child.expect_exact("0 failed")
    child.expect(r"3,000 rows: 3,000 written, 0 already done, 0 failed, in \d+\.\d s")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(list((tmp_path / "letters").glob("*.txt"))) == 3000


def test_a_batch_in_a_terminal_prints_emoji_codes_as_written(tmp_path: Path) -> None:
    """A signer's `:smile:` reaches the progress console as text, never as an emoji."""
    (tmp_path / "signers.csv").write_text(
        "name,about,to\nAnn,I sing.,putin\n:smile: Bob,I paint [bold]boldly[/bold].,:smile:\n",
        encoding="utf-8",
    )
    child = _batch_of(tmp_path / "signers.csv")
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before or ""
    assert "signers.csv:3: to: no official `:smile:` in this case" in shown
    assert "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in shown
    assert "2 rows: 1 written, 0 already done, 1 failed" in shown
    assert child.exitstatus == 1


LONG_ABOUT = (
    "I have been a nurse in Ottawa for twenty years and I have cared for people of every kind, "
    "whoever they love"
)


TOO_LONG_FOR_ONE_TWEET = [
    ("1. Language of your letter", ""),
    ("2. Your name, as you sign", "Maria"),
    ("3. Your postal address", ""),
    ("4. Your sentence about yourself", LONG_ABOUT),
    ("5. Your asks", "1 2 3"),
    ("6. Channel", "tweet"),
    ("The asks you chose need a thread of 2 tweets", None),
]
"""Prompts and answers that choose a tweet whose asks need a thread (None: only shown)."""


def test_a_thread_is_offered_or_fewer_asks_under_the_same_number(tmp_path: Path) -> None:
    child = spawn_script("compose", "ua-2-19-russia", "--date", "2026-11-25", cwd=tmp_path)
    for prompt, answer in [
        *TOO_LONG_FOR_ONE_TWEET,
        ("Choose fewer asks, to fit one tweet, instead?", "y"),
        # Shown as the tweet says them, and asked under the same number.
        ("investigate the reports of homophobic detention, torture and killings", None),
        ("5. Your asks", "2 4"),
    ]:
        child.expect_exact(prompt)
        if answer is not None:
            child.sendline(answer)
    child.expect_exact("Your tweet to Vladimir Putin:")
    child.expect_exact("To post the tweet, open: https://twitter.com/intent/tweet?text=")
    child.expect_exact("Save it to a file?")
    child.sendline("n")
    child.expect_exact("Record in your journal that you sent it?")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_thread_of_tweets_each_saying_its_own_part(tmp_path: Path) -> None:
    child = spawn_script("compose", "ua-2-19-russia", "--date", "2026-11-25", cwd=tmp_path)
    for prompt, answer in [
        *TOO_LONG_FOR_ONE_TWEET,
        ("Choose fewer asks, to fit one tweet, instead?", "n"),
    ]:
        child.expect_exact(prompt)
        if answer is not None:
            child.sendline(answer)
    child.expect_exact("Your tweet to Vladimir Putin:")
    child.expect_exact("To post tweet 1 of 2, open: https://twitter.com/intent/tweet?text=")
    shown = child.before
    child.expect_exact("To post tweet 2 of 2, open: https://twitter.com/intent/tweet?text=")
    child.expect_exact("Save it to a file?")
    tweets = [one for one in shown.replace("\r", "").split("\n\n") if one.startswith("@")]
    assert [tweet[-4:] for tweet in tweets] == [" 1/2", " 2/2"]
    assert LONG_ABOUT in tweets[0]
    assert LONG_ABOUT not in tweets[1]  # the second says the asks the first could not
    assert "bring anyone guilty or complicit in these crimes to justice" in tweets[1]
    child.sendline("n")
    child.expect_exact("Record in your journal that you sent it?")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_sheet_pasted_at_the_terminal_is_asked_for_and_ended_with_ctrl_d(
    tmp_path: Path,
) -> None:
    child = spawn_script(
        *("batch", "ua-2-19-russia", "-", "--channel", "letter", "--format", "jsonl"),
        "--no-journal",
        cwd=tmp_path,
    )
    child.expect_exact("Reading the signers sheet from the terminal: paste it, then press Ctrl-D.")
    child.sendline("name,about")
    child.sendline("Ann Lee,I sing in Oslo.")
    child.expect_exact("Ann Lee,I sing in Oslo.")  # the terminal took the line
    child.sendeof()
    child.expect_exact('"signer":"Ann Lee"')
    child.expect_exact("1 row: 1 written, 0 already done, 0 failed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_forgetting_records_declined_at_the_terminal_forgets_nothing(tmp_path: Path) -> None:
    made = spawn_script(
        *("compose", "ua-2-19-russia", "--name", "Ann", "--about", "I sing in Oslo."),
        *("--ask", "1 2", "--channel", "fax", "--sent", "--no-profile", "--no-interactive"),
        cwd=tmp_path,
    )
    made.expect(pexpect.EOF)
    made.close()
    assert made.exitstatus == 0
    child = spawn_script("journal", "forget", "--case", "ua-2-19-russia", cwd=tmp_path)
    child.expect_exact("Forget 1 record(s) of ua-2-19-russia? This cannot be undone.")
    child.sendline("n")
    child.expect_exact("Nothing forgotten.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0  # a choice, not an error
    listed = spawn_script("journal", cwd=tmp_path)
    listed.expect_exact("1 fax")
    listed.expect(pexpect.EOF)


def test_clearing_the_profile_declined_at_the_terminal_keeps_it(tmp_path: Path) -> None:
    made = spawn_script("profile", "set", "--name", "Maria Example", cwd=tmp_path)
    made.expect(pexpect.EOF)
    made.close()
    assert made.exitstatus == 0
    child = spawn_script("profile", "clear", cwd=tmp_path)
    child.expect_exact("Clear your profile")
    child.sendline("n")
    child.expect_exact("The profile is kept.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0  # a choice, not an error
    shown = spawn_script("profile", cwd=tmp_path)
    shown.expect_exact("Maria Example")
    shown.expect(pexpect.EOF)
