"""Whether Qt can reach a display here, asked before Qt starts (standard library only:
the splash asks it before anything heavy is imported).

Qt aborts the whole process (SIGABRT, after printing its own advice) when its platform
plugin finds no display: `QT_QPA_PLATFORM=xcb` with no X server, a stale DISPLAY, a
Wayland session without its socket. So the window is opened only after this module has
found the display the chosen platform needs, and figure commands always render off screen.
"""

from __future__ import annotations

import os
import re
import socket
import sys

NO_DISPLAY_PLATFORMS = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
HINT = (
    "the window cannot open here; use the command line instead, e.g. "
    "'python main.py export --out figure.png' or 'python main.py probe --csv -'"
)


def ensure_offscreen() -> None:
    """Use Qt's offscreen platform when no display is available (before Qt starts)."""
    if display_problem() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _x_server_answers(display: str) -> bool:
    """Whether an X server listens at DISPLAY (':0', 'localhost:10.0', 'unix:1')."""
    match = re.fullmatch(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?", display)
    if not match:
        return True  # a form this check does not know: let Qt decide
    host, number = match["host"], int(match["number"])
    if host.startswith("/"):  # a launchd socket path (macOS XQuartz)
        return os.path.exists(host + ":" + match["number"])
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        for address in ("\0" + path, path):  # Linux's abstract socket, then the file
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(1.0)
                try:
                    sock.connect(address)
                    return True
                except OSError:
                    continue
        return False
    try:
        with socket.create_connection((host, 6000 + number), timeout=1.0):
            return True
    except OSError:
        return False


def _wayland_answers() -> bool:
    name = os.environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = (
        name if name.startswith("/") else os.path.join(os.environ.get("XDG_RUNTIME_DIR", ""), name)
    )
    return os.path.exists(path)


def display_problem() -> str | None:
    """Why no window can open (None when one can)."""
    if not sys.platform.startswith("linux"):
        return None
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    platforms = [p.split(":")[0].strip() for p in chosen.split(";") if p.strip()]
    if any(p in NO_DISPLAY_PLATFORMS for p in platforms):
        return None
    display = os.environ.get("DISPLAY", "")
    wants_x = not platforms or "xcb" in platforms
    wants_wayland = not platforms or any(p.startswith("wayland") for p in platforms)
    if wants_x and display and _x_server_answers(display):
        return None
    if wants_wayland and _wayland_answers():
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    if not platforms:
        if not display and not wayland:
            return f"no display found (DISPLAY and WAYLAND_DISPLAY are unset): {HINT}"
        return f"no display answers (DISPLAY={display!r}, WAYLAND_DISPLAY={wayland!r}): {HINT}"
    if not all(p == "xcb" or p.startswith("wayland") for p in platforms):
        return None  # a platform this check does not know: let Qt decide
    if wants_x and display:
        return f"no X server answers at DISPLAY={display}: {HINT}"
    if wants_x:
        return f"QT_QPA_PLATFORM={chosen} needs an X display, but DISPLAY is unset: {HINT}"
    return f"QT_QPA_PLATFORM={chosen} needs a Wayland display, but none answers: {HINT}"
