"""What a figure can be, named once, without Qt or torch: the plots that can be drawn,
the themes they can wear and the files they can be written to.

The command line's choices and help, the window's export dialog and menus, and a
session's display settings read these names; `gui/` maps each one to what draws it
(`gui.figure_builder.PLOT_CLASSES`, `gui.theme.THEMES`, `gui.export.EXPORT_THEMES` and
`gui.export.FORMATS`), and a test holds those maps to the names here.
"""

from __future__ import annotations

from collections.abc import Iterable

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
# An exported figure may also be transparent: the light palette on no background.
THEMES = (*WINDOW_THEMES, "transparent")
DEFAULT_THEME = "light"

FORMATS = (".png", ".svg", ".pdf")  # figure files, by extension
MIN_WIDTH, MAX_WIDTH = 100, 10000  # pixels (nominal for SVG and PDF)


def alternatives(names: Iterable[str]) -> str:
    """'png, svg or pdf': names as a help text lists them (extensions without the dot)."""
    words = [n.lstrip(".") for n in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
