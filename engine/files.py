"""Reading and writing the lab's files safely: strict JSON reads, whole-or-nothing writes.

Nothing is ever executed or unpickled from a file. Writes (`engine/writing.py`) go to a
temporary file in the target folder that is checked and renamed into place, so a failure
never leaves half a file; every problem is one line (`engine/file_errors.py`).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from .file_errors import FileProblem, one_line, os_problem, shown
from .words import QT_TRANSLATE_NOOP, message
from .writing import WriteBatch, atomic_write, check_writable, remove_temporary_files, target_of

__all__ = [
    "FileProblem",
    "WriteBatch",
    "atomic_write",
    "check_writable",
    "one_line",
    "read_json",
    "remove_temporary_files",
    "target_of",
]

# A saved session is about 1 KB: anything over 1 MB is the wrong file, and refusing it
# before parsing keeps every error quick.
MAX_INPUT_BYTES = 1024 * 1024


def read_json(path: str | os.PathLike) -> Any:
    """Parse a JSON file, with one clear message for every way it can be wrong."""
    if not os.fspath(path):
        raise FileProblem(
            QT_TRANSLATE_NOOP("Files", "an empty file name: name the settings file to read")
        )
    path = Path(path)
    name = shown(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileProblem(
            message(QT_TRANSLATE_NOOP("Files", "{name}: no such file"), name=name)
        ) from None
    except OSError as exc:
        raise os_problem(path, exc, "cannot be read") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(
            message(QT_TRANSLATE_NOOP("Files", "{name}: is a folder, not a JSON file"), name=name)
        )
    if not stat.S_ISREG(info.st_mode):  # a device or a pipe could be read forever
        raise FileProblem(
            message(
                QT_TRANSLATE_NOOP(
                    "Files", "{name}: is not a regular file (a device, pipe or socket?)"
                ),
                name=name,
            )
        )
    if info.st_size > MAX_INPUT_BYTES:
        raise FileProblem(
            message(
                QT_TRANSLATE_NOOP("Files", "{name}: {size} bytes is too large for a settings file"),
                name=name,
                size=str(info.st_size),
            )
        )
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise os_problem(path, exc, "cannot be read") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise FileProblem(
            message(QT_TRANSLATE_NOOP("Files", "{name}: too large for a settings file"), name=name)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            message(
                QT_TRANSLATE_NOOP("Files", "{name}: not UTF-8 text (is it a JSON file?)"), name=name
            )
        ) from None
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_stored_float,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise FileProblem(
            message(
                QT_TRANSLATE_NOOP("Files", "{name}: not valid JSON ({why} at line {line})"),
                name=name,
                why=exc.msg,
                line=str(exc.lineno),
            )
        ) from None
    except RecursionError:
        raise FileProblem(
            message(
                QT_TRANSLATE_NOOP("Files", "{name}: nested too deeply to be a settings file"),
                name=name,
            )
        ) from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's 4300-digit limit
            raise FileProblem(
                message(
                    QT_TRANSLATE_NOOP("Files", "{name}: a number has too many digits"), name=name
                )
            ) from None
        why = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
        raise FileProblem(
            message(QT_TRANSLATE_NOOP("Files", "{name}: {why}"), name=name, why=why)
        ) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: with `{"depth": 3, "depth": 4}` JSON
    readers disagree on which one counts, so neither is guessed."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(
                message(
                    QT_TRANSLATE_NOOP("Files", "the key {key} appears twice in one object"),
                    key=repr(key),
                )
            )
        obj[key] = value
    return obj


def _stored_float(text: str) -> float:
    """A JSON number as a float, refusing one that silently becomes 0 (1e-400): the
    command line and the window refuse the same text."""
    value = float(text)
    if value == 0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise ValueError(
            message(
                QT_TRANSLATE_NOOP("Files", "{text} is too small to be stored as a number"),
                text=text,
            )
        )
    return value


def _reject_constant(name: str):
    raise ValueError(
        message(QT_TRANSLATE_NOOP("Files", "{name} is not allowed in a settings file"), name=name)
    )
