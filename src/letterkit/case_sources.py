"""Case files as a group shares them: one file, a folder, a ``.zip``, or a web address.

Each source is hostile until checked: an archive is unpacked into a temporary
folder within bounds on its files and bytes, never outside that folder, and a web
address is fetched as ``letterkit import`` fetches one (http(s) only, within a
time and a size).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from letterkit.errors import LetterkitError
from letterkit.folders import CASE_SUFFIXES

MAX_ARCHIVE_BYTES = 8 * 1024 * 1024
"""What an archive of cases may unpack to: hundreds of cases, never a disk's worth."""
MAX_ARCHIVE_FILES = 500


class AddError(LetterkitError):
    """A source of cases cannot be read, or holds no case that could be added."""


@dataclass(frozen=True)
class StagedCase:
    """A case file ready to check: where it is now, its name for the user, and its origin."""

    path: Path
    shown: str
    """As the user knows it: the path they gave, or `archive.zip!inner/case.yaml`."""
    origin: str
    """As recorded: an absolute path, an address, or an archive's path and the file in it."""


@contextlib.contextmanager
def staged_cases(source: str) -> Iterator[list[StagedCase]]:
    """The case files in *source*, unpacked into a temporary folder where need be."""
    with tempfile.TemporaryDirectory(prefix="letterkit-add-") as staging:
        here = Path(staging)
        if re.match(r"(?i)https?://", source):
            yield _downloaded(source, here)
            return
        given = Path(source)
        if given.is_dir():
            root, shown, origin = given, str(given), str(given.resolve())
            separator = os.sep
        elif given.suffix.lower() == ".zip" and given.is_file():
            _unpack(_read_bounded(given), source, here)
            root, shown, origin, separator = here, source, str(given.resolve()), "!"
        elif given.is_file():
            yield [StagedCase(given, source, str(given.resolve()))]
            return
        else:
            raise AddError(f"{source}: no such file or folder")
        files = _case_files(root)
        if not files:
            raise AddError(f"{source}: holds no case file (a .yaml or .yml file)")
        yield [
            StagedCase(
                path,
                f"{shown}{separator}{path.relative_to(root).as_posix()}",
                f"{origin}{separator}{path.relative_to(root).as_posix()}",
            )
            for path in files
        ]


def _downloaded(url: str, here: Path) -> list[StagedCase]:
    """The case, or the archive of cases, at *url*, saved into *here*."""
    from letterkit.importing.sources import SourceError, fetch

    try:
        data, kind = fetch(url, kind_of=_kind_of_download)
    except SourceError as error:
        raise AddError(str(error)) from None
    name = PurePosixPath(url.split("?")[0].split("#")[0]).name
    if kind == "zip" or data[:4] == b"PK\x03\x04":
        _unpack(data, url, here)
        files = _case_files(here)
        if not files:
            raise AddError(f"{url}: holds no case file (a .yaml or .yml file)")
        return [
            StagedCase(
                one,
                f"{url}!{one.relative_to(here).as_posix()}",
                f"{url}!{one.relative_to(here).as_posix()}",
            )
            for one in files
        ]
    if PurePosixPath(name).suffix not in CASE_SUFFIXES:
        raise AddError(
            f"{url}: name a .yaml case file or a .zip of them; the case's id is its name"
        )
    path = here / name
    path.write_bytes(data)
    return [StagedCase(path, url, url)]


def _kind_of_download(url: str, content_type: str) -> str | None:
    if content_type in ("application/zip", "application/x-zip-compressed"):
        return "zip"
    if content_type.startswith("text/") or content_type in (
        "application/yaml",
        "application/x-yaml",
        "application/octet-stream",
    ):
        return "yaml"
    from letterkit.importing.sources import SourceError

    raise SourceError(f"{url}: is {content_type}, not a case file or a .zip of them")


def _case_files(root: Path, depth: int = 0) -> list[Path]:
    """The case files in *root*: its YAML files, and folders holding their own case.

    Folders within (an archive's wrapping folder, a folder a year) are read too,
    two deep at most. Every YAML file shared is taken for a case, so one with a
    misspelt `title:` is an error to mend, never a case silently left behind.
    """
    files = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "__")):
            continue
        if entry.suffix in CASE_SUFFIXES and entry.is_file():
            files.append(entry)
        elif entry.is_dir() and not entry.is_symlink():
            inside = _bundle_file(entry)
            if inside is not None:
                files.append(inside)
            elif depth < 2:
                files.extend(_case_files(entry, depth + 1))
    return files


def _bundle_file(folder: Path) -> Path | None:
    """The case file of a folder that holds one case with its templates."""
    for suffix in CASE_SUFFIXES:
        if (folder / f"{folder.name}{suffix}").is_file():
            return folder / f"{folder.name}{suffix}"
    return None


def _read_bounded(path: Path) -> bytes:
    with path.open("rb") as file:
        data = file.read(MAX_ARCHIVE_BYTES + 1)
    if len(data) > MAX_ARCHIVE_BYTES:
        raise AddError(f"{path}: larger than {MAX_ARCHIVE_BYTES // 1024 // 1024} MB")
    return data


def _unpack(data: bytes, name: str, into: Path) -> None:
    """Unpack the archive *data* into *into*, within bounds, and never outside it.

    Only regular files, at most three folders deep, are taken; a path that climbs
    out (``../``, an absolute path, a drive) refuses the whole archive, and the
    bytes unpacked are counted as they come, whatever the archive claims.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [one for one in archive.infolist() if not one.is_dir()]
            if len(members) > MAX_ARCHIVE_FILES:
                raise AddError(f"{name}: {len(members):,} files; more than a group's cases")
            total = 0
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if (
                    not parts
                    or member.filename.startswith(("/", "\\"))
                    or ".." in parts
                    or ":" in parts[0]
                ):
                    raise AddError(f"{name}: {member.filename[:200]}: a path outside the archive")
                if any(part.startswith((".", "__")) for part in parts) or len(parts) > 3:
                    continue  # hidden files, macOS's __MACOSX, and what no case needs
                total += _unpack_one(archive, member, into.joinpath(*parts), name, total)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # zipfile: a compression method it cannot read
        RuntimeError,  # zipfile: an encrypted member
        EOFError,
    ) as error:
        raise AddError(f"{name}: not a readable .zip archive ({error})") from None


def _unpack_one(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, name: str, before: int
) -> int:
    """Unpack *member* to *target*, counting its bytes after the *before* already unpacked."""
    size = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as packed, target.open("wb") as unpacked:
            while chunk := packed.read(64 * 1024):
                size += len(chunk)
                if before + size > MAX_ARCHIVE_BYTES:
                    raise AddError(
                        f"{name}: unpacks to more than {MAX_ARCHIVE_BYTES // 1024 // 1024} MB"
                    )
                unpacked.write(chunk)
    except OSError:
        # A file and a folder of one name, or a name the system refuses.
        raise AddError(f"{name}: {member.filename[:200]}: cannot be unpacked") from None
    return size
