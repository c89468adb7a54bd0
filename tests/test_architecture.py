"""The shape of the code: a pure core, a thin command line, a quick start."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import letterkit

PACKAGE = Path(letterkit.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_command_line_imports_typer_or_rich() -> None:
    core = [path for path in PACKAGE.rglob("*.py") if "cli" not in path.relative_to(PACKAGE).parts]
    assert core
    for path in core:
        assert not _imports(path) & {"typer", "rich", "click"}, path


def test_start_up_loads_no_case_machinery() -> None:
    """`letterkit --help` must not pay for pydantic models, YAML, Jinja2 or rich."""
    code = (
        "import sys, json\n"
        "from letterkit.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stderr))
    for heavy in (
        "letterkit.models",
        "letterkit.cases",
        "yaml",
        "jinja2",
        "babel",
        "twitter_text",
        "email_validator",
    ):
        assert heavy not in loaded, heavy


def test_templates_and_cases_ship_inside_the_package() -> None:
    assert (PACKAGE / "templates" / "message.txt.j2").is_file()
    assert (PACKAGE / "cases" / "ua-2-19-russia.yaml").is_file()
