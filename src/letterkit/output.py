"""Writing a user's files: atomically, and never over an existing file unless asked.

A file is written to a temporary name in the same folder, flushed to disk, then
moved into place in one step, so a killed process leaves the old file or none,
never half a letter.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from letterkit.errors import OutputError


def write_atomic(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write *text* (UTF-8) to *path*; refuse to replace a file unless *force*."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    if not force and target.exists():
        raise OutputError(f"{target}: exists; pass --force to replace it")
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        _move_into_place(temporary, target, force=force)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def _move_into_place(temporary: str, target: Path, *, force: bool) -> None:
    try:
        if force:
            os.replace(temporary, target)
            return
        try:
            # A hard link fails if the name was taken meanwhile: no race with another writer.
            os.link(temporary, target)
        except OSError as error:
            if error.errno == errno.EEXIST:
                raise OutputError(f"{target}: exists; pass --force to replace it") from None
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
                raise
            os.replace(temporary, target)  # a file system without hard links
        else:
            os.unlink(temporary)
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
