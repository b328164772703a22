"""Where a command's outputs go: checked together before any work, written together after
it, so a run writes every file it was asked for or none of them.

Two outputs may not name one file (through a link or a second name either), nor may two
share standard output; a figure needs a file. What a path may be (a FIFO, a device, a
link) is decided in `engine/writing.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from engine.files import FileProblem, WriteBatch, target_of

from .options import UsageError
from .streams import check_stdout, say, write_stdout

Output = tuple[str, str]  # (flag, destination: a path or "-")


def plan_outputs(outputs: Iterable[tuple[str, str | None]], figures: Sequence[str] = ()):
    """The outputs given, checked; raise UsageError naming the flag otherwise."""
    chosen: list[Output] = [(flag, dest) for flag, dest in outputs if dest is not None]
    to_stdout = [flag for flag, dest in chosen if dest == "-"]
    for flag in to_stdout:
        if flag in figures:
            raise UsageError(f"argument {flag}: a figure needs a file name, not standard output")
    if len(to_stdout) > 1:
        raise UsageError(f"only one of {' and '.join(to_stdout)} can write to standard output (-)")
    if to_stdout:
        check_stdout(f"the {to_stdout[0]} output")
    seen: dict[object, str] = {}
    for flag, dest in chosen:
        if dest == "-":
            continue
        check_destination(flag, dest)
        key = _identity(dest)
        if key is None:
            continue
        if key in seen:
            raise UsageError(
                f"argument {flag}: {dest} is the file {seen[key]} writes too; "
                "give each output its own file"
            )
        seen[key] = flag
    return chosen


def check_destination(flag: str, dest: str) -> None:
    if not dest:
        raise UsageError(f"argument {flag}: an empty file name")
    try:
        target_of(dest)
    except FileProblem as exc:
        raise UsageError(f"argument {flag}: {exc}") from None


def _identity(dest: str):
    """What names the same file as `dest` (None: the null device, which takes anything)."""
    if os.path.realpath(dest) == os.path.realpath(os.devnull):
        return None
    try:
        info = os.stat(dest)
    except OSError:
        return os.path.normcase(os.path.realpath(dest))
    return (info.st_dev, info.st_ino)


def write_outputs(items: Iterable[tuple[str, str, str | bytes]]) -> None:
    """Write every (flag, destination, data) or none; name each file written."""
    items = list(items)
    with WriteBatch() as batch:
        for _flag, dest, data in items:
            add_output(batch, dest, data)
        batch.commit()
    for _flag, dest, _data in items:
        if dest != "-":
            say(f"wrote {dest}")


def add_output(batch: WriteBatch, dest: str, data: str | bytes) -> None:
    if dest == "-":
        text = data if isinstance(data, str) else data.decode("utf-8")
        batch.later(lambda: write_stdout(text))
    else:
        batch.add(dest, data)
