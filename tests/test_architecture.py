"""The shape of the code: a pure core, a thin command line, small modules, a quick start."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import letterkit

PACKAGE = Path(letterkit.__file__).parent
ROOT = PACKAGE.parent.parent
CORE_LIMIT = 400
"""Lines a core module may have; past it, a module is doing more than one job."""
COMMAND_LINE_ONLY = ("letterkit.cli", "typer", "rich", "click")


@dataclass(frozen=True)
class Imported:
    """One name a module imports: the module it comes from, and the name (None: the module)."""

    module: str
    name: str | None
    line: int


@dataclass(frozen=True)
class Module:
    """A Python file as the rules read it: where it is, its dotted name, its source."""

    label: str
    name: str
    source: str
    is_package: bool = False

    @classmethod
    def of(cls, path: Path) -> Module:
        """`letterkit.batch.run` for src/letterkit/batch/run.py; `tests.test_cli` for a test."""
        parts = list(path.relative_to(ROOT / "src" if PACKAGE in path.parents else ROOT).parts)
        parts[-1] = parts[-1].removesuffix(".py")
        if parts[-1] == "__init__":
            parts.pop()
        return cls(
            str(path.relative_to(ROOT)),
            ".".join(parts),
            path.read_text(encoding="utf-8"),
            path.name == "__init__.py",
        )

    def imports(self) -> Iterator[Imported]:
        """Every import, relative ones resolved, at any depth (in functions too)."""
        package = self.name.split(".")
        if not self.is_package:
            package.pop()
        for node in ast.walk(ast.parse(self.source)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Imported(alias.name, None, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *filter(None, [node.module])])
                for alias in node.names:
                    yield Imported(module, alias.name, node.lineno)


def core_modules() -> list[Module]:
    """Every module but the command line's: `cli/`, and `__main__` that starts it."""
    return [
        Module.of(path)
        for path in PACKAGE.rglob("*.py")
        if "cli" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
    ]


def every_module() -> list[Module]:
    """The package, its tests and its benchmarks."""
    paths = [
        *PACKAGE.rglob("*.py"),
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "bench").glob("*.py"),
    ]
    return [Module.of(path) for path in paths]


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def command_line_imports(module: Module) -> list[str]:
    """What a core module imports that only the command line may."""
    return [
        f"{module.label}:{one.line}: {one.module}"
        for one in module.imports()
        if any(one.module == top or one.module.startswith(top + ".") for top in COMMAND_LINE_ONLY)
    ]


def private_imports(module: Module) -> list[str]:
    """Names *module* takes from another module that the other module keeps to itself."""
    found = []
    bound: set[str] = set()  # names that stand for a module: `from letterkit import similarity`
    for one in module.imports():
        parts = one.module.split(".")
        if one.name is None:
            if any(map(_private, parts)):
                found.append(f"{module.label}:{one.line}: import {one.module}")
            bound.add(parts[0])
        elif one.module != module.name and (_private(one.name) or any(map(_private, parts))):
            found.append(f"{module.label}:{one.line}: {one.module}.{one.name}")
        elif one.module.startswith("letterkit"):
            bound.add(one.name)
    for node in ast.walk(ast.parse(module.source)):
        # `similarity._paragraph_sketch`: a private name reached through a module.
        if isinstance(node, ast.Attribute) and _private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):  # `letterkit.layout._fill`
                root = root.value
            if isinstance(root, ast.Name) and root.id in bound:
                found.append(f"{module.label}:{node.lineno}: {ast.unparse(node)}")
    return found


_COMMAND_LINE_WORDS = re.compile(r"(?<![\w-])--[a-z]|`letterkit [a-z]")
"""An option (`--force`) or a command (`letterkit show`): the command line's words."""


def command_line_words(module: Module) -> list[str]:
    """Strings of a core module, docstrings aside, that name an option or a command."""
    tree = ast.parse(module.source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    # An attribute's docstring is the string statement just after it.
    docstrings |= {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        f"{module.label}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _COMMAND_LINE_WORDS.search(node.value)
    ]


def oversized(module: Module) -> list[str]:
    """A module past :data:`CORE_LIMIT` lines."""
    lines = len(module.source.splitlines())
    return [f"{module.label}: {lines} lines"] if lines > CORE_LIMIT else []


def test_the_core_never_imports_the_command_line() -> None:
    assert len(core_modules()) > 20
    assert [found for module in core_modules() for found in command_line_imports(module)] == []


def test_no_module_takes_another_modules_private_names() -> None:
    assert [found for module in every_module() for found in private_imports(module)] == []


def test_the_core_says_nothing_in_the_command_lines_words() -> None:
    """Options and commands are named by the command line; the core names fields."""
    assert [found for module in core_modules() for found in command_line_words(module)] == []


def test_every_core_module_holds_one_job() -> None:
    assert [found for module in core_modules() for found in oversized(module)] == []


@pytest.mark.parametrize(
    ("source", "rule", "caught"),
    [
        ("from letterkit.cli.vocabulary import option_for\n", command_line_imports, 1),
        ("def f():\n    from rich.text import Text\n", command_line_imports, 1),
        ("from .cli import boundary\n", command_line_imports, 1),
        ("import typer\n", command_line_imports, 1),
        ("from letterkit.clipboard import copy\n", command_line_imports, 0),
        ("from letterkit.layout import _fill\n", private_imports, 1),
        (
            "from letterkit import similarity\nsimilarity._paragraph_sketch('')\n",
            private_imports,
            1,
        ),
        ("import letterkit.layout\nletterkit.layout._fill('', '')\n", private_imports, 1),
        ("import letterkit._hidden\n", private_imports, 1),
        ("from letterkit import __version__\nself._x = 1\n", private_imports, 0),
        ("raise ChoiceError('ask', 'pass --force')\n", command_line_words, 1),
        ("message = f'see `letterkit list` for {name}'\n", command_line_words, 1),
        ('"""Turn `asks` into `--ask`."""\nx = "a -- b, em-dash"\n', command_line_words, 0),
        ("x = 1\n" * CORE_LIMIT, oversized, 0),
        ("x = 1\n" * (CORE_LIMIT + 1), oversized, 1),
    ],
)
def test_each_rule_catches_what_it_forbids(
    source: str, rule: Callable[[Module], list[str]], caught: int
) -> None:
    """The rules themselves: a module written to break one is caught, and only then."""
    assert len(rule(Module("scratch.py", "letterkit.scratch", source))) == caught


def test_public_names_come_from_the_package() -> None:
    """Every name in `__all__` is the object its module defines, whatever was imported first."""
    code = (
        "import importlib, pkgutil, letterkit\n"
        "first = {name: getattr(letterkit, name) for name in letterkit.__all__}\n"
        "for module in pkgutil.walk_packages(letterkit.__path__, 'letterkit.'):\n"
        "    if module.name != 'letterkit.__main__':\n"
        "        importlib.import_module(module.name)\n"
        "late = {name: getattr(letterkit, name) for name in letterkit.__all__}\n"
        "assert first == late, [name for name in first if first[name] is not late[name]]\n"
        "assert not any(type(value).__name__ == 'module' for value in late.values())\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AttributeError):
        _ = letterkit.no_such_name  # type: ignore[attr-defined]


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
        "letterkit.message",
        "letterkit.cases",
        "yaml",
        "jinja2",
        "babel",
        "twitter_text",
        "email_validator",
        "filelock",
    ):
        assert heavy not in loaded, heavy


def test_listing_showing_and_composing_load_no_cldr_sqlite_nor_jinja(tmp_path: Path) -> None:
    """`list`, `show` and a scripted compose read the bundled case (its postage priced from
    Canada) and a writer's country without babel; the journal's SQLite waits for a message saved.

    Knowing every country's name in five languages costs a tenth of a second: `validate` does it.
    """
    compose = (
        "['compose', 'ua-2-19-russia', '--name', 'Ann', '--place', 'Ottawa, Canada', "
        "'--about', 'I am a nurse.', '--ask', '1', '--channel', 'letter', '--no-profile']"
    )
    for command in ("['list']", "['show', 'ua-2-19-russia']", compose):
        code = (
            "import sys, json\n"
            "from letterkit.cli import app\n"
            f"try:\n    app({command})\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        loaded = set(json.loads(result.stderr.splitlines()[-1]))
        assert "letterkit.models" in loaded  # the case was read
        assert command != compose or "letterkit.sending" in loaded  # the writer's advice made
        assert "babel" not in loaded, command
        assert "sqlite3" not in loaded, command
        assert command != compose or "jinja2" not in loaded  # a letter is laid out in Python


def test_a_batch_of_text_letters_loads_no_console_styling_nor_pdf(tmp_path: Path) -> None:
    """A batch run by a script or a pipe starts as soon as it can: rich's consoles wait for a
    terminal's progress bar, the PDF machinery for a batch that prints, Jinja2 for a template.

    A thousand-row batch is a fifth start-up: these cost it 4%.
    """
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about\nAnn Lee,I am a nurse in Oslo.\n", encoding="utf-8")
    batch = (
        f"['batch', 'ua-2-19-russia', {str(sheet)!r}, '--channel', 'letter', "
        f"'--out-dir', {str(tmp_path / 'letters')!r}, '--no-journal']"
    )
    code = (
        "import sys, json\n"
        "from letterkit.cli import app\n"
        f"try:\n    app({batch})\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded = set(json.loads(result.stderr.splitlines()[-1]))
    assert (tmp_path / "letters" / "000002-ann-lee.txt").is_file()
    assert "letterkit.batch.run" in loaded
    for heavy in ("rich", "letterkit.pdf", "jinja2", "babel"):
        assert heavy not in loaded, heavy


def test_the_command_lines_annotations_are_objects_not_strings() -> None:
    """typer reads the options of every command on each run: from strings it evaluates and
    compiles each annotation again (10 ms a run); annotated with objects, it does not."""
    from typing import get_type_hints

    import typer.main

    from letterkit.cli import app

    tree = ast.parse((PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8"))
    futures = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert all(node.module != "__future__" for node in futures)
    command = typer.main.get_command(app)
    assert "compose" in command.commands  # type: ignore[attr-defined]
    for info in app.registered_commands:
        assert info.callback is not None
        assert not any(isinstance(one, str) for one in info.callback.__annotations__.values()), (
            info.callback.__name__
        )
        get_type_hints(info.callback, include_extras=True)


def test_templates_and_cases_ship_inside_the_package() -> None:
    assert (PACKAGE / "templates" / "fax_cover.txt.j2").is_file()
    assert (PACKAGE / "cases" / "ua-2-19-russia.yaml").is_file()
