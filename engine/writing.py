"""Writing output files: never half a file, never a replaced device, pipe or link.

What happens depends on what the path already is (read with `os.lstat`, so nothing is
followed blindly):
- nothing, or a regular file: the bytes go to a temporary file in the same folder,
  which is flushed, fsynced and its size checked before it is renamed over the old file
  (which survives any failure, and keeps its permissions);
- a symbolic link: the same, done to the file it finally points to, so the link stays;
- a FIFO or a character device (/dev/null, a terminal): written in place, as a shell
  redirect would; a FIFO that no program reads is refused rather than waited on;
- a folder, a block device (a disk), a socket: refused.
Live temporary files are registered, so whoever handles a signal can remove them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .file_errors import FileProblem, name_too_long, os_problem, shown

try:
    import fcntl
except ImportError:  # Windows: no FIFOs to unblock
    fcntl = None

NAME_MAX = 255
_TEMPORARY: set[str] = set()
_SIGNALS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
_STREAM_FLAGS = os.O_WRONLY
for _flag in ("O_NOCTTY", "O_CLOEXEC", "O_NONBLOCK"):
    _STREAM_FLAGS |= getattr(os, _flag, 0)


@dataclass(frozen=True)
class Target:
    """Where an output goes: `path` receives the bytes (a link's final file)."""

    given: Path
    path: Path
    stream: bool = False  # written in place, never replaced (FIFO, character device)
    mode: int | None = None  # an existing file's permissions, kept


def target_of(path: str | os.PathLike) -> Target:
    """Decide how `path` is written, or raise FileProblem naming why it cannot be."""
    given = Path(path)
    text = os.fspath(path)
    if not text:
        raise FileProblem("an empty file name: name the file to write")
    if "\0" in text:
        raise FileProblem(f"{shown(text)}: a file name cannot contain a NUL character")
    try:
        info = os.lstat(given)
    except FileNotFoundError:
        return _new_file(given, given)
    except OSError as exc:
        raise os_problem(given, exc, "cannot be written") from None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(given)
        except FileNotFoundError:  # a dangling link: create the file it names
            return _new_file(given, Path(os.path.realpath(given)))
        except OSError as exc:
            raise os_problem(given, exc, "is a symbolic link that cannot be followed") from None
        if stat.S_ISREG(info.st_mode):
            return _existing_file(given, Path(os.path.realpath(given)), info)
    if stat.S_ISREG(info.st_mode):
        return _existing_file(given, given, info)
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        if not os.access(given, os.W_OK):
            raise FileProblem(f"{shown(given)}: cannot be written (Permission denied)")
        return Target(given, given, stream=True)
    raise FileProblem(f"{shown(given)}: {_refused_kind(info.st_mode)}")


def _refused_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISBLK(mode):
        return "is a block device (a disk or partition): refusing to write to it"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file: refusing to write to it"
    return "is not a regular file: refusing to write to it"


def _check_folder(given: Path, path: Path) -> None:
    folder = path.parent
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise FileProblem(f"{shown(given)}: the folder {shown(folder)} does not exist") from None
    except OSError as exc:
        raise os_problem(given, exc, "cannot be written") from None
    if not stat.S_ISDIR(info.st_mode):
        raise FileProblem(f"{shown(given)}: {shown(folder)} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileProblem(f"{shown(given)}: the folder {shown(folder)} is not writable")


def _new_file(given: Path, path: Path) -> Target:
    _check_folder(given, path)
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise name_too_long(given)
    return Target(given, path)


def _existing_file(given: Path, path: Path, info: os.stat_result) -> Target:
    _check_folder(given, path)
    if not os.access(path, os.W_OK):
        raise FileProblem(f"{shown(given)}: the file is read-only")
    return Target(given, path, mode=stat.S_IMODE(info.st_mode))


def _payload(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def stage(target: Target, payload: bytes) -> str:
    """Write `payload` completely to a temporary file beside `target`; return its path."""
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.path.name[:40]}.", suffix=".tmp", dir=target.path.parent
        )
        _TEMPORARY.add(tmp)
        try:
            _write_all(fd, payload)
            os.fsync(fd)
            if os.fstat(fd).st_size != len(payload):
                raise OSError(errno.EIO, "the file on disk is shorter than what was written")
        finally:
            os.close(fd)
        os.chmod(tmp, target.mode if target.mode is not None else 0o666 & ~_umask())
    except BaseException as exc:
        discard(tmp)
        if isinstance(exc, OSError):
            raise os_problem(target.given, exc, "cannot be written") from None
        raise
    return tmp


def put_in_place(tmp: str, target: Target) -> None:
    """Rename a staged file over its target (the old file stays on failure)."""
    try:
        os.replace(tmp, target.path)
    except OSError as exc:
        discard(tmp)
        raise os_problem(target.given, exc, "cannot be written") from None
    _TEMPORARY.discard(tmp)
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(target.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def stream_into(target: Target, payload: bytes) -> None:
    """Write into a FIFO or a device in place; never wait for a reader that is absent."""
    try:
        fd = os.open(target.given, _STREAM_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise FileProblem(
                f"{shown(target.given)}: is a pipe (FIFO) that no program is reading"
            ) from None
        raise os_problem(target.given, exc, "cannot be written") from None
    try:
        if fcntl is not None:
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        _write_all(fd, payload)
    except OSError as exc:
        raise os_problem(target.given, exc, "cannot be written") from None
    finally:
        os.close(fd)


def discard(tmp: str) -> None:
    if tmp:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _TEMPORARY.discard(tmp)


def remove_temporary_files() -> None:
    """Remove every temporary file still live (for a signal handler's clean exit)."""
    for tmp in list(_TEMPORARY):
        discard(tmp)


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early (before any work) if `path` cannot be written."""
    target_of(path)
    return Path(path)


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write a whole file or nothing (streamed into a FIFO or device); see the module."""
    with WriteBatch() as batch:
        batch.add(path, data)
        batch.commit()
    return Path(path)


class WriteBatch:
    """Several outputs, all written or none. Files are staged complete as they are added
    and renamed into place together by `commit`, after the streams (FIFOs, devices, and
    `later` callbacks such as standard output) have been written; leaving the `with`
    block without a commit removes whatever was staged."""

    def __init__(self):
        self._staged: list[tuple[str, Target]] = []
        self._late: list = []

    def add(self, path: str | os.PathLike, data: bytes | str) -> None:
        target, payload = target_of(path), _payload(data)
        if target.stream:
            self._late.append(lambda: stream_into(target, payload))
        else:
            self._staged.append((stage(target, payload), target))

    def later(self, write) -> None:
        self._late.append(write)

    def commit(self) -> None:
        for write in self._late:
            write()
        self._late = []
        with _signals_held():  # a signal now would leave some files old, some new
            while self._staged:
                tmp, target = self._staged[0]
                put_in_place(tmp, target)
                self._staged.pop(0)

    def discard(self) -> None:
        for tmp, _target in self._staged:
            discard(tmp)
        self._staged, self._late = [], []

    def __enter__(self) -> WriteBatch:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


@contextlib.contextmanager
def _signals_held():
    old = None
    if hasattr(signal, "pthread_sigmask"):
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
