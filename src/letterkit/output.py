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


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse, before any work, a path that :func:`write_atomic` would refuse."""
    target = Path(path)
    if not str(path).strip():
        raise OutputError("give a file name to write to")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OutputError(f"{target}: is not a regular file; letterkit writes only to files")
    if not force and target.exists():
        raise OutputError(f"{target}: exists; pass --force to replace it")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: the folder {target.parent} does not exist")
    return target


def write_atomic(
    path: str | os.PathLike[str], text: str, *, force: bool = False, durable: bool = True
) -> Path:
    """Write *text* (UTF-8) to *path*; refuse to replace a file unless *force*.

    *durable* waits until the file is on disk; a batch of many small files skips
    that for speed (the move into place still keeps each file whole).
    """
    target = check_writable(path, force=force)
    folder = target.parent
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            if durable:
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
