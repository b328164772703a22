"""What the spectrum presets' texts claim, held to measurements of SEEDS networks
(test_presets.py collects these checks with the others)."""

from __future__ import annotations

import math

import numpy as np

from engine.jacobian import spectrum_of_config
from engine.presets import load_presets
from engine.spectrum import fuss_catalan_log10_density

from ..noise import assert_within_noise

SEEDS = 6  # of the 8 the other presets use: a spectrum costs ~30 probe steps
COMPARISONS = 40  # as test_presets.py: the Bonferroni count of every preset's numbers
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def _spectra(name, **changes):
    config = load_presets()[name].config.with_(**changes)
    return [spectrum_of_config(config.with_(seed=config.seed + k)) for k in range(SEEDS)]


def _spread(spectrum, t=0):
    """Decades between J_t's largest and smallest singular value."""
    logs = spectrum.log10(t)
    return float(logs[0] - logs[-1])


def _rms(spectrum, t=0):
    return float(spectrum.columns()["sv_rms"][t])


def check_dynamical_isometry():
    from .test_presets import check, stated

    text = load_presets()["dynamical_isometry"].see
    orthogonal, gaussian = (
        _spectra("dynamical_isometry"),
        _spectra("dynamical_isometry", init="xavier_normal"),
    )
    check(text, r"within ≈(\d+) decades", [_spread(s) for s in orthogonal])
    wide, _ = stated(text, r"more than (\d+) decades")
    assert min(_spread(s) for s in gaussian) > wide
    same = [math.log(_rms(g) / _rms(o)) for g, o in zip(gaussian, orthogonal, strict=True)]
    assert_within_noise(same, 0.0, COMPARISONS, "the mean gain stays the same")


def check_linear_gauss_vs_orth():
    from .test_presets import check, stated

    text = load_presets()["linear_gauss_vs_orth"].see
    gaussian = _spectra("linear_gauss_vs_orth")
    logs_rms = [np.log(s.columns()["sv_rms"]) for s in gaussian]
    assert_within_noise(logs_rms, 0.0, COMPARISONS, "RMS gain 1 at every depth", 1e-12)
    wide, _ = stated(text, r"more than (\d+) decades")
    assert min(_spread(s) for s in gaussian) > wide
    u, p = fuss_catalan_log10_density(gaussian[0].depth, points=20000)
    cdf = np.concatenate([[0.0], np.cumsum(np.diff(u) * 0.5 * (p[1:] + p[:-1]))])
    law = np.interp(QUANTILES, cdf, u)
    measured = [np.quantile(s.log10(0), QUANTILES) for s in gaussian]
    assert_within_noise(measured, law, COMPARISONS, "along the Fuss–Catalan law")
    check(text, r"grow ≈(\d+)×", [10.0 ** s.log10(0)[0] for s in gaussian])
    orthogonal = spectrum_of_config(gaussian[0].config.with_(init="orthogonal"))
    for t in range(orthogonal.depth):
        assert np.all(
            np.abs(orthogonal.values(t) - 1.0) < stated(text, r"weights \(([\de-]+)\)")[0]
        )
