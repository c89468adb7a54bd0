"""Cases kept as they were validated, so that the next command need not read them again.

Why: reading a case is most of what a command does beyond its imports. The case
format's pydantic schema takes about 12 ms to build, and parsing and validating
the bundled case another 8; a case read from the cache takes under a millisecond,
and the schema is never built.

An entry is used only when both the case's text and letterkit's code are what
they were when it was written: its first bytes are a digest of the two. The
folder is the user's own (made readable by its owner alone, and used only while
no one else may write to it, as Jinja2 keeps its compiled templates), because an
entry is a pickle. A case with templates of its own is not kept: its check reads
other files. Whatever goes wrong with the cache is only a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
from functools import lru_cache
from pathlib import Path

from letterkit.folders import cache_folder
from letterkit.models import Case

_DIGEST_BYTES = 32
_PACKAGE = Path(__file__).parent
_VALIDATED_WITH = ("pydantic", "pydantic_core", "yaml", "email_validator")
"""The libraries a case is read and validated with, besides letterkit's own modules."""
MAX_ENTRIES = 256
"""Cases kept at most; past this, the least recently written go."""


def cached_case(name: str, text: str) -> Case | None:
    """The case validated from *text* at *name* before, if the cache has it."""
    entry = _entry(name)
    try:
        data = _read_private(entry)
        if data is None or data[:_DIGEST_BYTES] != _digest(text):
            return None
    except OSError:
        return None
    try:
        case = pickle.loads(data[_DIGEST_BYTES:])  # noqa: S301 - the user's own private folder
    except Exception:  # an entry that cannot be read is a miss, whatever the reason
        return None
    return case if isinstance(case, Case) else None


def keep_case(name: str, text: str, case: Case) -> None:
    """Keep *case*, validated from *text* at *name*, for the next command that reads it."""
    if case.templates:
        return
    from letterkit.errors import OutputError
    from letterkit.output import write_atomic

    entry = _entry(name)
    with contextlib.suppress(OSError, OutputError, pickle.PicklingError, TypeError):
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(entry.parent)):
            return
        data = _digest(text) + pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(entry, data, force=True, durable=False, private=True)
        _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Keep at most :data:`MAX_ENTRIES`: cases read from folders since gone would pile up."""
    entries = list(os.scandir(folder))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns)
    for entry in entries[: len(entries) - MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _read_private(entry: Path) -> bytes | None:
    """The entry's bytes, if it and its folder are the user's own and no one else may write.

    The folder is opened first, and the entry found in what was opened, so that no
    one can put another folder in its place in between.
    """
    if not hasattr(os, "O_NOFOLLOW") or os.open not in os.supports_dir_fd:
        if not _private(os.lstat(entry.parent)):
            return None
        return entry.read_bytes()
    folder = os.open(entry.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if not _private(os.fstat(folder)):
            return None
        descriptor = os.open(entry.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
    finally:
        os.close(folder)
    with open(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return None
        return file.read()


def _entry(name: str) -> Path:
    """The cache's file for the case at *name*: one a case file, kept up to date."""
    where = os.path.abspath(name).encode("utf-8", "surrogateescape")
    return cache_folder() / "cases" / f"{hashlib.sha256(where).hexdigest()[:32]}.pickle"


def _private(info: os.stat_result) -> bool:
    """Whether a folder is the user's own, and no one else may write to it."""
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owned and not info.st_mode & 0o022


def _digest(text: str) -> bytes:
    """What an entry must begin with to hold the case *text* makes, with this code."""
    digest = hashlib.sha256(code_fingerprint())
    digest.update(text.encode("utf-8", "surrogateescape"))
    return digest.digest()


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The code that validates a case: each module's size and time, Python's and pydantic's.

    A change to any module may change what a case validates to, in an installed
    copy or in a working copy whose version number stays the same.
    """
    parts = [sys.version]
    for name in _VALIDATED_WITH:  # upgraded, a library may validate a case otherwise
        module = sys.modules.get(name)
        spec = None if module is not None else importlib.util.find_spec(name)
        origin = getattr(module, "__file__", None) or (spec.origin if spec else None)
        if origin:
            info = os.stat(origin)
            parts.append(f"{origin}:{info.st_size}:{info.st_mtime_ns}")
    folders = [_PACKAGE]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(Path(entry.path))
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(sorted(parts)).encode("utf-8", "surrogateescape")
