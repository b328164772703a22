"""Finite-width noise, computed rather than guessed: a claim about a network holds when
the mean over independent seeds (networks) lies within the seeds' own spread of it.

One network's measurement differs from the infinite-width theory by a random amount
that shrinks like 1/√width; independent seeds give independent networks, so their
spread measures that noise. The bound is Student's t for the seeds at a level that
stays small over every comparison a test makes (Bonferroni), so no tolerance is picked
by hand to make a test pass.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np

FAMILY_ALPHA = 1e-2  # chance that a test of a true claim fails, over all its comparisons


def t_quantile(p: float, df: int) -> float:
    """The p-quantile (p > ½) of Student's t with `df` degrees of freedom."""

    def upper_tail(t: float) -> float:  # P(T > t)
        x = df / (df + t * t)
        return 0.5 * float(mpmath.betainc(df / 2, 0.5, 0, x, regularized=True))

    lo, hi = 0.0, 1e4
    for _ in range(200):  # bisection: the tail falls monotonically
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if upper_tail(mid) > 1 - p else (lo, mid)
    return 0.5 * (lo + hi)


def noise_bound(samples: np.ndarray, comparisons: int) -> np.ndarray:
    """Per column: how far the mean of `samples` (seeds × columns) may lie from the
    truth when it is a true claim, t·sd/√K at level FAMILY_ALPHA/comparisons."""
    samples = np.asarray(samples, dtype=np.float64)
    seeds = samples.shape[0]
    alpha = FAMILY_ALPHA / max(comparisons, 1)
    t = t_quantile(1 - alpha / 2, seeds - 1)
    return t * samples.std(axis=0, ddof=1) / math.sqrt(seeds)


def assert_within_noise(samples, truth, comparisons: int, what: str = "", floor: float = 0.0):
    """The seeds' mean of `samples` agrees with `truth` within their noise (plus
    `floor`: a stated number's own rounding, or float rounding)."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim == 1:
        samples = samples[:, None]
    off = np.abs(samples.mean(axis=0) - np.asarray(truth, dtype=np.float64))
    bound = noise_bound(samples, comparisons) + floor
    assert np.all(off <= bound), (what, off, bound)


def assert_one_within_noise(one, samples, truth, comparisons: int, what="", floor=0.0):
    """A single network's value (the one a preset shows) agrees with `truth` within
    the spread `samples` of other seeds gives one network: t·sd·√(1 + 1/K)."""
    samples = np.asarray(samples, dtype=np.float64)
    seeds = samples.shape[0]
    bound = noise_bound(samples, comparisons) * math.sqrt(seeds + 1) + floor
    off = abs(float(one) - float(truth))
    assert off <= bound, (what, one, truth, bound)
