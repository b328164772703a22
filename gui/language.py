"""The window's language: Qt translators, live switching and the words the engine wrote.

Strings are marked where they are written: `translate("Context", "English text")` in the
window's code, `QT_TRANSLATE_NOOP` in the engine's tables (`engine/words.py`);
`pyside6-lupdate` extracts both into `resources/i18n/stability_lab_zh_CN.ts`
(`python scripts/translations.py update`), and the compiled `.qm` beside it is loaded
here. English is the source language and needs no file.

A switch is live: `set_language` swaps the translators, then calls every text bound with
`live(obj, "setText", lambda: translate(...))` and every `on_change` callback, so a label,
an action, a tooltip or a plot title changes at once without rebuilding the window.
"""

from __future__ import annotations

import contextlib
import inspect
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore

from engine.words import Message, Text

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # code -> the language's own name
DEFAULT = "en"
FOLDER = Path(__file__).resolve().parent.parent / "resources" / "i18n"
CJK_FONT_PACKAGE = "fonts-noto-cjk"  # Debian's; macOS and Windows ship CJK fonts

_current = DEFAULT
_translators: list[QtCore.QTranslator] = []
_bindings: list[tuple[weakref.ref, str, Callable[[], str]]] = []
_callbacks: list[tuple[weakref.ref, Callable[[], None]]] = []


def translate(context: str, text: str) -> str:
    """`text` in the current language (as written when it has no translation)."""
    return QtCore.QCoreApplication.translate(context, text)


def localise(text: str) -> str:
    """Words the engine wrote, in the current language: a marked `Text` is looked up in
    its context, a `Message`'s template is translated and filled with the same values
    (themselves localised), and any other string is returned as it is."""
    if isinstance(text, Message):
        values = {key: localise(value) for key, value in text.values.items()}
        return localise(text.template).format(**values)
    if isinstance(text, Text):
        return translate(text.context, str(text))
    return text


def current() -> str:
    return _current


def normalise(code: str | None) -> str:
    """A language code as the lab names it: zh, zh_CN, zh-Hans… → zh_CN; else en."""
    code = (code or "").replace("-", "_")
    return "zh_CN" if code.lower().startswith("zh") else DEFAULT


def system_language() -> str:
    """The language the system's locale asks for, among the lab's."""
    for name in QtCore.QLocale.system().uiLanguages():
        if name.lower().startswith(("zh", "en")):
            return normalise(name)
    return DEFAULT


def qm_path(code: str) -> Path:
    return FOLDER / f"stability_lab_{code}.qm"


def set_language(code: str) -> str:
    """Make `code` (en or zh_CN) the language of the window and the figures; returns it.

    Raises ValueError naming the languages for any other code, and OSError when the
    compiled translation cannot be loaded."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: choose one of {', '.join(LANGUAGES)}")
    app = QtCore.QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QCoreApplication")
    fresh = []
    if code != DEFAULT:
        ours = QtCore.QTranslator()
        if not ours.load(str(qm_path(code))):
            raise OSError(f"cannot load the {LANGUAGES[code]} translation {qm_path(code)}")
        fresh.append(ours)
        qt_own = QtCore.QTranslator()  # the standard dialogs' buttons (OK, Cancel, …)
        folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{code}", folder):
            fresh.append(qt_own)
    for old in _translators:
        app.removeTranslator(old)
    _translators[:] = fresh
    for translator in fresh:
        app.installTranslator(translator)
    _current = code
    _apply_all()
    return code


def live(obj: QtCore.QObject | object, setter: str, text: Callable[[], str]) -> None:
    """Call `obj.<setter>(text())` now and again after every language switch, for as long
    as `obj` lives. `text` is a lambda around `translate(...)`, so lupdate finds it."""
    getattr(obj, setter)(text())
    _bindings.append((weakref.ref(obj), setter, text))
    _prune()


def on_change(owner: object, callback: Callable[[], None]) -> None:
    """Call `callback` after every language switch while `owner` lives (for text that a
    panel builds from its state: it re-renders itself). A bound method is held weakly,
    so registering `self.refresh` does not keep `self` alive."""
    if inspect.ismethod(callback):
        method = weakref.WeakMethod(callback)

        def callback() -> None:
            bound = method()
            if bound is not None:
                bound()

    _callbacks.append((weakref.ref(owner), callback))
    _prune()


_pruned_at = [0]


def _prune() -> None:
    """Forget the texts of objects that are gone, once the lists have doubled (windows
    and dialogs come and go; their bindings must not pile up between switches)."""
    size = len(_bindings) + len(_callbacks)
    if size > 2 * _pruned_at[0] + 256:
        _bindings[:] = [b for b in _bindings if _alive(b[0]())]
        _callbacks[:] = [c for c in _callbacks if _alive(c[0]())]
        _pruned_at[0] = len(_bindings) + len(_callbacks)


def _alive(obj) -> bool:
    if obj is None:
        return False
    with contextlib.suppress(ImportError):
        import shiboken6

        if isinstance(obj, shiboken6.Shiboken.Object):
            return shiboken6.isValid(obj)
    return True


def _apply_all() -> None:
    """Re-set every bound text and run every callback; one whose Qt object has gone
    (RuntimeError: its C++ side is deleted) is dropped, never stopping the rest."""
    kept = []
    for ref, setter, text in _bindings:
        obj = ref()
        if _alive(obj):
            try:
                getattr(obj, setter)(text())
            except RuntimeError:
                continue
            kept.append((ref, setter, text))
    _bindings[:] = kept
    callbacks = []
    for ref, callback in _callbacks:
        if _alive(ref()):
            try:
                callback()
            except RuntimeError:
                continue
            callbacks.append((ref, callback))
    _callbacks[:] = callbacks


def cjk_font_problem() -> str | None:
    """None when a font can draw Simplified Chinese; else one line naming a package."""
    from PySide6 import QtGui

    if QtGui.QFontDatabase.families(QtGui.QFontDatabase.WritingSystem.SimplifiedChinese):
        return None
    return (
        "No font here can draw Chinese, so the Chinese text would show as boxes: install "
        f"one (Debian/Ubuntu: sudo apt-get install {CJK_FONT_PACKAGE})."
    )
