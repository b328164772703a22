"""`--lang en|zh_CN` for the commands that draw or list: figures and `list` in the
chosen language, while help, errors and progress stay English (as command-line tools
write them). A figure needs its QApplication first; `list` needs only Qt's core.
"""

from __future__ import annotations

import argparse

from .streams import say

HELP = "the figure's language: en or zh_CN (default en); messages stay English"


def add_figure_language_option(parser, help_text: str = HELP) -> None:
    """`--lang` on a command. Not given, it leaves what the top level's `--lang` set
    (`main.py --lang zh_CN export …` and `main.py export --lang zh_CN …` agree)."""
    from . import add_language_option

    add_language_option(parser, help_text, default=argparse.SUPPRESS)


def chosen(args) -> str:
    return getattr(args, "lang", None) or "en"


def use_language(args, figures: bool = True) -> str:
    """Install the translator for `args.lang` (a QCoreApplication is made when none
    runs, for `list`); for figures in Chinese, say once on stderr which package gives a
    font that draws it when none is installed (the figure is still written)."""
    code = chosen(args)
    if code == "en":
        return code
    from PySide6 import QtCore

    from gui import language

    if QtCore.QCoreApplication.instance() is None:
        QtCore.QCoreApplication(["stability-lab"])
    language.set_language(code)
    if figures:
        problem = language.cjk_font_problem()
        if problem:
            say(problem)
    return code
