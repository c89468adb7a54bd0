"""How well `letterkit import` drafts each fixture of tests/import/, and how fast.

For each fixture: the draft is made by the installed command (a whole process),
then compared field by field with the case a careful person wrote from the same
source (expected.yaml, or one file per action under expected/):

- right: a field the draft gives as expected;
- wrong: a field the draft gives otherwise;
- missed: a field expected but not in the draft (or left FILL IN);
- edits: the errors `letterkit validate` finds in the draft, each an edit to make.

    python bench/import.py
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "tests" / "import"
LETTERKIT = str(Path(sys.executable).parent / "letterkit")
FIELDS = ("reference", "title", "issued", "deadline", "country", "language")


def compared(draft: dict[str, Any], expected: dict[str, Any]) -> tuple[int, int, int]:
    """(right, wrong, missed) over the case's fields, its asks and its officials."""
    right = wrong = missed = 0

    def one(mine: object, theirs: object) -> None:
        nonlocal right, wrong, missed
        if theirs is None:
            return
        if mine is None or (isinstance(mine, str) and mine.startswith("FILL IN:")):
            missed += 1
        elif _same(mine, theirs):
            right += 1
        else:
            wrong += 1

    for key in FIELDS:
        one(draft.get(key), expected.get(key) if key != "language" else expected.get(key, "en"))
    one(bool(draft.get("model_letter")) or None, bool(expected.get("model_letter")) or None)
    one(_ask_count(draft), _ask_count(expected))
    for group in ("targets", "copies"):
        theirs = expected.get(group) or []
        mine = draft.get(group) or []
        for index, official in enumerate(theirs):
            found = mine[index] if index < len(mine) else {}
            for key in ("name", "title", "fax", "emails", "salutation"):
                one(found.get(key), official.get(key))
            address = (official.get("address") or {}).get("lines")
            one(((found.get("address") or {}).get("lines")), address)
    return right, wrong, missed


def _same(mine: object, theirs: object) -> bool:
    def norm(value: object) -> object:
        if isinstance(value, str):
            return " ".join(value.replace("’", "'").split()).casefold().rstrip(",:")
        if isinstance(value, list):
            return [norm(one) for one in value]
        return value

    return norm(mine) == norm(theirs)


def _ask_count(case: dict[str, Any]) -> int | None:
    asks = case.get("asks") or {}
    items = [item for item in asks.get("items", []) if not str(item.get("text")).startswith("FILL")]
    return len(items) or None


def edits(path: Path) -> int:
    result = subprocess.run([LETTERKIT, "validate", str(path)], capture_output=True, text=True)
    return sum(
        1
        for line in result.stdout.splitlines()
        if ":" in line
        and "warning:" not in line
        and not line.startswith(("1 case", "0 case"))
        and "checked" not in line
    )


def main() -> None:
    rows = []
    passing = 0
    total = 0
    for folder in sorted(path for path in FIXTURES.iterdir() if path.is_dir()):
        sources = sorted(folder.glob("source.*"))
        sources = [one for one in sources if one.suffix in (".txt", ".html", ".pdf")]
        expected_files = sorted(folder.glob("expected/*.yaml")) or sorted(
            folder.glob("expected.yaml")
        )
        if not sources or not expected_files:
            continue
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run([LETTERKIT, "import", str(sources[0]), "-o", out], capture_output=True)
            seconds = time.perf_counter() - started
            drafts = sorted(Path(out).glob("*.yaml"))
            for index, expected_path in enumerate(expected_files):
                expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
                draft_path = drafts[index] if index < len(drafts) else None
                draft = yaml.safe_load(draft_path.read_text(encoding="utf-8")) if draft_path else {}
                right, wrong, missed = compared(draft or {}, expected)
                needed = edits(draft_path) if draft_path else 99
                total += 1
                passing += needed <= 3
                name = folder.name + (f"/{expected_path.stem}" if len(expected_files) > 1 else "")
                rows.append((name, sources[0].suffix[1:], right, wrong, missed, needed, seconds))
    print(f"# {platform.machine()}, Python {platform.python_version()}")
    print("| fixture | kind | right | wrong | missed | edits | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, kind, right, wrong, missed, needed, seconds in rows:
        print(f"| {name} | {kind} | {right} | {wrong} | {missed} | {needed} | {seconds:.2f} |")
    print(f"\n{passing} of {total} drafts pass validate after at most 3 edits")


if __name__ == "__main__":
    main()
