"""The README tells the truth: every command in it is run, and what it prints checked.

Each ```console block's `$` lines are run as a user runs them, in a fresh folder
(with the repository's `cases/`). Every line the README shows must appear in what
letterkit printed (standard output and error as they came), in the README's order;
a question's text is looked for without its answer, which is typed in. Each
command exits 0, unless a comment just above the block, `<!-- exits: 1 0 -->`,
gives each command's status. A line of `...` stands for lines left out; the days
since 2019 and today's date are compared as such, not as the day the README was
written.

Each ```sh block's commands are run in order in a fresh folder too, and must exit
0; one whose comment says it asks or that you confirm needs a person at a
terminal, so only its options are checked (`--help`): its own tests answer it in a
terminal. The README's two opening commands (a new venv) are what CI runs.

A block may need something first (a journal with messages, a case file with
mistakes): an HTML comment just above it, `<!-- doctest: COMMANDS -->`, says what,
run by `sh` in the same folder.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
SCRIPTS = Path(sys.executable).parent
BLOCK = re.compile(
    r"(?:<!-- doctest: (?P<setup>.*?) -->\n)?(?:<!-- exits: (?P<exits>[\d ]+) -->\n)?"
    r"```(?P<kind>console|sh)\n(?P<body>.*?)```",
    re.S,
)
QUESTION = re.compile(r"^(?P<asked>\d+\. .*:)(?: (?P<answer>.*))?$")
CONFIRM = re.compile(r"^(?P<asked>.*\[y/n\](?: \(\w\))?:)(?: (?P<answer>.*))?$")
README_HOME = "/home/ana/.local/share/letterkit"
OPENING = "python3 -m venv .venv"
"""The README's two opening commands: a fresh venv, as CI and a new user make it."""


def _blocks(kind: str) -> list[tuple[int, str, str, list[int]]]:
    """The README's blocks of *kind*: line, setup, text, and each command's exit status."""
    text = README.read_text(encoding="utf-8")
    return [
        (
            text.count("\n", 0, match.start("body")) + 1,
            match["setup"] or "",
            match["body"],
            [int(one) for one in (match["exits"] or "").split()],
        )
        for match in BLOCK.finditer(text)
        if match["kind"] == kind
    ]


def _normal(text: str, home: Path) -> str:
    text = text.replace(README_HOME, str(home))
    text = re.sub(r"[\d,]+ days ago", "N days ago", text)
    text = re.sub(r", in (?:\d+ min )?[\d.]+ s\b", ", in N s", text)  # how long a batch took
    text = re.sub(r"\d{4}-\d\d-\d\d", "DATE", text)
    return " ".join(text.split())


def _commands(body: str) -> list[tuple[str, list[str]]]:
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    return commands


def _asked(line: str) -> re.Match[str] | None:
    """A question the command asks, as the README shows it answered."""
    return QUESTION.match(line) or CONFIRM.match(line)


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh folder with the repository's cases, and an environment of its own."""
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    environment = {
        **os.environ,
        "PATH": f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}",
        "REPO": str(ROOT),
        "LETTERKIT_HOME": str(tmp_path / "home"),
        "LETTERKIT_JOURNAL": str(tmp_path / "journal.sqlite3"),
        "LETTERKIT_PROFILE": str(tmp_path / "profile.toml"),
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "PYTHONUNBUFFERED": "1",  # standard output and error in the order they were written
    }
    return tmp_path, environment


def _set_up(setup: str, where: Path, environment: dict[str, str]) -> None:
    """What a block needs first, as its `<!-- doctest: COMMANDS -->` says."""
    if setup:
        subprocess.run(["sh", "-c", setup], cwd=where, env=environment, check=True)


@pytest.mark.parametrize(
    ("line", "setup", "body", "exits"), _blocks("console"), ids=lambda one: str(one)[:12]
)
def test_each_console_block_of_the_readme_is_true(
    line: int, setup: str, body: str, exits: list[int], folder: tuple[Path, dict[str, str]]
) -> None:
    where, environment = folder
    home = where / "home"
    _set_up(setup, where, environment)
    commands = _commands(body)
    assert commands, f"README.md:{line}: a console block with no `$` command"
    exits = exits or [0] * len(commands)
    assert len(exits) == len(commands), f"README.md:{line}: an exit status for each command"
    for (command, shown), status in zip(commands, exits, strict=True):
        words = shlex.split(command.replace(".venv/bin/letterkit", "letterkit"))
        answers = [(found["answer"] or "") for one in shown if (found := _asked(one))]
        if answers:
            words.append("--interactive")
        result = subprocess.run(
            words,
            cwd=where,
            env=environment,
            input="".join(f"{answer}\n" for answer in answers),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == status, (
            f"README.md:{line}: `{command}` exits {result.returncode}\n{result.stdout}"
        )
        printed, position = _normal(result.stdout, home), 0
        for expected in shown:
            if not expected.strip() or expected.strip() == "...":
                continue
            found = _asked(expected)
            wanted = _normal(found["asked"] if found else expected, home)
            at = printed.find(wanted, position)
            assert at >= 0, (
                f"README.md:{line}: `{command}` does not print, after what came before: "
                f"{expected.strip()}\nit printed:\n{result.stdout}"
            )
            position = at + len(wanted)


def _sh_commands(body: str) -> list[tuple[str, bool]]:
    """A block's commands, continued lines joined; each with whether it asks a person."""
    commands = []
    for logical in body.replace("\\\n", " ").splitlines():
        command, _, comment = logical.partition("  #")
        if command.strip():
            commands.append((command.strip(), "asks" in comment or "confirm" in comment))
    return commands


@pytest.mark.parametrize(
    ("line", "setup", "body", "exits"), _blocks("sh"), ids=lambda one: str(one)[:12]
)
def test_each_command_of_the_readme_runs(
    line: int, setup: str, body: str, exits: list[int], folder: tuple[Path, dict[str, str]]
) -> None:
    where, environment = folder
    _set_up(setup, where, environment)
    commands = _sh_commands(body)
    assert commands, f"README.md:{line}: an sh block with no command"
    assert not exits, f"README.md:{line}: the commands of an sh block all succeed"
    for command, asks in commands:
        if command.startswith(OPENING):
            continue
        command = command.replace(".venv/bin/", "")
        if asks:  # only its options: a person answers it
            command = f"{command.partition('>')[0]} --help"
        result = subprocess.run(
            ["sh", "-c", command],
            cwd=where,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 0, (
            f"README.md:{line}: `{command}` exits {result.returncode}\n"
            f"{result.stdout}{result.stderr}"
        )


def test_each_block_of_the_readme_ends_where_it_should() -> None:
    """A closing fence with words after it does not close: the block swallows the prose,
    and the examples after it, as GitHub shows the page."""
    from markdown_it import MarkdownIt

    text = README.read_text(encoding="utf-8")
    fences = [token for token in MarkdownIt().parse(text) if token.type == "fence"]
    assert fences
    for fence in fences:
        assert fence.map is not None
        assert "```" not in fence.content, f"README.md:{fence.map[0] + 1}: a block left open"
    assert len(fences) == sum(1 for line in text.splitlines() if line.startswith("```")) // 2
