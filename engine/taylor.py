"""Exact Taylor series around 0 of every registered activation (the lesson's §6–7).

The series are expanded from each activation's symbolic form, so the numbers the panel
and the command line show are exact (sigmoid: 1/2 + x/4 − x³/48 + …), not fitted.
Kinked activations are expanded on each side of 0 separately: one Taylor series cannot
describe ReLU, and the order at which the two sides part is the lesson's point.
sympy is slow, so every expansion is cached per activation. No Qt here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import sympy as sp

from .activations import ACTIVATIONS, MAX_TAYLOR_ORDER, X
from .words import QT_TRANSLATE_NOOP, message

MAX_ORDER = MAX_TAYLOR_ORDER
_STORED = MAX_ORDER + 3  # a few extra terms, to name the true order of the remainder
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _check(name: str, order: int | None = None) -> None:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r} (known: {', '.join(ACTIVATIONS)})")
    if order is not None and not 1 <= order <= MAX_ORDER:
        raise ValueError(f"order {order} is out of range (allowed: 1–{MAX_ORDER})")


def _exact(expr: sp.Expr) -> sp.Expr:
    """Floats such as leaky ReLU's 0.01 become rationals, so its slope prints as 1/100."""
    return expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.nsimplify(e, rational=True))


def _coefficients_of(expr: sp.Expr) -> tuple[sp.Expr, ...]:
    poly = sp.expand(sp.series(expr, X, 0, _STORED).removeO())
    if not poly.is_polynomial(X) or poly.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise ValueError(
            message(
                QT_TRANSLATE_NOOP(
                    "Taylor",
                    "{expr} has no Taylor series around 0 (it is not smooth there: "
                    "expansion gives {expansion})",
                ),
                expr=_unicode(expr),
                expansion=_unicode(poly)[:60],
            )
        )
    return tuple(poly.coeff(X, k) for k in range(_STORED))


@lru_cache(maxsize=64)  # per activation
def _expansion(name: str) -> tuple[tuple[sp.Expr, ...], tuple[sp.Expr, ...], bool, bool]:
    """(left coefficients, right coefficients, left exact polynomial?, right exact?)."""
    act = ACTIVATIONS[name]
    neg, pos = (_exact(e) for e in act.sides())
    right = _coefficients_of(pos)
    left = right if neg == pos else _coefficients_of(neg)

    def is_poly(e):
        return e.is_polynomial(X) and sp.degree(e, X) < _STORED

    return left, right, is_poly(neg), is_poly(pos)


def _unicode(expr: sp.Expr) -> str:
    """sympy's string form, made readable: x**3 → x³, sqrt(pi) → √π, log(2) → ln 2."""
    s = sp.sstr(expr)
    s = re.sub(r"log\((\w+)\)\*\*(\d+)", r"(log(\1))**\2", s)  # (ln 2)², not ln 2²
    s = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(_SUPERSCRIPT), s)
    s = re.sub(r"sqrt\((\w+)\)", r"√\1", s)
    s = re.sub(r"sqrt\(([^()]+)\)", r"√(\1)", s)
    s = re.sub(r"log\((\w+)\)", r"ln \1", s).replace("pi", "π")
    s = re.sub(r"(?<!√)\b(\d+)\*(?=[a-zπ√(])", r"\1", s)  # 2x⁵, but √2·x²
    return s.replace("*", "·")


def _join(terms: list[tuple[bool, str]], remainder: str, latex: bool) -> str:
    """Signed terms → 'a + b − c + O(…)'; an all-zero polynomial reads '0'."""
    minus = "-" if latex else "−"
    out = ""
    for negative, body in terms:
        if not out:
            out = f"{minus}{body}" if negative else body
        else:
            out += f" {minus if negative else '+'} {body}"
    out = out or "0"
    return f"{out} + {remainder}" if remainder else out


@dataclass(frozen=True)
class Series:
    """The order-N Taylor polynomial of one activation around 0, on each side of 0.

    `left` and `right` hold the exact coefficients of x⁰…xᴺ for x < 0 and x ≥ 0; they
    are the same tuple for a smooth activation. `kink_order` is the lowest order ≤ N at
    which the one-sided derivatives differ (None if they agree up to N).
    """

    name: str
    order: int
    left: tuple[sp.Expr, ...]
    right: tuple[sp.Expr, ...]
    piecewise: bool
    kink_order: int | None
    left_remainder: int | None  # power in O(xᵐ); None when the side is exactly this polynomial
    right_remainder: int | None

    @property
    def kink(self) -> bool:
        return self.kink_order is not None

    @property
    def coefficients(self) -> tuple[sp.Expr, ...]:
        """The coefficients of a smooth activation (the x ≥ 0 side of a kinked one)."""
        return self.right

    @cached_property
    def _floats(self) -> dict[str, np.ndarray]:
        return {
            side: np.array([float(c) for c in coeffs])
            for side, coeffs in (("left", self.left), ("right", self.right))
        }

    def floats(self, side: str = "right") -> np.ndarray:
        """The coefficients as float64 (a copy), for numeric work."""
        return self._floats[side].copy()

    def nonzero_orders(self) -> list[int]:
        """Orders ≥ 1 that add a term on either side: the distinct polynomials to draw."""
        return [k for k in range(1, self.order + 1) if self.left[k] != 0 or self.right[k] != 0]

    def evaluate(self, x, order: int | None = None) -> np.ndarray:
        """The polynomial of `order` (default: all N) on a numpy grid, side-aware."""
        x = np.asarray(x, dtype=np.float64)
        n = self.order if order is None else min(order, self.order)
        right = np.polynomial.polynomial.polyval(x, self._floats["right"][: n + 1])
        if not self.piecewise:
            return right
        left = np.polynomial.polynomial.polyval(x, self._floats["left"][: n + 1])
        return np.where(x < 0, left, right)

    def _terms(self, coeffs, latex: bool) -> list[tuple[bool, str]]:
        terms = []
        for k, c in enumerate(coeffs):
            if c == 0:
                continue
            negative = bool(c.is_negative)
            body = (abs(c) if negative else c) * X**k
            terms.append((negative, sp.latex(body, ln_notation=True) if latex else _unicode(body)))
        return terms

    def _side(self, side: str, latex: bool) -> str:
        coeffs, rem = (
            (self.left, self.left_remainder)
            if side == "left"
            else (self.right, self.right_remainder)
        )
        if rem is None:
            remainder = ""
        elif latex:
            remainder = f"O(x^{{{rem}}})"
        else:
            remainder = f"O(x{str(rem).translate(_SUPERSCRIPT)})"
        return _join(self._terms(coeffs, latex), remainder, latex)

    def side_texts(self) -> tuple[str, str]:
        """(text for x < 0, text for x ≥ 0); equal for a smooth activation."""
        return self._side("left", False), self._side("right", False)

    def text(self) -> str:
        """Readable unicode, e.g. '1/2 + x/4 − x³/48 + O(x⁵)'."""
        if not self.piecewise:
            return self._side("right", False)
        left, right = self.side_texts()
        return f"x < 0: {left};  x ≥ 0: {right}"

    def latex(self) -> str:
        r"""LaTeX, e.g. '\frac{1}{2} + \frac{x}{4} - \frac{x^{3}}{48} + O(x^{5})'."""
        if not self.piecewise:
            return self._side("right", True)
        return (
            rf"\begin{{cases}} {self._side('left', True)} & x < 0 \\ "
            rf"{self._side('right', True)} & x \geq 0 \end{{cases}}"
        )

    def kink_text(self) -> str:
        if self.kink_order is None:
            return ""
        return message(
            QT_TRANSLATE_NOOP("Taylor", "kink: the one-sided derivatives differ at order {order}"),
            order=str(self.kink_order),
        )

    def to_dict(self) -> dict:
        """JSON-able: exact coefficients as strings, floats beside them, and the verdict."""

        def side(coeffs):
            return {"exact": [sp.sstr(c) for c in coeffs], "float": [float(c) for c in coeffs]}

        out = {
            "activation": self.name,
            "label": ACTIVATIONS[self.name].label,
            "order": self.order,
            "piecewise": self.piecewise,
            "text": self.text(),
            "latex": self.latex(),
        }
        if self.piecewise:
            out.update(left=side(self.left), right=side(self.right))
            out.update(kink=self.kink, kink_order=self.kink_order)
        else:
            out["coefficients"] = side(self.right)
        out["verdict"] = verdict(self.name).to_dict()
        return out


@lru_cache(maxsize=512)
def taylor(name: str, order: int) -> Series:
    """The exact Taylor series of activation `name` around 0, up to x^order (1–15)."""
    _check(name, order)
    left_all, right_all, left_poly, right_poly = _expansion(name)

    def remainder(coeffs, exact):
        later = [k for k in range(order + 1, _STORED) if coeffs[k] != 0]
        if exact and not later:
            return None
        return later[0] if later else _STORED

    kink = next((k for k in range(order + 1) if left_all[k] != right_all[k]), None)
    return Series(
        name=name,
        order=order,
        left=left_all[: order + 1],
        right=right_all[: order + 1],
        piecewise=ACTIVATIONS[name].piecewise,
        kink_order=kink,
        left_remainder=remainder(left_all, left_poly),
        right_remainder=remainder(right_all, right_poly),
    )


SUMMARIES = {
    "pass": QT_TRANSLATE_NOOP("Taylor", "passes"),
    "right": QT_TRANSLATE_NOOP("Taylor", "passes for x ≥ 0 only"),
    "fail": QT_TRANSLATE_NOOP("Taylor", "fails"),
}


@dataclass(frozen=True)
class Verdict:
    """The lesson's criterion near 0: f(0) = 0 and f'(0) = 1 (§6), and what it costs.

    `gain` is f'(0)², the factor by which a layer scales gradient variance in the linear
    regime; with a kink it averages the one-sided squares (ReLU: ½), as
    `Activation.linear_gain()` does.
    """

    name: str
    value: sp.Expr  # f(0)
    slope_left: sp.Expr  # f'(0⁻)
    slope_right: sp.Expr  # f'(0⁺)
    gain: sp.Expr
    explanation: str

    @property
    def zero_at_zero(self) -> bool:
        return self.value == 0

    @property
    def unit_slope(self) -> bool:
        """f'(0) = 1 on both sides."""
        return self.slope_left == 1 and self.slope_right == 1

    @property
    def passes(self) -> bool:
        return self.zero_at_zero and self.unit_slope

    @property
    def passes_right(self) -> bool:
        """Passes for x ≥ 0, as the lesson reads ReLU."""
        return self.zero_at_zero and self.slope_right == 1

    @property
    def status(self) -> str:
        """'pass', 'right' (passes for x ≥ 0 only) or 'fail'."""
        return "pass" if self.passes else "right" if self.passes_right else "fail"

    @property
    def summary(self) -> str:
        return SUMMARIES[self.status]

    def to_dict(self) -> dict:
        return {
            "f0": sp.sstr(self.value),
            "f0_float": float(self.value),
            "slope_left": sp.sstr(self.slope_left),
            "slope_right": sp.sstr(self.slope_right),
            "zero_at_zero": self.zero_at_zero,
            "unit_slope": self.unit_slope,
            "passes": self.passes,
            "passes_right": self.passes_right,
            "gain": sp.sstr(self.gain),
            "gain_float": float(self.gain),
            "explanation": self.explanation,
        }


def _paren(expr: sp.Expr) -> str:
    s = _unicode(expr)
    return f"({s})" if not expr.is_Integer else s


def _explain(value, left, right, gain) -> str:
    """Why the activation passes or fails near 0, as a marked sentence (formulas in it
    are values: they read the same in every language)."""
    g = _unicode(gain)
    if value == 0 and left == right == 1:
        return message(
            QT_TRANSLATE_NOOP(
                "Taylor",
                "f(0) = 0 and f'(0) = 1: near 0 it is the identity, so a layer keeps the "
                "gradient's variance (factor 1).",
            )
        )
    if value == 0 and right == 1:
        return message(
            QT_TRANSLATE_NOOP(
                "Taylor",
                "f(0) = 0 and f'(0⁺) = 1, but f'(0⁻) = {left}: over a symmetric input "
                "a layer scales gradient variance by ({paren}² + 1²)/2 = {gain}.",
            ),
            left=_unicode(left),
            paren=_paren(left),
            gain=g,
        )
    slope = (
        f"f'(0) = {_unicode(right)} ≠ 1"
        if left == right
        else f"f'(0⁻) = {_unicode(left)}, f'(0⁺) = {_unicode(right)}"
    )
    shift = f"f(0) = {_unicode(value)} ≠ 0"
    if value != 0 and left == right == 1:
        return message(
            QT_TRANSLATE_NOOP(
                "Taylor",
                "{shift}: each layer shifts the mean and keeps the variance factor f'(0)² = 1.",
            ),
            shift=shift,
        )
    if value != 0:
        return message(
            QT_TRANSLATE_NOOP(
                "Taylor",
                "{shift} and {slope}: each layer shifts the mean and multiplies gradient "
                "variance by f'(0)² = {gain}.",
            ),
            shift=shift,
            slope=slope,
            gain=g,
        )
    return message(
        QT_TRANSLATE_NOOP(
            "Taylor", "{slope}: each layer multiplies gradient variance by f'(0)² = {gain}."
        ),
        slope=slope,
        gain=g,
    )


@lru_cache(maxsize=64)  # per activation
def verdict(name: str) -> Verdict:
    """Does `name` look like the identity at 0, and by what factor does it scale variance?"""
    _check(name)
    left, right, _, _ = _expansion(name)
    value, sl, sr = right[0], left[1], right[1]
    gain = sp.nsimplify((sl**2 + sr**2) / 2)
    return Verdict(name, value, sl, sr, gain, _explain(value, sl, sr, gain))


@lru_cache(maxsize=64)
def _numeric(name: str, derivative: bool):
    expr = ACTIVATIONS[name].symbolic()
    if derivative:
        expr = sp.diff(expr, X)
    return sp.lambdify(X, expr, modules=[{"erf": np.vectorize(math.erf)}, "numpy"])


def _evaluate(name: str, x, derivative: bool) -> np.ndarray:
    _check(name)
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):  # numpy evaluates every branch of a Piecewise
        values = _numeric(name, derivative)(x)
    return np.array(np.broadcast_to(np.asarray(values, dtype=np.float64), x.shape))


def true_values(name: str, x) -> np.ndarray:
    """The activation in float64, from its symbolic form, which tests/engine/test_taylor.py
    proves equal to the torch function the network trains with (to 1e-12 on ±8); numpy
    here keeps torch out of the window's process."""
    return _evaluate(name, x, derivative=False)


def true_derivative(name: str, x) -> np.ndarray:
    """f'(x) in float64, from the symbolic derivative (the right slope at a kink)."""
    return _evaluate(name, x, derivative=True)


@lru_cache(maxsize=1024)
def accurate_interval(
    name: str, order: int, tol: float = 0.01, limit: float = 8.0, floor: float = 1e-6
) -> tuple[float, float]:
    """The interval around 0 where the order-`order` polynomial is within `tol` relative
    error of the true function (|p − f| ≤ tol·max(|f|, floor)), searched out to ±limit.

    This is where the lesson's linear analysis may be trusted for this activation.
    """
    series = taylor(name, order)
    steps = np.linspace(0.0, limit, 4001)
    ends = []
    for sign in (-1.0, 1.0):
        x = sign * steps
        f = true_values(name, x)
        bad = np.abs(series.evaluate(x) - f) > tol * np.maximum(np.abs(f), floor)
        first = int(np.argmax(bad)) if bad.any() else len(x)
        ends.append(round(float(x[max(first - 1, 0)]), 6))
    return ends[0], ends[1]
