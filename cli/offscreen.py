"""Let figure commands render without a display."""

import os
import sys


def ensure_offscreen() -> None:
    """Use Qt's offscreen platform when no display is available (before Qt starts)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
