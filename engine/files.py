"""Reading and writing the lab's files safely: atomic writes, strict JSON reads.

Nothing is ever executed or unpickled from a file; a write goes to a temporary file in
the target folder and is renamed into place, so a failure never leaves half a file.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

MAX_INPUT_BYTES = 10 * 1024 * 1024


class FileProblem(ValueError):
    """An input or output file cannot be used; the message names the file and why."""


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early (before any work) if `path` cannot be written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileProblem(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise FileProblem(f"{path}: the folder {folder} is not writable")
    if path.is_dir():
        raise FileProblem(f"{path}: is a folder, not a file")
    return path


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    path = check_writable(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it owner-only; files are shared
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # disk full, I/O error: name the file, one line
            raise FileProblem(f"{path}: cannot be written ({exc.strerror or exc})") from None
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_json(path: str | os.PathLike) -> Any:
    """Parse a JSON file, with one clear message for every way it can be wrong."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(f"{path}: is a folder, not a JSON file")
    if not stat.S_ISREG(info.st_mode):  # a device or a pipe could be read forever
        raise FileProblem(f"{path}: is not a regular file (a device, pipe or socket?)")
    if info.st_size > MAX_INPUT_BYTES:
        raise FileProblem(f"{path}: {info.st_size} bytes is too large for a settings file")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise FileProblem(f"{path}: too large for a settings file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(f"{path}: not UTF-8 text (is it a JSON file?)") from None
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_stored_float)
    except json.JSONDecodeError as exc:
        raise FileProblem(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise FileProblem(f"{path}: nested too deeply to be a settings file") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's 4300-digit limit
            raise FileProblem(f"{path}: a number has too many digits") from None
        raise FileProblem(f"{path}: {exc}") from None


def _stored_float(text: str) -> float:
    """A JSON number as a float, refusing one that silently becomes 0 (1e-400): the
    command line and the window refuse the same text."""
    value = float(text)
    if value == 0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise ValueError(f"{text} is too small to be stored as a number")
    return value


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in a settings file")
