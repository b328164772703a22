"""The settings table: every experiment setting defined once.

Each `Setting` says what a value may be (type, range or choices, an "off" value), how it
is shown (label, tooltip with its formula, group, decimals, whether it spans decades)
and how typed text becomes a value. `LabConfig`'s fields and validation, every command's
options and `--help`, sessions and the window's widgets are all generated from `SETTINGS`,
so the command line, a saved session and the window accept exactly the same values.
Adding a setting is one entry here plus the code that uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .activations import ACTIVATIONS
from .formats import RANGES, short
from .inits import INITS
from .setting import MAX_LIST, ConfigError, Setting, format_number
from .words import QT_TRANSLATE_NOOP, Text, message

__all__ = [
    "BY_NAME",
    "GROUPS",
    "MAX_LIST",
    "SETTINGS",
    "ConfigError",
    "Setting",
    "check_together",
    "choices_of",
    "format_number",
]


def _labels(registry) -> Callable[[], dict[str, str]]:
    return lambda: {name: entry.label for name, entry in registry.items()}


def _fixed(pairs: dict[str, str]) -> Callable[[], dict[str, str]]:
    return lambda: dict(pairs)


def _formula_problem(text: str) -> str | None:
    """Why `text` is not a formula (as `formula.problem` says it, a `Message` the window
    translates), or None when it is one."""
    from .formula import FormulaError, parse

    try:
        parse(text)
    except FormulaError as exc:
        return exc.message
    return None


def _activation_tips() -> dict[str, str]:
    line = Text("Settings", "{label}(x) = {formula}\n{note}")  # no words: not marked
    return {
        a.name: message(line, label=a.label, formula=a.formula, note=a.note)
        for a in ACTIVATIONS.values()
    }


def _init_tips() -> dict[str, str]:
    return {i.name: i.note for i in INITS.values()}


def _precision_tips() -> dict[str, str]:
    words = {
        "fp32": QT_TRANSLATE_NOOP("Settings", "single precision"),
        "fp16": QT_TRANSLATE_NOOP("Settings", "IEEE half"),
        "bf16": "bfloat16",
    }
    tip = QT_TRANSLATE_NOOP(
        "Settings", "{format}: normal range {tiny} … {max}, subnormal down to {subnormal}"
    )
    return {
        p: message(
            tip, format=words[p], tiny=short(r.tiny), max=short(r.max), subnormal=short(r.subnormal)
        )
        for p, r in RANGES.items()
    }


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "depth", int, 30, QT_TRANSLATE_NOOP("Settings", "Depth"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Number of layers d. Gradients are products of d − t Jacobians, so their size "
            "changes geometrically with depth. The slider is logarithmic; the box is exact.",
        ),
        "Network", lo=1, hi=1000, log=True, step=1, metavar="N", slider=True,
    ),
    Setting(
        "width", int, 256, QT_TRANSLATE_NOOP("Settings", "Width"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Units per layer n. Each layer multiplies the variance by n·γ; the theory is "
            "exact as n → ∞.",
        ),
        "Network", lo=2, hi=4096, step=16, metavar="N",
    ),
    Setting(
        "widths", tuple, (), QT_TRANSLATE_NOOP("Settings", "Widths"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Layer widths n_0 (the input), n_1, …, n_d; fewer numbers than depth + 1 repeat "
            "cyclically ('256, 1024' alternates), none: every layer has Width units. Where "
            "n_in ≠ n_out, n_in·γ = 1 (forward) and n_out·γ = 1 (backward) cannot both hold.",
        ),
        "Network", lo=2, hi=4096, metavar="N0,N1,…",
    ),
    Setting(
        "batch", int, 64, QT_TRANSLATE_NOOP("Settings", "Batch"),
        QT_TRANSLATE_NOOP("Settings", "Inputs x ~ N(0, 1) per step; statistics average over the batch."),
        "Network", lo=1, hi=4096, step=8, metavar="N",
    ),
    Setting(
        "activation", str, "relu", QT_TRANSLATE_NOOP("Settings", "Activation"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The activation σ in h^t = σ(W^t h^(t−1)): a name, or a formula in x such as "
            "x*tanh(softplus(x)) (`list` names what a formula may use).",
        ),
        "Network", choices=_labels(ACTIVATIONS), choice_tips=_activation_tips, metavar="A",
        other=_formula_problem, other_words=QT_TRANSLATE_NOOP("Settings", "a formula in x"),
    ),
    Setting(
        "init", str, "he_normal", QT_TRANSLATE_NOOP("Settings", "Init"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "How W^t is drawn: Var[w] = γ; keeping n·γ = 1 keeps the variance constant.",
        ),
        "Network", choices=_labels(INITS), choice_tips=_init_tips, metavar="I",
    ),
    Setting(
        "gain", float, 1.0, QT_TRANSLATE_NOOP("Settings", "Gain"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Multiplies the init's standard deviation, as torch's nn.init gain does: "
            "σ_w² = G²·n_in·γ, the weight variance the theory uses.",
        ),
        "Network", lo=1e-2, hi=1e2, log=True, decimals=3, step=10 ** 0.1, metavar="G",
    ),
    Setting(
        "bias_std", float, 0.0, QT_TRANSLATE_NOOP("Settings", "Bias std"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "A bias b ~ N(0, S²) per unit and layer, h = φ(W h + b): σ_b² = S² enters both "
            "theories' q. Drawn once with the weights; training leaves it as drawn.",
        ),
        "Network", lo=0.0, hi=10.0, decimals=3, step=0.05, metavar="S",
    ),
    Setting(
        "precision", str, "fp32", QT_TRANSLATE_NOOP("Settings", "Precision"),
        message(
            QT_TRANSLATE_NOOP(
                "Settings",
                "The number format the network computes in: in fp16 values below {tiny} "
                "become subnormal and lose precision, below {flush} they flush to 0, and "
                "values above {max} become inf.",
            ),
            tiny=short(RANGES["fp16"].tiny), flush=short(RANGES["fp16"].subnormal / 2),
            max=short(RANGES["fp16"].max),
        ),
        "Numerics", choices=_fixed({"fp32": "fp32", "fp16": "fp16", "bf16": "bf16"}),
        choice_tips=_precision_tips, metavar="P",
    ),
    Setting(
        "device", str, "auto", QT_TRANSLATE_NOOP("Settings", "Device"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Where the network runs (auto: the best device present). The window runs a "
            "session that names an absent device on auto, and says so.",
        ),
        "Numerics",
        choices=_fixed(
            {"auto": QT_TRANSLATE_NOOP("Settings", "auto"), "cpu": "cpu", "cuda": "cuda", "mps": "mps"}
        ),
        metavar="D",
    ),
    Setting(
        "theory", str, "mean_field", QT_TRANSLATE_NOOP("Settings", "Theory"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The dashed theory line, from q ← σ_w²·E[h²] + σ_b² and χ = n_out·G²γ·E[φ'(√q z)²]. "
            "Linear: φ ≈ φ(0) + φ'(0)·z, so the mean φ(0) propagates and each layer scales the "
            "variance by about σ_w²·φ'(0)². Mean-field: the expectations of φ itself, exact "
            "for wide networks.",
        ),
        "Numerics",
        choices=_fixed(
            {
                "mean_field": QT_TRANSLATE_NOOP("Settings", "mean-field (any activation)"),
                "linear": QT_TRANSLATE_NOOP("Settings", "linear (the lesson's §4–6)"),
            }
        ),
        metavar="T",
    ),
    Setting(
        "residual", bool, False, QT_TRANSLATE_NOOP("Settings", "Residual"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Residual connections h ← h + s·f(W h): the product of Jacobians becomes a sum.",
        ),
        "Stabilisers",
    ),
    Setting(
        "residual_scale", float, 1.0, QT_TRANSLATE_NOOP("Settings", "Branch scale"),
        QT_TRANSLATE_NOOP("Settings", "The scale s of the residual branch in h ← h + s·f(W h)."),
        "Stabilisers", lo=1e-3, hi=10.0, log=True, decimals=3, step=10 ** 0.1, metavar="S",
    ),
    Setting(
        "norm", str, "none", QT_TRANSLATE_NOOP("Settings", "Normalisation"),
        QT_TRANSLATE_NOOP("Settings", "Normalise each layer's pre-activations (no learned scale)."),
        "Stabilisers",
        choices=_fixed(
            {"none": QT_TRANSLATE_NOOP("Settings", "none"), "layer": "LayerNorm", "batch": "BatchNorm"}
        ),
        metavar="K",
    ),
    Setting(
        "clip", float, 0.0, QT_TRANSLATE_NOOP("Settings", "Clip norm"),
        QT_TRANSLATE_NOOP("Settings", "Clip the global gradient norm: g ← g·min(1, c/‖g‖); 0 = off."),
        "Stabilisers", lo=1e-6, hi=1e6, off=0.0, log=True, decimals=3, step=10 ** 0.1,
        metavar="X",
    ),
    Setting(
        "mode", str, "probe", QT_TRANSLATE_NOOP("Settings", "Mode"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Probe measures a fixed network with fresh inputs; train also updates its weights.",
        ),
        "Training",
        choices=_fixed(
            {
                "probe": QT_TRANSLATE_NOOP("Settings", "probe (measure only)"),
                "train": QT_TRANSLATE_NOOP("Settings", "train on a task"),
            }
        ),
        metavar="M",
    ),
    Setting(
        "task", str, "teacher", QT_TRANSLATE_NOOP("Settings", "Task"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "What training learns: a teacher network's outputs, or three 2-D spiral classes.",
        ),
        "Training",
        choices=_fixed(
            {
                "teacher": QT_TRANSLATE_NOOP("Settings", "teacher–student regression"),
                "spiral": QT_TRANSLATE_NOOP("Settings", "2-D spiral (3 classes)"),
            }
        ),
        metavar="T",
    ),
    Setting(
        "optimizer", str, "sgd", QT_TRANSLATE_NOOP("Settings", "Optimiser"),
        QT_TRANSLATE_NOOP("Settings", "How training updates the weights: W ← W − η·g (SGD) or Adam."),
        "Training", choices=_fixed({"sgd": "SGD", "adam": "Adam"}), metavar="O",
    ),
    Setting(
        "lr", float, 0.01, QT_TRANSLATE_NOOP("Settings", "Learning rate"),
        QT_TRANSLATE_NOOP("Settings", "The learning rate η of the update W ← W − η·g (training only)."),
        "Training", lo=1e-6, hi=10.0, log=True, decimals=3, step=10 ** 0.1, metavar="LR",
        slider=True,
    ),
    Setting(
        "seed", int, 0, QT_TRANSLATE_NOOP("Settings", "Seed"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Random seed of the weights and inputs: the same seed gives the same run.",
        ),
        "Run", lo=0, hi=2**31 - 1, metavar="S",
    ),
)  # fmt: skip

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(s.group for s in SETTINGS))


def check_together(values: Mapping[str, Any]) -> None:
    """The rule that joins two settings; ConfigError names the one to change."""
    if values["residual"] and len(set(values["widths"])) > 1:
        raise ConfigError(
            "widths",
            QT_TRANSLATE_NOOP(
                "Settings",
                "residual connections add h^(t−1) to h^t, so every layer needs the same width "
                "(allowed with Residual: one number, or nothing)",
            ),
        )


def choices_of(name: str) -> tuple[str, ...]:
    return tuple(BY_NAME[name].options())


def next_seed(seed: int) -> int:
    """The seed a reseed (R) draws: seed + 1, wrapping within the seed's range (the
    engine draws that seed's weights ahead, engine/weight_draws.py)."""
    return (seed + 1) % (BY_NAME["seed"].hi + 1)
