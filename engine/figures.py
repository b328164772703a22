"""What a figure can be, named once, without Qt or torch: the plots that can be drawn,
the themes they can wear, the shapes and sizes they can have, the steps a still of
each draws, and the files they can be written to.

The command line's choices and help, the window's export dialog and menus, and a
session's display settings read these names; `gui/` maps each one to what draws it
(`gui.figure_builder.PLOT_CLASSES`, `gui.theme.THEMES`, `gui.export.EXPORT_THEMES` and
`gui.export.FORMATS`), and a test holds those maps to the names here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .words import QT_TRANSLATE_NOOP, message

# Every figure, in the order menus and help list them; the dashboard is the central four.
PLOTS = (
    "gradient",
    "activation",
    "heatmap",
    "histogram",
    "spectrum",
    "training",
    "taylor",
    "dashboard",
)
DEFAULT_PLOT = "gradient"
# The window exports the phase diagram of its last sweep too (`sweep --out` on the command
# line): drawn from a sweep's grid, not from one config, so not one of `PLOTS`.
SWEEP_PLOT = "sweep"

WINDOW_THEMES = ("light", "dark")  # what the window wears (and a session remembers)
# An exported figure may also have no background: "transparent" wears the light palette
# (dark text, for a light slide), "transparent-dark" the dark one (light text, dark slide).
CLEAR_THEMES = ("transparent", "transparent-dark")
THEMES = (*WINDOW_THEMES, *CLEAR_THEMES)
DEFAULT_THEME = "light"
# What the window's export and animation dialogs call each theme (the names stay the
# command line's and the sessions' values).
THEME_LABELS = {
    "light": QT_TRANSLATE_NOOP("Figures", "light"),
    "dark": QT_TRANSLATE_NOOP("Figures", "dark"),
    "transparent": QT_TRANSLATE_NOOP("Figures", "transparent"),
    "transparent-dark": QT_TRANSLATE_NOOP("Figures", "transparent-dark"),
}

FORMATS = (".png", ".svg", ".pdf")  # figure files, by extension
MIN_WIDTH, MAX_WIDTH = 100, 10000  # pixels (nominal for SVG and PDF)
MIN_HEIGHT, MAX_HEIGHT = 100, 10000

# A figure's shape, width : height, caption included. "auto" keeps the plot's own shape
# (or, given a width and a height, takes exactly that shape). The dashboard is a slide.
ASPECTS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1), "auto": None}
DEFAULT_ASPECT, DASHBOARD_ASPECT = "auto", "16:9"

# Steps a still figure draws: one step shows per-layer curves; a history (the heatmap's
# columns, the loss curve) needs many to show anything: the heatmap's whole width.
STILL_STEPS, HISTORY_STEPS = 10, 240
HISTORY_PLOTS = ("heatmap", "training", "dashboard")


def default_aspect(plot: str) -> str:
    return DASHBOARD_ASPECT if plot == "dashboard" else DEFAULT_ASPECT


def default_steps(plot: str) -> int:
    return HISTORY_STEPS if plot in HISTORY_PLOTS else STILL_STEPS


class SizeError(ValueError):
    """A figure size that cannot be made; `field` is "aspect", "width" or "height", and
    `reason` a marked `Message` (English as a str; the window translates it)."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def pixel_size(
    aspect: str = DEFAULT_ASPECT, width_px: int | None = None, height_px: int | None = None
) -> tuple[int | None, int | None]:
    """The figure's (width, height) in pixels from an aspect and the sizes given. With a
    fixed aspect, a height alone sets the width; with "auto" a missing side is None (it
    follows the plot's own shape) and no side at all means 1920 wide."""
    if aspect not in ASPECTS:
        template = QT_TRANSLATE_NOOP("Figures", "{aspect} is not one of: {allowed}")
        raise SizeError(
            "aspect", message(template, aspect=repr(aspect), allowed=", ".join(ASPECTS))
        )
    ratio = ASPECTS[aspect]
    width, height = width_px, height_px
    if ratio is not None:
        w, h = ratio
        if width is not None and height is not None:
            if abs(width * h - height * w) > max(w, h):  # a pixel of rounding is fine
                template = QT_TRANSLATE_NOOP(
                    "Figures",
                    "{width} × {height} px is not {aspect} (give the width or the height, "
                    "or aspect auto for exactly that size)",
                )
                raise SizeError(
                    "height", message(template, width=str(width), height=str(height), aspect=aspect)
                )
        elif height is not None:
            width = round(height * w / h)
        else:
            width = 1920 if width is None else width
            height = round(width * h / w)
    elif width is None and height is None:
        width = 1920
    for value, field, lo, hi in (
        (width, "width", MIN_WIDTH, MAX_WIDTH),
        (height, "height", MIN_HEIGHT, MAX_HEIGHT),
    ):
        if value is not None and not lo <= value <= hi:
            template = QT_TRANSLATE_NOOP(
                "Figures", "{value} px is out of range ({lo}–{hi}) at aspect {aspect}"
            )
            values = dict(value=str(value), lo=str(lo), hi=str(hi), aspect=aspect)
            raise SizeError(field, message(template, **values))
    return width, height


def alternatives(names: Iterable[str]) -> str:
    """'png, svg or pdf': names as a help text lists them (extensions without the dot)."""
    words = [n.lstrip(".") for n in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
