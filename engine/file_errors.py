"""One-line messages for file problems: what went wrong, named in words, never a raw errno.

A message is shown on one terminal line or in a dialog, so it never holds a newline or
another control character (escaped instead) and never grows with the input: a 5 MB
value or a 300-character file name is shortened in its middle, keeping the explanation
that follows it.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata

from .words import QT_TRANSLATE_NOOP, Message, message

LONG_WORD = 120  # characters: a longer run without spaces is shortened in its middle
LONGEST_MESSAGE = 1000

_HINTS = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("Files", "the disk is full"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("Files", "the disk quota is used up"),
    errno.EFBIG: QT_TRANSLATE_NOOP(
        "Files", "the file would be larger than this system's file-size limit"
    ),
    errno.EROFS: QT_TRANSLATE_NOOP("Files", "the file system is mounted read-only"),
    errno.EIO: QT_TRANSLATE_NOOP("Files", "a failing disk or a lost network share?"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("Files", "a part of the path is a file, not a folder"),
    errno.ELOOP: QT_TRANSLATE_NOOP("Files", "symbolic links that point in a loop"),
    errno.EPIPE: QT_TRANSLATE_NOOP("Files", "the program reading it has stopped"),
}
# What was being done when a file failed (the `action` of `os_problem`).
ACTIONS = {
    "cannot be written": QT_TRANSLATE_NOOP("Files", "cannot be written"),
    "cannot be read": QT_TRANSLATE_NOOP("Files", "cannot be read"),
    "cannot be used": QT_TRANSLATE_NOOP("Files", "cannot be used"),
    "is a symbolic link that cannot be followed": QT_TRANSLATE_NOOP(
        "Files", "is a symbolic link that cannot be followed"
    ),
}


class FileProblem(ValueError):
    """An input or output file cannot be used; the message names the file and why."""

    def __init__(self, message: str):
        line = one_line(message)
        # a marked message that is already one clean line stays marked: the window
        # shows it translated (exc.args[0]); str(exc) reads the same English either way
        super().__init__(message if isinstance(message, Message) and line == message else line)


def _escape(ch: str) -> str:
    if ch.isprintable():
        return ch
    if ch in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch]
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return ch


def _elide(text: str, keep: int) -> str:
    if len(text) <= keep:
        return text
    room = max(keep - 24, 2)  # what the marker itself takes
    head, tail = room * 5 // 9, room * 4 // 9
    return f"{text[:head]}…[{len(text) - head - tail} characters]…{text[-tail:]}"


def _elide_words(text: str) -> str:
    return re.sub(rf"\S{{{LONG_WORD + 1},}}", lambda m: _elide(m.group(0), LONG_WORD), text)


def one_line(text: str, limit: int = LONGEST_MESSAGE) -> str:
    """`text` as one printable line of at most about `limit` characters."""
    text = _elide(_elide_words(text), 2 * limit)  # a 5 MB message: cut before escaping
    clean = "".join(_escape(ch) for ch in text)
    return _elide(_elide_words(clean), limit)


def shown(path: str | os.PathLike) -> str:
    """A path as a message shows it."""
    return one_line(os.fsdecode(os.fspath(path)), limit=LONG_WORD)


def name_too_long(path: str | os.PathLike) -> FileProblem:
    longest = max((len(os.fsencode(part)) for part in os.fspath(path).split(os.sep)), default=0)
    return FileProblem(
        message(
            QT_TRANSLATE_NOOP(
                "Files",
                "{path}: the file name is too long ({longest} bytes in one name; "
                "most file systems allow 255)",
            ),
            path=shown(path),
            longest=str(longest),
        )
    )


def os_problem(path: str | os.PathLike, exc: OSError, action: str) -> FileProblem:
    """`exc` (raised while `action`, e.g. 'cannot be written') as one clear line."""
    if exc.errno == errno.ENAMETOOLONG:
        return name_too_long(path)
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _HINTS.get(exc.errno)
    # two marks, not one with an optional part: Chinese punctuates the hint differently
    words = {"path": shown(path), "action": ACTIONS.get(action, action), "reason": reason}
    if hint:
        template = QT_TRANSLATE_NOOP("Files", "{path}: {action} ({reason}; {hint})")
        words["hint"] = hint
    else:
        template = QT_TRANSLATE_NOOP("Files", "{path}: {action} ({reason})")
    return FileProblem(message(template, **words))
