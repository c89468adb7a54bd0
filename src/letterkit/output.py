"""Writing a user's files: atomically, and never over an existing file unless asked.

A file is written under a temporary name in the same folder, then moved into place
in one step, so a killed process leaves the old file or none, never half a letter.
Without ``force`` the move is a hard link, which fails if the name was taken in the
meantime: no race with another writer.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from letterkit.errors import ChoiceError, DiskFullError, OutputError, OutputExistsError


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse, before any work, a path that :func:`write_atomic` would refuse."""
    target = Path(path)
    if not str(path).strip() or target == Path():
        raise OutputError("give a file name to write to")
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


def check_distinct(
    outputs: Sequence[tuple[str, str, Path | None]], inputs: Sequence[tuple[str, Path | None]]
) -> None:
    """Refuse an output that is one of the *inputs*, or another output, however it is written.

    *outputs* are (field, what it is, path); *inputs* are (what it is, path). Paths
    are compared resolved (``sub/../x.pdf``, symbolic links) and, where the files
    exist, as the same file on disk (hard links). Why: ``--force`` replaces what an
    earlier run made, never the sheet or case a run reads.
    """
    inputs_by_file = {_identity(path): what for what, path in inputs if path is not None}
    outputs_by_file: dict[tuple[object, ...], str] = {}
    for field, what, path in outputs:
        if path is None:
            continue
        identity = _identity(path)
        if identity in inputs_by_file:
            raise ChoiceError(
                field,
                f"{path} is {inputs_by_file[identity]}: letterkit never writes over its input",
            )
        if identity in outputs_by_file:
            raise ChoiceError(
                field,
                f"{path} is also {outputs_by_file[identity]}; give each output a file of its own",
            )
        outputs_by_file[identity] = what


def _identity(path: Path) -> tuple[object, ...]:
    """The same for two names of one file: its device and inode if it exists, else its path."""
    try:
        info = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    return ("file", info.st_dev, info.st_ino)


def write_atomic(
    path: str | os.PathLike[str],
    text: str | bytes,
    *,
    force: bool = False,
    durable: bool = True,
    claimed: bool = False,
    private: bool = False,
) -> Path:
    """Write *text* (UTF-8, or bytes as they are) to *path*; refuse to replace unless *force*.

    *durable* waits until the file is on disk; a batch of many small files skips
    that for speed (the move into place still keeps each file whole). *claimed*
    says the caller holds the folder for itself and has seen, since it took hold,
    that the name is free, so the file is moved into place with one rename.
    *private* makes the file readable only by its owner, from the moment it exists.
    """
    target = Path(path) if claimed else check_writable(path, force=force)
    if not claimed:
        _clear_stale(target)
    descriptor, temporary = _create_temporary(target)
    try:
        if private:
            os.chmod(temporary, 0o600)
        try:
            _write_all(descriptor, text.encode("utf-8") if isinstance(text, str) else text)
            if durable:
                os.fsync(descriptor)
        except OSError as error:
            raise _not_written(target, error) from None
        finally:
            os.close(descriptor)
        _move_into_place(temporary, target, force=force or claimed)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def _write_all(descriptor: int, data: bytes) -> None:
    """Write every byte: a write may take only part, on a nearly full disk or at a size limit."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_DISK_FULL = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def _not_written(target: Path, error: OSError) -> OutputError:
    """The error for a file that could not be written whole: the disk, or anything else."""
    kind = DiskFullError if error.errno in _DISK_FULL else OutputError
    return kind(f"{target}: cannot be written: {error.strerror or error}")


@contextlib.contextmanager
def atomic_stream(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[StreamedFile]:
    """A file to write bit by bit, put in place whole when the block ends without error.

    Why: a PDF of ten thousand letters is written as the letters come, and must not
    be left half-written, nor replace a file without *force*.
    """
    target = check_writable(path, force=force)
    _clear_stale(target)
    descriptor, temporary = _create_temporary(target)
    try:
        with StreamedFile(target, io.FileIO(descriptor, "wb")) as stream:
            yield stream
            if not stream.abandoned:
                stream.flush()
                os.fsync(stream.fileno())
        if stream.abandoned:
            os.unlink(temporary)
        else:
            _move_into_place(temporary, target, force=force)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class StreamedFile(io.BufferedWriter):
    """A file's buffered writer whose failures name the file, and a full disk as such."""

    def __init__(self, target: Path, raw: io.FileIO) -> None:
        self._target = target
        self.abandoned = False
        super().__init__(raw)

    def abandon(self) -> None:
        """Leave the file unmade, and any file of its name as it was: it holds nothing to keep."""
        self.abandoned = True

    def write(self, data: Any) -> int:
        """Write *data*; a failure names the file."""
        try:
            return super().write(data)
        except OSError as error:
            raise _not_written(self._target, error) from None

    def flush(self) -> None:
        """Write what is buffered; a failure names the file."""
        try:
            super().flush()  # a buffered writer writes every byte, or raises
        except OSError as error:
            raise _not_written(self._target, error) from None


def _clear_stale(target: Path) -> None:
    """Remove what an earlier, killed letterkit left half-written beside *target*.

    Its temporary files are named after the target and the process that wrote
    them; one whose process is gone is debris. (Only where a process can be asked
    about without being signalled.)
    """
    if os.name != "posix":
        return
    prefix = f".{target.name}."
    try:
        entries = [entry for entry in os.scandir(target.parent) if entry.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        number = entry.name[len(prefix) :].removesuffix(".tmp")
        if entry.name.endswith(".tmp") and number.isdigit() and not _running(int(number)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def process_running(pid: int) -> bool:
    """Whether process *pid* is alive (POSIX; elsewhere it is taken to be)."""
    if os.name != "posix":
        return True
    return _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


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
