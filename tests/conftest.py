"""Shared fixtures: the bundled case, a CLI runner, golden files and hypothesis profiles."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from letterkit.cases import BUNDLED_CASES, load_case
from letterkit.cli import app
from letterkit.models import Case

settings.register_profile("fast", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
FIXTURE_CASES = TESTS / "cases"
BUNDLED_CASE = BUNDLED_CASES / "ua-2-19-russia.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files from what the code renders now.",
    )


@pytest.fixture(autouse=True)
def _quiet_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests never see the developer's own cases, editor, journal or terminal width."""
    monkeypatch.setenv("LETTERKIT_JOURNAL", str(tmp_path_factory.mktemp("journal") / "j.sqlite3"))
    monkeypatch.setenv("LETTERKIT_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("LETTERKIT_PROFILE", str(tmp_path_factory.mktemp("config") / "p.toml"))
    monkeypatch.delenv("LETTERKIT_CASES", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")


BUNDLED_AGE = re.compile(
    rb"letterkit: warning: no deadline given, and issued [\d,]+ days ago: this action may be "
    rb"closed; check with the organisation\n"
)
"""What every run on the bundled case says: it is from 2019 (`test_timing.py` tests it)."""


BATCH_DURATION = re.compile(rb"(rows?: [\d,]+ written, .*), in (?:\d+ min )?[\d.]+ s$", re.M)
"""How long a batch took, at the end of its summary: the same run takes more or less time."""


def as_every_run_says_it(stderr: bytes) -> bytes:
    """*stderr* less what changes from run to run: the line every run on the bundled case says
    of its age, and the time a batch took (``test_a_batch_says_how_long_it_took`` checks it)."""
    return BATCH_DURATION.sub(rb"\1", BUNDLED_AGE.sub(b"", stderr))


class Runner(CliRunner):
    """A CLI runner whose results leave out the bundled case's age, said on every run."""

    def invoke(self, *args: Any, **kwargs: Any) -> Result:  # type: ignore[override]
        result = super().invoke(*args, **kwargs)
        result.stderr_bytes = as_every_run_says_it(result.stderr_bytes or b"")
        return result


@pytest.fixture
def runner() -> CliRunner:
    return Runner()


@pytest.fixture(scope="session")
def case() -> Case:
    return load_case(BUNDLED_CASE)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with ``tests/golden/NAME``; ``--update-golden`` rewrites the file."""
    update = bool(request.config.getoption("--update-golden"))

    def compare(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden"
        assert actual == path.read_text(encoding="utf-8")

    return compare


def batch(runner: CliRunner, sheet: object, *options: str, **kwargs: Any) -> Result:
    """Run `letterkit batch` on the bundled case for *sheet* (a path, or "-")."""
    return runner.invoke(app, ["batch", "ua-2-19-russia", str(sheet), *options], **kwargs)


def reader_rows(count: int) -> list[str]:
    """*count* signers' rows (name, sentence, asks), each signer reading alike."""
    return [f"Signer {n},I write as reader {n} of this case.,1 3" for n in range(count)]


def signers_sheet(tmp_path: Path, rows: list[str]) -> Path:
    """A sheet of *rows* under the header `name,about,asks`."""
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about,asks\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return sheet


SCRIPT = Path(sys.executable).parent / "letterkit"
"""The installed console script, as a user runs it."""


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to run without the console script: its tests would prove nothing skipped."""
    if not SCRIPT.exists():
        raise pytest.UsageError(
            f"{SCRIPT} is missing: install letterkit first, as the README's test command "
            "does (pip install -e '.[test]')"
        )


def spawn_script(*args: str, cwd: Path, columns: int = 100) -> pexpect.spawn:
    """The console script in a real pseudo-terminal, without the developer's editor or cases."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VISUAL", "EDITOR", "NO_COLOR", "LETTERKIT_CASES")
    }
    environment.update(TERM="xterm-256color", COLUMNS=str(columns), LINES="40")
    return pexpect.spawn(
        str(SCRIPT),
        list(args),
        cwd=str(cwd),
        env=environment,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, columns),
    )


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A test server's handler that keeps its request log off the test's output."""

    def log_message(self, *args: object) -> None:
        """Log nothing: each test reads what the command printed, not the server."""


@contextlib.contextmanager
def local_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on a free local port, answering with *handler*; yields its address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
