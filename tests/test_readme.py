"""The README tells the truth: every console block in it is run, and its output checked.

Each ```console block's `$` lines are run as a user runs them, in a fresh folder
(with the repository's `cases/`), and every line the README shows must appear in
what letterkit printed. A block may need something first (a journal with
messages, a case file with mistakes): an HTML comment just above it, `<!--
doctest: COMMANDS -->`, says what, run by `sh` in the same folder. A line of
`...` stands for lines left out; the days since 2019 and today's date are
compared as such, not as the day the README was written.
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
BLOCK = re.compile(r"(?:<!-- doctest: (?P<setup>.*?) -->\n)?```console\n(?P<body>.*?)```", re.S)
QUESTION = re.compile(r"^\d+\. .*:(?: (?P<answer>.*))?$")
CONFIRM = re.compile(r"\[y/n\](?: \(\w\))?:(?: (?P<answer>.*))?$")
README_HOME = "/home/ana/.local/share/letterkit"


def _blocks() -> list[tuple[int, str, str]]:
    text = README.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start("body")) + 1, match["setup"] or "", match["body"])
        for match in BLOCK.finditer(text)
    ]


def _normal(text: str, home: Path) -> str:
    text = text.replace(README_HOME, str(home))
    text = re.sub(r"[\d,]+ days ago", "N days ago", text)
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


@pytest.mark.parametrize(("line", "setup", "body"), _blocks(), ids=lambda one: str(one)[:12])
def test_each_console_block_of_the_readme_is_true(
    line: int, setup: str, body: str, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    home = tmp_path / "home"
    environment = {
        **os.environ,
        "PATH": f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}",
        "REPO": str(ROOT),
        "LETTERKIT_HOME": str(home),
        "LETTERKIT_JOURNAL": str(tmp_path / "journal.sqlite3"),
        "LETTERKIT_PROFILE": str(tmp_path / "profile.toml"),
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    if setup:
        subprocess.run(["sh", "-c", setup], cwd=tmp_path, env=environment, check=True)
    commands = _commands(body)
    assert commands, f"README.md:{line}: a console block with no `$` command"
    for command, shown in commands:
        words = shlex.split(command.replace(".venv/bin/letterkit", "letterkit"))
        answers = [
            (found["answer"] or "")
            for one in shown
            if (found := QUESTION.match(one) or CONFIRM.search(one)) is not None
        ]
        if answers:
            words.append("--interactive")
        result = subprocess.run(
            words,
            cwd=tmp_path,
            env=environment,
            input="".join(f"{answer}\n" for answer in answers),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        printed = _normal(result.stdout + "\n" + result.stderr, home)
        for expected in shown:
            if not expected.strip() or expected.strip() == "...":
                continue
            if QUESTION.match(expected) or CONFIRM.search(expected):
                continue  # a question: its answer was typed, not printed
            assert _normal(expected, home) in printed, (
                f"README.md:{line}: `{command}` does not print: {expected.strip()}\n"
                f"it printed:\n{result.stdout}{result.stderr}"
            )
