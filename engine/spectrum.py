"""The singular values of the lesson's product of Jacobians, as data, and the laws
they follow.

J_t = ∂h^d/∂h^t = A_d ⋯ A_(t+1), with A_i = ∂h^i/∂h^(i−1), is the product of d − t
matrices the lesson's §1 multiplies a gradient by: ∂ℓ/∂h^t = J_tᵀ ∂ℓ/∂h^d. Its average
effect is what the gradient plot shows (mean s² is the per-layer factor χ multiplied up);
its singular values say how unevenly it treats directions: a Gaussian linear net and an
orthogonal one agree on average, yet one distorts some directions by orders of magnitude
and the other is an exact isometry (Saxe et al. 2014; Pennington et al. 2017).

`Spectrum` is what the engine measured (engine/jacobian.py), as read-only numpy arrays:
it crosses to the window, which reads it without torch, so this module needs numpy only.
Values are kept as log10: a deep product's smallest values lie far below float64's
range of numbers long before they stop being accurate.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

import numpy as np

from .config import LabConfig
from .formats import RANGES
from .words import QT_TRANSLATE_NOOP

COLUMNS = (
    "from_layer",
    "width",
    "sv_min",
    "sv_median",
    "sv_max",
    "sv_rms",
    "sv_rms_theory",
    "frac_zero",
    "frac_outside_format",
)
COLUMN_HELP = {
    "from_layer": "t: the product J_t = ∂h^d/∂h^t of the d − t layers above h^t (0 = the input)",
    "width": "n_t, the directions J_t maps from",
    "sv_min": "smallest singular value of J_t",
    "sv_median": "median singular value of J_t",
    "sv_max": "largest singular value of J_t",
    "sv_rms": "√(Σ s² / n_t): the RMS gain over h^t's directions",
    "sv_rms_theory": "√(χ_(t+1) ⋯ χ_d), the theory's per-layer factors multiplied up",
    "frac_zero": "fraction of J_t's singular values exactly 0 (switched-off units)",
    "frac_outside_format": "fraction of non-zero singular values outside the half format's "
    "normal range (NaN in fp32)",
}
VALUES_COLUMN = "singular_value"
BATCH_NORM_NOTE = QT_TRANSLATE_NOOP(
    "SpectrumNotes",
    "no spectrum with batch norm: it mixes the batch's examples, so one input has no "
    "Jacobian of its own",
)
LAW_POINTS = 600
CURVE_POINTS = 12  # t's of the against-t curves while streaming (log-spaced in d − t)


def curve_layers(depth: int, points: int = CURVE_POINTS) -> np.ndarray:
    """The t a streaming spectrum measures for the against-t curves: log-spaced in the
    number of layers d − t (1 … d), where the spread grows fastest near the top, so t = 0
    and t = d − 1 are always among them; every t for a net of `points` layers or fewer.
    Each t left out saves a QR and an SVD (engine/jacobian.py)."""
    if depth <= points:
        return np.arange(depth)
    layers = np.unique(np.round(np.geomspace(1, depth, points)).astype(np.int64))
    return np.unique(depth - layers)


def _frozen(values, dtype=np.float64) -> np.ndarray:
    out = np.array(values, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


def law_of(config: LabConfig) -> tuple[str, float, str]:
    """(law, σ_w, why not) of a config's singular values beyond the mean: "isometry"
    (every s = σ_w^(d−t)) for an orthogonal linear net, "fuss_catalan" for a linear net
    with independent entries (the law of products of random matrices at large width), or
    "" and one line saying why none is drawn."""
    from .inits import INITS

    widths = config.layer_widths()
    if config.activation != "identity":
        why = QT_TRANSLATE_NOOP(
            "SpectrumNotes", "the spectrum's shape has a law here for linear nets only"
        )
        return "", 0.0, why
    if config.residual or config.norm != "none" or len(set(widths)) > 1:
        return (
            "",
            0.0,
            QT_TRANSLATE_NOOP("SpectrumNotes", "the laws are for a plain linear net of one width"),
        )
    init = INITS[config.init]
    sigma_w = config.gain * math.sqrt(widths[0] * init.gamma(widths[0], widths[0]))
    return ("isometry" if init.kind == "orthogonal" else "fuss_catalan"), sigma_w, ""


def fuss_catalan_log10_density(factors: int, sigma_w: float = 1.0, points: int = LAW_POINTS):
    """(u, p): the density p(u) of u = log10 s for s² distributed by the Fuss–Catalan law
    of `factors` = L independent matrices, scaled by σ_w^(2L).

    The law (Haagerup & Möller 2012, parametrised by φ ∈ (0, π/(L+1))):
    x(φ) = sin((L+1)φ)^(L+1) / (sin φ · sin(Lφ)^L), p_x = sin²φ · sin(Lφ)^(L−1) / (π ·
    sin((L+1)φ)^L); with x = s²/σ_w^(2L) the density in log10 s is
    p_x · x · 2 ln 10 = (2 ln 10 / π) · sin φ · sin((L+1)φ) / sin(Lφ).
    """
    L = int(factors)
    end = math.pi / (L + 1)  # where s → 0: the tail of log10 s needs its points there
    even = np.linspace(0.0, end, points // 2 + 2)[1:-1]
    near_end = end * (1.0 - np.geomspace(1e-12, 0.5, points - points // 2))
    phi = np.unique(np.concatenate([even, near_end]))
    s1, sl, sl1 = np.sin(phi), np.sin(L * phi), np.sin((L + 1) * phi)
    log_x = (L + 1) * np.log(sl1) - np.log(s1) - L * np.log(sl)
    u = 0.5 * log_x / math.log(10.0) + L * math.log10(sigma_w)
    p = (2.0 * math.log(10.0) / math.pi) * s1 * sl1 / sl
    order = np.argsort(u)
    return u[order], p[order]


def _log10_sum(logs: np.ndarray) -> float:
    """log10 Σ 10^logs without leaving float64's range."""
    logs = logs[np.isfinite(logs)]
    if logs.size == 0:
        return -math.inf
    top = float(logs.max())
    return top + math.log10(float(np.sum(10.0 ** (logs - top))))


def _pow10(x: float) -> float:
    with np.errstate(over="ignore", under="ignore"):
        return float(10.0**x) if math.isfinite(x) else (0.0 if x < 0 else math.inf)


@dataclass(frozen=True)
class Spectrum:
    """The singular values of J_0 … J_(d−1) for one input of a config's network."""

    config: LabConfig
    input_index: int  # which of the seed's inputs (engine/jacobian.py `spectrum_input`)
    log10_values: np.ndarray = field(repr=False)  # (depth, most): row t holds J_t's
    # values, largest first; −inf: exactly 0; NaN: padding beyond its count
    counts: np.ndarray = field(repr=False)  # singular values of J_t: min(n_d, n_t);
    # 0: J_t not measured in this one (see `measured_layers`)
    rms_theory: np.ndarray = field(repr=False)  # √(χ_(t+1) ⋯ χ_d); NaN: not drawn
    note: str = ""  # why nothing was measured (then log10_values has no columns)
    theory_note: str = ""  # why the mean-field line is not drawn
    seconds: float = 0.0  # CPU time the measurement took

    def __post_init__(self):
        object.__setattr__(self, "log10_values", _frozen(self.log10_values))
        object.__setattr__(self, "counts", _frozen(self.counts, np.int64))
        object.__setattr__(self, "rms_theory", _frozen(self.rms_theory))

    @property
    def depth(self) -> int:
        return self.config.depth

    @property
    def measured(self) -> bool:
        return not self.note

    def measured_layers(self) -> np.ndarray:
        """The t whose J_t was measured: every t, or (while streaming) the panel's t and
        the against-t curves' points, log-spaced in the number of layers d − t."""
        return np.flatnonzero(self.counts > 0)

    def log10(self, t: int) -> np.ndarray:
        """log10 of J_t's singular values, largest first (−inf where exactly 0)."""
        return self.log10_values[t, : self.counts[t]]

    def values(self, t: int) -> np.ndarray:
        """J_t's singular values (those beyond float64's range read 0 or inf)."""
        with np.errstate(over="ignore", under="ignore"):
            return 10.0 ** self.log10(t)

    def law(self) -> tuple[str, float, str]:
        return law_of(self.config)

    def law_density(self, t: int):
        """(u, p(u)) of log10 s by the Fuss–Catalan law for J_t, or None."""
        law, sigma_w, _ = self.law()
        return (
            fuss_catalan_log10_density(self.depth - t, sigma_w) if law == "fuss_catalan" else None
        )

    def isometry_log10(self, t: int) -> float | None:
        """log10 of the one value every singular value of J_t takes, or None."""
        law, sigma_w, _ = self.law()
        return (self.depth - t) * math.log10(sigma_w) if law == "isometry" else None

    def format_range(self) -> tuple[float, float] | None:
        """The half format's normal range the values are judged by (None in fp32)."""
        if self.config.precision == "fp32":
            return None
        r = RANGES[self.config.precision]
        return r.tiny, r.max

    def log10_columns(self) -> dict[str, np.ndarray]:
        """Per t: log10 of sv_min, sv_median, sv_max, sv_rms, sv_rms_theory, plus
        frac_zero and frac_outside_format (plain fractions)."""
        d = self.depth
        out = {name: np.full(d, np.nan) for name in COLUMNS[2:]}
        widths = self.config.layer_widths()
        limits = self.format_range()
        for t in self.measured_layers() if self.measured else ():
            logs = self.log10(t)  # descending
            c = logs.size
            out["sv_max"][t], out["sv_min"][t] = logs[0], logs[-1]
            mid = logs[(c - 1) // 2 : c // 2 + 1]  # one value, or the two middle ones
            out["sv_median"][t] = _log10_sum(mid) - math.log10(mid.size)
            out["sv_rms"][t] = 0.5 * (_log10_sum(2.0 * logs) - math.log10(widths[t]))
            zero = np.isneginf(logs)
            out["frac_zero"][t] = zero.sum() / c
            if limits is not None:
                lo, hi = math.log10(limits[0]), math.log10(limits[1])
                nonzero = logs[~zero]
                outside = (nonzero < lo) | (nonzero > hi)
                out["frac_outside_format"][t] = outside.sum() / max(nonzero.size, 1)
        with np.errstate(divide="ignore"):
            out["sv_rms_theory"] = np.log10(self.rms_theory)
        return out

    def columns(self) -> dict[str, np.ndarray]:
        """The table, one row per from_layer t = 0 … d−1, in plain numbers."""
        logs = self.log10_columns()
        cols = {
            "from_layer": np.arange(self.depth, dtype=np.float64),
            "width": np.asarray(self.config.layer_widths()[:-1], dtype=np.float64),
        }
        for name in COLUMNS[2:]:
            if name.startswith("frac_"):
                cols[name] = logs[name]
            else:
                cols[name] = np.array([_pow10(x) if not math.isnan(x) else x for x in logs[name]])
        return cols


def _header(spectrum: Spectrum, what: str) -> str:
    return (
        f"# stability-lab spectrum: {what}, input #{spectrum.input_index}\n"
        f"# config: {spectrum.config.to_json(indent=None)}\n"
    )


def spectrum_csv(spectrum: Spectrum) -> str:
    """One row per from_layer t with the summary columns (`COLUMNS`)."""
    out = io.StringIO()
    out.write(_header(spectrum, "singular values of J_t = ∂h^d/∂h^t per from_layer t"))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    cols = spectrum.columns()
    for t in range(spectrum.depth):
        row = [int(t), int(cols["width"][t])]
        row += [repr(float(cols[name][t])) for name in COLUMNS[2:]]
        writer.writerow(row)
    return out.getvalue()


def values_csv(spectrum: Spectrum, t: int = 0) -> str:
    """Every singular value of J_t, largest first, in column `singular_value`."""
    out = io.StringIO()
    out.write(_header(spectrum, f"every singular value of J_{t} = ∂h^d/∂h^{t}"))
    out.write(f"{VALUES_COLUMN}\n")
    for v in spectrum.values(t):
        out.write(f"{float(v)!r}\n")
    return out.getvalue()
