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

LONG_WORD = 120  # characters: a longer run without spaces is shortened in its middle
LONGEST_MESSAGE = 1000

_HINTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system's file-size limit",
    errno.EROFS: "the file system is mounted read-only",
    errno.EIO: "a failing disk or a lost network share?",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ELOOP: "symbolic links that point in a loop",
    errno.EPIPE: "the program reading it has stopped",
}


class FileProblem(ValueError):
    """An input or output file cannot be used; the message names the file and why."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


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
        f"{shown(path)}: the file name is too long ({longest} bytes in one name; "
        "most file systems allow 255)"
    )


def os_problem(path: str | os.PathLike, exc: OSError, action: str) -> FileProblem:
    """`exc` (raised while `action`, e.g. 'cannot be written') as one clear line."""
    if exc.errno == errno.ENAMETOOLONG:
        return name_too_long(path)
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _HINTS.get(exc.errno)
    return FileProblem(f"{shown(path)}: {action} ({reason}{'; ' + hint if hint else ''})")
