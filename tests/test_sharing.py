"""Cases that travel: found in the current folder, added from files, folders, zips and URLs."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.folders import added_cases_folder

from .conftest import BUNDLED_CASE, FIXTURE_CASES, QuietHandler, local_server

WINDOW = FIXTURE_CASES / "window.yaml"
EMAIL = FIXTURE_CASES / "email-appeal.yaml"
TEMPLATE = "Dear {{ writer.name }},\n\n{{ writer.about }}\n"


def _with_templates(folder: Path, name: str = "own-letter") -> Path:
    """A case that brings its own letter template, in a folder of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    case_file = folder / f"{name}.yaml"
    case_file.write_text(
        BUNDLED_CASE.read_text(encoding="utf-8") + "templates:\n  letter: mine.j2\n",
        encoding="utf-8",
    )
    (folder / "mine.j2").write_text(TEMPLATE, encoding="utf-8")
    return case_file


def _added() -> list[str]:
    folder = added_cases_folder()
    return sorted(one.name for one in folder.iterdir()) if folder.is_dir() else []


# Finding cases


def test_list_finds_case_files_in_the_current_folder_but_not_other_yaml(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "window.yaml").write_bytes(WINDOW.read_bytes())
    (tmp_path / "mkdocs.yml").write_text("site_name: Our group\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("title: not listed\n", encoding="utf-8")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.stderr
    assert "window " in result.stdout
    assert "ua-2-19-russia" in result.stdout
    assert "mkdocs" not in result.stdout + result.stderr
    assert "pre-commit" not in result.stdout + result.stderr
    compose = runner.invoke(
        app, ["show", "window"], env={"COLUMNS": "200"}
    )  # found by its id, from here
    assert "File: window.yaml (the current folder)" in compose.stdout


def test_list_all_shows_every_folder_searched_in_order_and_what_is_hidden(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, given = tmp_path / "here", tmp_path / "given"
    here.mkdir()
    given.mkdir()
    monkeypatch.chdir(here)
    (here / "ua-2-19-russia.yaml").write_bytes(BUNDLED_CASE.read_bytes())
    (given / "window.yaml").write_bytes(WINDOW.read_bytes())
    result = runner.invoke(
        app, ["list", "--all", "--cases-dir", str(given)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    searched = result.stdout[result.stdout.index("Folders searched") :].splitlines()
    assert searched[1] == f"  1. {given}  (given with --cases-dir): 1 case"
    assert searched[2] == "  2. ./  (the current folder): 1 case"
    assert searched[3].startswith(f"  3. {added_cases_folder()}  (your cases, added with")
    assert searched[3].endswith("does not exist")
    assert searched[4].endswith("(bundled with letterkit): 0 cases (1 hidden)")
    assert searched[5].startswith("  hidden: ua-2-19-russia in ")
    assert searched[5].endswith(", by ua-2-19-russia.yaml")
    # The folder column says where each listed case is: the current folder's copy wins.
    russia = next(line for line in result.stdout.splitlines() if line.startswith("ua-2-19"))
    assert russia.split()[-1] == "2"


def test_without_any_case_list_all_still_says_where_it_looked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("letterkit.folders.BUNDLED_CASES", tmp_path / "none")
    result = runner.invoke(app, ["list", "--all"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "Folders searched, first match first:" in result.stdout
    assert "does not exist" in result.stdout


# Adding cases


def test_a_case_file_is_checked_copied_and_shown_with_where_it_came_from(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shared = tmp_path / "from-a-friend" / "window.yaml"
    shared.parent.mkdir()
    shared.write_bytes(WINDOW.read_bytes())
    result = runner.invoke(app, ["cases", "add", str(shared)])
    assert result.exit_code == 0, result.stderr
    assert f"added window ({added_cases_folder() / 'window.yaml'})" in result.stderr
    assert (added_cases_folder() / "window.yaml").read_bytes() == WINDOW.read_bytes()
    shared.unlink()  # the copy is the user's own now
    listed = runner.invoke(app, ["list"], env={"COLUMNS": "200"})
    assert "Testland: Ask the new governor to close the camp" in listed.stdout
    shown = runner.invoke(app, ["show", "window"], env={"COLUMNS": "200"})
    assert f"Added from {shared.resolve()} on " in shown.stdout
    assert "Edited since" not in shown.stdout
    added = added_cases_folder() / "window.yaml"
    added.write_text(added.read_text(encoding="utf-8") + "\n# my note\n", encoding="utf-8")
    shown = runner.invoke(app, ["show", "window"], env={"COLUMNS": "200"})
    assert "Edited since it was added" in shown.stdout


def test_the_same_case_twice_changes_nothing_and_a_different_one_needs_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["cases", "add", str(WINDOW)]).exit_code == 0
    again = runner.invoke(app, ["cases", "add", str(WINDOW)])
    assert again.exit_code == 0
    assert "already added, unchanged: window" in again.stderr
    assert again.stderr.endswith("nothing changed\n")
    changed = tmp_path / "window.yaml"
    changed.write_text(WINDOW.read_text(encoding="utf-8").replace("camp", "prison"), "utf-8")
    refused = runner.invoke(app, ["cases", "add", str(changed)])
    assert refused.exit_code == 4
    assert refused.stderr == (
        f"letterkit: {added_cases_folder() / 'window.yaml'}: exists; pass --force to replace it\n"
    )
    assert b"prison" not in (added_cases_folder() / "window.yaml").read_bytes()
    replaced = runner.invoke(app, ["cases", "add", str(changed), "--force"])
    assert replaced.exit_code == 0, replaced.stderr
    assert "replaced window" in replaced.stderr
    assert b"prison" in (added_cases_folder() / "window.yaml").read_bytes()


def test_a_folder_with_one_bad_case_adds_nothing_and_names_each_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "window.yaml").write_bytes(WINDOW.read_bytes())
    (shared / "broken.yaml").write_text(
        "title: Broken\ncountry: Testland\nsummary: x\nchannels: [fx]\n", encoding="utf-8"
    )
    # A misspelt title is a case to mend, not a file to pass over in silence.
    (shared / "other.yml").write_bytes(WINDOW.read_bytes().replace(b"title:", b"titel:", 1))
    result = runner.invoke(app, ["cases", "add", str(shared)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"letterkit: {shared / 'broken.yaml'}:4:12: channels[0]: ")
    assert any(
        line.startswith(f"letterkit: {shared / 'other.yml'}:") and "titel" in line for line in lines
    )
    assert lines[-1] == "letterkit: nothing was added: 2 case files with errors"
    assert _added() == []


def test_a_case_with_its_own_templates_needs_trust_and_travels_with_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    case_file = _with_templates(tmp_path / "own-letter")
    refused = runner.invoke(app, ["cases", "add", str(tmp_path)])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"letterkit: {tmp_path / 'own-letter' / 'own-letter.yaml'}: brings its own templates, "
        "which run as code when a letter is made; nothing was added; pass --trust if you "
        "trust whoever wrote it\n"
    )
    assert _added() == []
    trusted = runner.invoke(app, ["cases", "add", str(case_file), "--trust"])
    assert trusted.exit_code == 0, trusted.stderr
    assert _added() == ["origins.json", "own-letter"]
    assert sorted(p.name for p in (added_cases_folder() / "own-letter").iterdir()) == [
        "mine.j2",
        "own-letter.yaml",
    ]
    letter = runner.invoke(
        app,
        [
            *("compose", "own-letter", "--name", "Ana", "--about", "I teach.", "--ask", "1 2"),
            *("--channel", "letter", "--to", "putin", "--place", "Leeds"),
        ],
    )
    assert letter.exit_code == 0, letter.stderr
    assert letter.stdout.startswith("Dear Ana,\n\nI teach.")
    shown = runner.invoke(app, ["show", "own-letter"], env={"COLUMNS": "200"})
    assert "Its own templates were trusted when it was added" in shown.stdout
    removed = runner.invoke(app, ["cases", "remove", "own-letter"])
    assert removed.exit_code == 0
    assert _added() == ["origins.json"]
    assert runner.invoke(app, ["cases", "remove", "own-letter"]).exit_code == 1


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_wrapped_in_one_folder_is_added_and_problems_name_the_file_inside(
    runner: CliRunner, tmp_path: Path
) -> None:
    archive = tmp_path / "autumn.zip"
    archive.write_bytes(
        _zip(
            {
                "autumn/window.yaml": WINDOW.read_bytes(),
                "autumn/email-appeal.yaml": EMAIL.read_bytes(),
                "__MACOSX/autumn/._window.yaml": b"\x00\x05",
            }
        )
    )
    result = runner.invoke(app, ["cases", "add", str(archive)])
    assert result.exit_code == 0, result.stderr
    assert _added() == ["email-appeal.yaml", "origins.json", "window.yaml"]
    origins = json.loads((added_cases_folder() / "origins.json").read_text("utf-8"))
    assert origins["window"]["source"] == f"{archive.resolve()}!autumn/window.yaml"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_zip({"window.yaml": WINDOW.read_bytes().replace(b"country:", b"contry:")}))
    refused = runner.invoke(app, ["cases", "add", str(bad)])
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"letterkit: {bad}!window.yaml:")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../../escaped.yaml": WINDOW.read_bytes()}, "../../escaped.yaml: a path outside"),
        ({"/etc/escaped.yaml": WINDOW.read_bytes()}, "/etc/escaped.yaml: a path outside"),
        ({"C:/escaped.yaml": WINDOW.read_bytes()}, "C:/escaped.yaml: a path outside"),
        ({"huge.yaml": b"title: x\n" + b" " * (9 * 1024 * 1024)}, "unpacks to more than 8 MB"),
        ({f"case-{n}.yaml": b"" for n in range(501)}, "501 files; more than"),
        ({"notes.txt": b"hello"}, "holds no case file"),
    ],
)
def test_a_hostile_archive_is_refused_in_one_line_and_nothing_is_written(
    runner: CliRunner, tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    archive = tmp_path / "shared.zip"
    archive.write_bytes(_zip(members))
    result = runner.invoke(app, ["cases", "add", str(archive)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert _added() == []
    assert not (tmp_path.parent / "escaped.yaml").exists()


def test_a_file_that_is_not_an_archive_or_not_there_is_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    fake = tmp_path / "cases.zip"
    fake.write_bytes(b"PK\x03\x04 not really")
    result = runner.invoke(app, ["cases", "add", str(fake)])
    assert result.exit_code == 1
    assert "not a readable .zip archive" in result.stderr
    missing = runner.invoke(app, ["cases", "add", str(tmp_path / "nowhere.yaml")])
    assert missing.exit_code == 1
    assert missing.stderr == f"letterkit: {tmp_path / 'nowhere.yaml'}: no such file or folder\n"


BODIES = {
    "/cases/window.yaml": ("application/yaml", WINDOW.read_bytes()),
    "/autumn.zip": ("application/zip", _zip({"email-appeal.yaml": EMAIL.read_bytes()})),
    "/page": ("text/html", b"<html>a page</html>"),
    "/image.png": ("image/png", b"\x89PNG"),
}


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        kind, body = BODIES.get(self.path, ("text/plain", b""))
        self.send_response(200 if self.path in BODIES else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    with local_server(_Handler) as address:
        yield address


def test_cases_are_added_from_a_web_address(runner: CliRunner, server: str) -> None:
    result = runner.invoke(app, ["cases", "add", f"{server}/cases/window.yaml"])
    assert result.exit_code == 0, result.stderr
    archive = runner.invoke(app, ["cases", "add", f"{server}/autumn.zip"])
    assert archive.exit_code == 0, archive.stderr
    assert _added() == ["email-appeal.yaml", "origins.json", "window.yaml"]
    shown = runner.invoke(app, ["show", "window"], env={"COLUMNS": "200"})
    assert f"Added from {server}/cases/window.yaml on " in shown.stdout


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/page", "name a .yaml case file or a .zip of them"),
        ("/image.png", "is image/png, not a case file or a .zip of them"),
        ("/gone.yaml", "the server answered 404"),
    ],
)
def test_a_web_address_that_is_not_a_case_is_one_line(
    runner: CliRunner, server: str, path: str, message: str
) -> None:
    result = runner.invoke(app, ["cases", "add", f"{server}{path}"])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert _added() == []


def test_a_case_whose_file_name_is_no_id_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "my case!.yaml"
    odd.write_bytes(WINDOW.read_bytes())
    result = runner.invoke(app, ["cases", "add", str(odd)])
    assert result.exit_code == 1
    assert f"{odd}: a case's file name is its id" in result.stderr


@pytest.mark.parametrize("case_id", ["..", ".", "../window", "../../etc/passwd", "a/b"])
def test_remove_takes_only_a_case_id_never_a_path(
    runner: CliRunner, tmp_path: Path, case_id: str
) -> None:
    assert runner.invoke(app, ["cases", "add", str(WINDOW)]).exit_code == 0
    result = runner.invoke(app, ["cases", "remove", case_id])
    assert result.exit_code == 1
    assert "not a case id" in result.stderr
    assert _added() == ["origins.json", "window.yaml"]


def test_a_file_that_is_not_yaml_is_not_added(runner: CliRunner, tmp_path: Path) -> None:
    text = tmp_path / "window.txt"
    text.write_bytes(WINDOW.read_bytes())
    result = runner.invoke(app, ["cases", "add", str(text)])
    assert result.exit_code == 1
    assert f"{text}: a case file's name ends in .yaml or .yml" in result.stderr
    assert _added() == []


def test_one_wrong_origin_leaves_the_others(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["cases", "add", str(WINDOW)]).exit_code == 0
    origins = added_cases_folder() / "origins.json"
    recorded = json.loads(origins.read_text("utf-8"))
    origins.write_text(json.dumps({**recorded, "other": None}), "utf-8")
    assert runner.invoke(app, ["cases", "add", str(EMAIL)]).exit_code == 0
    after = json.loads(origins.read_text("utf-8"))
    assert set(after) == {"window", "email-appeal"}


def test_cases_in_folders_by_year_are_found(runner: CliRunner, tmp_path: Path) -> None:
    for year, case in (("2025", WINDOW), ("2026", EMAIL)):
        (tmp_path / "shared" / year).mkdir(parents=True)
        (tmp_path / "shared" / year / case.name).write_bytes(case.read_bytes())
    result = runner.invoke(app, ["cases", "add", str(tmp_path / "shared")])
    assert result.exit_code == 0, result.stderr
    assert _added() == ["email-appeal.yaml", "origins.json", "window.yaml"]


def test_an_archive_with_a_file_and_a_folder_of_one_name_is_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    archive = tmp_path / "clash.zip"
    archive.write_bytes(_zip({"a": b"x", "a/window.yaml": WINDOW.read_bytes()}))
    result = runner.invoke(app, ["cases", "add", str(archive)])
    assert result.exit_code == 1
    assert result.stderr == f"letterkit: {archive}: a/window.yaml: cannot be unpacked\n"
