"""Writing a user's files: atomically, and never over an existing file unless asked.

A file is written under a temporary name in the same folder, then moved into place
in one step, so a killed process leaves the old file or none, never half a letter.
Without ``force`` the move is a hard link, which fails if the name was taken in the
meantime: no race with another writer.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from letterkit.errors import OutputError, OutputExistsError


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse, before any work, a path that :func:`write_atomic` would refuse."""
    if not str(path).strip():
        raise OutputError("give a file name to write to")
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise OutputError(f"{target}: the folder {target.parent} does not exist") from None
        return target
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target}: is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{target}: is not a regular file; letterkit writes only to files")
    if not force:
        raise OutputExistsError(str(target))
    return target


def write_atomic(
    path: str | os.PathLike[str],
    text: str | bytes,
    *,
    force: bool = False,
    durable: bool = True,
    claimed: bool = False,
) -> Path:
    """Write *text* (UTF-8, or bytes as they are) to *path*; refuse to replace unless *force*.

    *durable* waits until the file is on disk; a batch of many small files skips
    that for speed (the move into place still keeps each file whole). *claimed*
    says the caller holds the folder for itself and has just seen that the name is
    free, so the file is moved into place with one rename.
    """
    target = Path(path) if claimed else check_writable(path, force=force)
    descriptor, temporary = _create_temporary(target)
    try:
        try:
            os.write(descriptor, text.encode("utf-8") if isinstance(text, str) else text)
            if durable:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        _move_into_place(temporary, target, force=force or claimed)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


@contextlib.contextmanager
def atomic_stream(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[BinaryIO]:
    """A file to write bit by bit, put in place whole when the block ends without error.

    Why: a PDF of ten thousand letters is written as the letters come, and must not
    be left half-written, nor replace a file without *force*.
    """
    target = check_writable(path, force=force)
    descriptor, temporary = _create_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
        _move_into_place(temporary, target, force=force)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _create_temporary(target: Path) -> tuple[int, str]:
    """A new file beside *target*, named after it and this process.

    Why not :func:`tempfile.mkstemp` first: its random names cost several times more
    to create in a large folder, which a batch of thousands of letters feels.
    """
    temporary = str(target.parent / f".{target.name}.{os.getpid()}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        return os.open(temporary, flags, 0o666), temporary
    except FileExistsError:  # left by a killed process that had the same number
        return _random_temporary(target)
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror}") from None


def _random_temporary(target: Path) -> tuple[int, str]:
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        os.chmod(temporary, 0o666 & ~_umask())
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror}") from None
    return descriptor, temporary


def _move_into_place(temporary: str, target: Path, *, force: bool) -> None:
    try:
        if force:
            os.replace(temporary, target)
            return
        try:
            os.link(temporary, target)
        except OSError as error:
            if error.errno == errno.EEXIST:
                raise OutputExistsError(str(target)) from None
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
