"""The command line's standard streams and signals.

- A standard stream that was closed when the program started (`>&-`) is reopened on
  the null device, so no file the program opens can take its number (Qt's warnings go
  to descriptor 2, and would land in that file); output asked of a closed stdout is an
  error, messages for a closed stderr are dropped.
- A reader that stops early (`| head -1`) ends the run quietly with status 141, as for
  any Unix tool; any other failure to write stdout is one line and status 1.
- SIGTERM and SIGHUP, like Ctrl+C, unwind the program (`Stopped`), so every temporary
  file is removed on the way out; a second signal during that clean-up is ignored.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys

from engine.files import FileProblem, one_line, remove_temporary_files

PROG = "stability-lab"
BROKEN_PIPE_STATUS = 128 + 13  # what a shell reports for a program ended by SIGPIPE
_CLOSED: set[int] = set()
_STOP_SIGNALS = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
HANDLED = [signal.SIGINT, *_STOP_SIGNALS]


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived; like KeyboardInterrupt, `except Exception` lets it by."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


class ReaderGone(Exception):
    """The program reading standard output has stopped reading."""


def guard_streams() -> None:
    """Reopen standard streams closed at start on the null device (see the module)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _CLOSED.add(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


_held: list[int] = []  # signals that arrived while Qt was drawing (`signals_held`)
_holding = False


def _raise_for(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _on_signal(signum, _frame) -> None:
    for sig in HANDLED:
        signal.signal(sig, signal.SIG_IGN)  # the clean-up that follows must finish
    if _holding:
        _held.append(signum)
        return
    _raise_for(signum)


@contextlib.contextmanager
def signals_held():
    """Take a stop signal only once the block is done: raised inside a Python override
    that Qt is calling (a paint event), it can crash the process instead of unwinding
    it. Drawing one figure takes well under a second."""
    global _holding
    outer, _holding = _holding, True
    try:
        yield
    finally:
        _holding = outer
    if not outer and _held:
        _raise_for(_held.pop(0))


def install_signal_handlers() -> None:
    for sig in HANDLED:
        if signal.getsignal(sig) is not signal.SIG_IGN:  # nohup's choice stands
            signal.signal(sig, _on_signal)


def stdout_closed() -> bool:
    return 1 in _CLOSED or sys.stdout is None


def check_stdout(what: str = "the output") -> None:
    """Refuse, before any work, to write `what` to a standard output that is closed."""
    if stdout_closed():
        raise FileProblem(f"standard output is closed: nowhere to write {what} (use a file)")


def write_stdout(text: str) -> None:
    check_stdout()
    try:
        if sys.stdout is sys.__stdout__:
            # Straight to the descriptor: a buffered write of a large text into a pipe
            # whose reader has gone can end without an error, the rest silently lost.
            sys.stdout.flush()
            data = memoryview(text.encode(sys.stdout.encoding or "utf-8", "backslashreplace"))
            while data:
                data = data[os.write(sys.stdout.fileno(), data) :]
        else:  # a replaced stdout (a test's capture, an embedding program)
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as exc:
        raise FileProblem(f"standard output: cannot be written ({exc.strerror or exc})") from None


def finish_stdout() -> None:
    """Flush what `print` left in the buffer, so a failure is seen while it can be said."""
    if stdout_closed():
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as exc:
        raise FileProblem(f"standard output: cannot be written ({exc.strerror or exc})") from None


def forget_stdout() -> None:
    """After a broken pipe: point stdout at the null device so the interpreter's own
    flush at exit has nothing to complain about."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)


def say(line: str) -> None:
    """A message on stderr, if there is a stderr to take it."""
    if 2 in _CLOSED or sys.stderr is None:
        return
    try:
        print(one_line(line), file=sys.stderr, flush=True)
    except (OSError, ValueError):  # a broken or full stderr: the exit status still tells
        _CLOSED.add(2)


def say_progress(line: str) -> None:
    """A progress line: rewritten in place on a terminal, one line each otherwise."""
    if 2 in _CLOSED or sys.stderr is None:
        return
    try:
        tty = sys.stderr.isatty()
        print("\r" + line if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        _CLOSED.add(2)


def end_progress() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if 2 not in _CLOSED and sys.stderr.isatty():
            print(file=sys.stderr, flush=True)


def fail(message: str, code: int = 2) -> int:
    say(f"{PROG}: error: {message}")
    return code


def stopped(exc: Stopped) -> int:
    remove_temporary_files()
    return fail(f"stopped by {exc.name} before finishing; nothing more was written", exc.status)


def broken_pipe() -> int:
    forget_stdout()
    return BROKEN_PIPE_STATUS


def is_broken_pipe(exc: OSError) -> bool:
    return isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE
