"""Help → Lesson (F1): the lesson in short, each point with buttons that load the
scenario showing it into the lab.

Each point says only what its scenarios make visible (their own sentences, in
resources/presets.json, say what to look for and appear as the buttons' tooltips), so
whatever the text claims, the plots then show. A second tab lists the keys.

Every word follows a language switch while the dialog is open: the points are marked
`QT_TRANSLATE_NOOP("Lesson", …)`, the buttons show the scenarios' titles as translated in
the "Presets" context, and the list of keys is rebuilt when it was given as a function.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6 import QtCore, QtWidgets

from engine.presets import load_presets
from engine.words import QT_TRANSLATE_NOOP

from .language import live, localise, on_change, translate


@dataclass(frozen=True)
class Point:
    title: str
    text: str
    presets: tuple[str, ...]  # the scenarios that show it, by name


LESSON = (
    Point(
        QT_TRANSLATE_NOOP("Lesson", "1 · Gradients are products"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "∂ℓ/∂h at layer t is a product of the d − t Jacobians above it, "
            "∏ diag(σ′(Wⁱhⁱ⁻¹)) Wⁱ. A factor that repeats per layer is a straight line on "
            "the gradient plot's log axis: in the vanishing scenario the RMS of ∂ℓ/∂h falls "
            "≈4× per layer.",
        ),
        ("vanishing",),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "2 · Explosion (ReLU)"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "σ′ is 0 or 1, so the product is one of weight matrices. With N(0, 1) weights "
            "every layer multiplies the variance by n/2 = 128: the curves leave the shaded "
            "healthy band [1e-6, 1e3] within a few layers; in fp16 (max 65504) they "
            "overflow to inf, then NaN (markers at the top instead of points).",
        ),
        ("exploding", "fp16_overflow"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "3 · Vanishing (sigmoid)"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "σ′ ≤ ¼, so the product has d − t small factors: the bottom layers' gradients "
            "are tiny, and in fp16 the weight gradients of most bottom layers are exactly 0 "
            "(▼ markers).",
        ),
        ("vanishing", "fp16_underflow"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "4 · The learning rate"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "Too large and the loss diverges to inf/NaN within a few steps (the run pauses "
            "with a message); too small and the loss curve stays flat.",
        ),
        ("lr_too_high", "lr_too_low", "train_healthy"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "5 · Making training stable"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "Residual connections turn the product into sums: even a 50-layer sigmoid net "
            "keeps the bottom's ∂ℓ/∂h within 10³ of the top's. Gradient clipping rescales the "
            "global norm to 1 before an update.",
        ),
        ("residual_rescue", "clipping"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "6 · Keep every layer's variance constant"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "Forward needs n_in·γ = 1, backward n_out·γ = 1; Xavier takes the compromise "
            "γ = 2/(n_in + n_out). A small N(0, 0.01²) init shrinks the signal at every "
            "layer: fine for 2 layers, hopeless for 30.",
        ),
        ("xavier_tanh", "xavier_compromise", "small_init"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "7 · ReLU halves the variance: He init"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "ReLU zeroes half its inputs, so with γ = 1/n the activations' variance halves "
            "at every layer; He's γ = 2/n keeps it level.",
        ),
        ("xavier_relu", "he_relu"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "8 · Activations should look like the identity near 0"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "f(0) = 0 and f′(0) = 1: tanh and ReLU (for x ≥ 0) pass, sigmoid (½ + x/4 − …) fails, "
            "4·sigmoid(x) − 2 = x − x³/12 + … passes. The Taylor panel shows each series.",
        ),
        ("scaled_sigmoid", "vanishing"),
    ),
    Point(
        QT_TRANSLATE_NOOP("Lesson", "Beyond the notes · every direction, not only the mean"),
        QT_TRANSLATE_NOOP(
            "Lesson",
            "The singular values of J₀ = ∂hᵈ/∂x (Spectrum tab): orthogonal weights keep "
            "them together, Gaussian ones spread them over tens of decades at the same mean "
            "gain.",
        ),
        ("dynamical_isometry", "linear_gauss_vs_orth"),
    ),
)


class LessonDialog(QtWidgets.QDialog):
    """Non-modal: a lecturer loads one scenario after another while the plots run.

    `keys_html` is the list of keys, or a function giving it in the current language
    (then the Keys tab follows a language switch too)."""

    presetLoaded = QtCore.Signal(str)

    def __init__(self, window, keys_html: str | Callable[[], str]):
        super().__init__(window)
        self.setObjectName("lessonDialog")
        live(self, "setWindowTitle", lambda: translate("Lesson", "The lesson in short"))
        self.window_ = window
        self.buttons: dict[str, list[QtWidgets.QPushButton]] = {}
        self.tabs = tabs = QtWidgets.QTabWidget(objectName="lessonTabs")
        tabs.addTab(self._lesson_page(), "")
        keys = QtWidgets.QLabel(objectName="lessonKeys")
        keys.setTextFormat(QtCore.Qt.TextFormat.RichText)
        keys.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        if callable(keys_html):
            live(keys, "setText", keys_html)
        else:
            keys.setText(keys_html)
        keys_scroll = QtWidgets.QScrollArea(widgetResizable=True)
        keys_scroll.setWidget(keys)
        tabs.addTab(keys_scroll, "")
        self._name_tabs()
        on_change(self, self._name_tabs)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(close)
        self.resize(700, 620)

    def _name_tabs(self) -> None:
        self.tabs.setTabText(0, translate("Lesson", "Lesson"))
        self.tabs.setTabText(1, translate("Lesson", "Keys"))

    def _lesson_page(self) -> QtWidgets.QScrollArea:
        presets = load_presets()
        page = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(page)
        for number, point in enumerate(LESSON):
            head = QtWidgets.QLabel()
            live(head, "setText", lambda p=point: f"<b>{html.escape(localise(p.title))}</b>")
            body = QtWidgets.QLabel(wordWrap=True)
            body.setTextFormat(QtCore.Qt.TextFormat.RichText)
            live(body, "setText", lambda p=point: html.escape(localise(p.text)))
            column.addWidget(head)
            column.addWidget(body)
            row = QtWidgets.QHBoxLayout()
            for name in point.presets:
                preset = presets[name]
                button = QtWidgets.QPushButton(objectName=f"lesson{number}_{name}")
                live(button, "setText", lambda p=preset: f"▶ {localise(p.title)}")
                live(
                    button,
                    "setToolTip",
                    lambda p=preset: translate(
                        "Lesson", "Load this scenario. What you should see: {see}"
                    ).format(see=localise(p.see)),
                )
                button.clicked.connect(lambda _c=False, n=name: self.load(n))
                self.buttons.setdefault(name, []).append(button)
                row.addWidget(button)
            row.addStretch(1)
            column.addLayout(row)
            column.addSpacing(6)
        column.addStretch(1)
        scroll = QtWidgets.QScrollArea(widgetResizable=True)
        scroll.setWidget(page)
        return scroll

    def load(self, name: str) -> None:
        """Load scenario `name` into the lab (it starts running)."""
        self.window_.controls.apply_preset(name)
        self.presetLoaded.emit(name)


def show_lesson(window, keys_html: str | Callable[[], str]) -> LessonDialog:
    """Open (or raise) the window's lesson dialog."""
    dialog = getattr(window, "help_dialog", None)
    if dialog is None:
        window.help_dialog = dialog = LessonDialog(window, keys_html)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
