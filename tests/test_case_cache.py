"""Cases kept validated between runs: used only while the case and the code are unchanged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from letterkit import case_cache
from letterkit.cases import load_case, read_case
from letterkit.errors import CaseFileError
from letterkit.folders import BUNDLED_CASES, cache_folder

CASES = Path(__file__).parent / "cases"
EVERY_CASE = sorted([*CASES.glob("*.yaml"), *BUNDLED_CASES.glob("*.yaml")])


def entries() -> list[Path]:
    return sorted((cache_folder() / "cases").glob("*.pickle"))


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    copy = tmp_path / "ua-2-19-russia.yaml"
    shutil.copy(BUNDLED_CASES / "ua-2-19-russia.yaml", copy)
    return copy


@pytest.mark.parametrize("path", EVERY_CASE, ids=lambda path: path.stem)
def test_a_case_read_again_is_the_case_read_first(path: Path) -> None:
    first = load_case(path)
    kept = entries()
    if first.templates:  # its check reads its templates: read afresh each time
        assert kept == []
        return
    assert len(kept) == 1
    again = load_case(path)
    assert again == first
    assert again is not first
    assert again.path == str(path)


def test_a_process_reading_a_kept_case_builds_no_schema(bundled: Path) -> None:
    code = (
        "import json, sys\n"
        "from letterkit.cases import load_case\n"
        "from letterkit.models import Case\n"
        f"case = load_case({str(bundled)!r})\n"
        "print(json.dumps([case.title, Case.__pydantic_complete__]))\n"
    )
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    title = load_case(bundled).title
    assert runs == [[title, True], [title, False]]


def test_a_changed_case_is_read_afresh(bundled: Path) -> None:
    load_case(bundled)
    text = bundled.read_text(encoding="utf-8")
    bundled.write_text(text.replace('title: "', 'title: "Changed, ', 1), encoding="utf-8")
    assert load_case(bundled).title.startswith("Changed, ")
    assert len(entries()) == 1  # one entry a case file, replaced


def test_a_case_made_wrong_is_never_read_from_the_cache(bundled: Path) -> None:
    load_case(bundled)
    text = bundled.read_text(encoding="utf-8")
    bundled.write_text(text.replace("title: ", "titel: ", 1), encoding="utf-8")
    with pytest.raises(CaseFileError, match="title"):
        load_case(bundled)


def test_changed_code_reads_the_case_afresh(bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_case(bundled)
    monkeypatch.setattr(case_cache, "code_fingerprint", lambda: b"another version of letterkit")
    assert case_cache.cached_case(str(bundled), bundled.read_text(encoding="utf-8")) is None
    assert load_case(bundled) == first


@pytest.mark.parametrize("damage", [b"", b"\x00" * 10, b"not a pickle at all" * 3])
def test_a_damaged_entry_is_a_miss(bundled: Path, damage: bytes) -> None:
    first = load_case(bundled)
    [entry] = entries()
    digest = entry.read_bytes()[:32]
    entry.write_bytes(digest + damage)
    assert case_cache.cached_case(str(bundled), bundled.read_text(encoding="utf-8")) is None
    assert load_case(bundled) == first


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder permissions are POSIX")
def test_a_folder_others_may_write_to_is_not_trusted(bundled: Path) -> None:
    load_case(bundled)
    folder = cache_folder() / "cases"
    folder.chmod(0o777)
    try:
        assert case_cache.cached_case(str(bundled), bundled.read_text(encoding="utf-8")) is None
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder permissions are POSIX")
def test_entries_are_readable_by_their_owner_alone(bundled: Path) -> None:
    load_case(bundled)
    [entry] = entries()
    assert entry.stat().st_mode & 0o777 == 0o600
    assert entry.parent.stat().st_mode & 0o777 == 0o700


def test_validate_always_reads_the_case_whole(bundled: Path) -> None:
    """Advice for the author comes from the file itself, never from the cache."""
    load_case(bundled)
    text = bundled.read_text(encoding="utf-8")
    bundled.write_text(text + "\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="unknown_key"):
        read_case(bundled)


def test_a_cache_that_cannot_be_written_costs_nothing(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "home"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv("LETTERKIT_HOME", str(blocked))
    assert load_case(bundled) == load_case(bundled)


def test_an_upgraded_library_reads_the_case_afresh(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    library = tmp_path / "library" / "case_library_for_test.py"
    library.parent.mkdir()
    library.write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(library.parent))
    monkeypatch.setattr(case_cache, "_VALIDATED_WITH", ("case_library_for_test",))
    case_cache.code_fingerprint.cache_clear()
    text = bundled.read_text(encoding="utf-8")
    load_case(bundled)
    assert case_cache.cached_case(str(bundled), text) is not None
    library.write_text("VERSION = 22\n", encoding="utf-8")
    case_cache.code_fingerprint.cache_clear()
    assert case_cache.cached_case(str(bundled), text) is None
    case_cache.code_fingerprint.cache_clear()


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="symbolic links are POSIX")
def test_a_folder_put_in_the_caches_place_is_not_followed(bundled: Path, tmp_path: Path) -> None:
    load_case(bundled)
    folder = cache_folder() / "cases"
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)
    assert case_cache.cached_case(str(bundled), bundled.read_text(encoding="utf-8")) is None


def test_the_cache_keeps_the_cases_read_last(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(case_cache, "MAX_ENTRIES", 3)
    copies = []
    for number in range(5):
        copy = tmp_path / f"case-{number}.yaml"
        shutil.copy(bundled, copy)
        load_case(copy)
        copies.append(copy)
        time.sleep(0.01)  # written one after the other, as their times say
    assert len(entries()) == 3
    text = bundled.read_text(encoding="utf-8")
    kept = [case_cache.cached_case(str(copy), text) is not None for copy in copies]
    assert kept == [False, False, True, True, True]
