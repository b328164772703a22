"""Every lesson scenario shows what its 'what you should see' text claims, number by number.

Each number is read from the preset's own text and held to the measurement: the
preset's own picture (its seed) and the mean over SEEDS networks, within the
finite-width noise those networks show (tests/noise.py) plus the number's own rounding
(a stated 18 stands for 17.5–18.5). Change a number in resources/presets.json and the
test measures the new one.
"""

import math
import re

import numpy as np
import pytest

from engine import Probe
from engine.depth_scale import gradient_factor
from engine.formats import RANGES, short
from engine.frame import average_frames
from engine.presets import load_presets

from ..noise import assert_one_within_noise, assert_within_noise

SEEDS = 8
COMPARISONS = 40  # numbers checked over all presets: the noise bound's Bonferroni count


def _text(name):
    return load_presets()[name].see


def _frames(name, seeds=SEEDS, steps=1, **changes):
    """One frame per seed, the preset's own seed first (its picture)."""
    config = load_presets()[name].config.with_(**changes)
    out = []
    for k in range(seeds):
        probe = Probe(config.with_(seed=config.seed + k))
        out.append(average_frames([probe.step() for _ in range(steps)]))
    return out


def stated(text: str, pattern: str, group: int = 1) -> tuple[float, float]:
    """(the number `pattern` finds in `text`, half a unit of its last digit)."""
    match = re.search(pattern, text)
    assert match, (pattern, text)
    digits = match.group(group)
    mantissa, _, exponent = digits.partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (-decimals + (int(exponent) if exponent else 0))
    return float(digits), 0.5 * unit


def check(text, pattern, per_seed, what=""):
    """The stated number against the seeds' values (positive; compared in logs)."""
    value, half = stated(text, pattern)
    logs = np.log(np.asarray(per_seed, dtype=np.float64))
    floor = math.log((value + half) / value)
    assert_within_noise(logs, math.log(value), COMPARISONS, what or pattern, floor)
    assert_one_within_noise(logs[0], logs, math.log(value), COMPARISONS, what or pattern, floor)


def _fit(values):
    """Per-layer factor of a column going up: exp(slope of ln values over layers)."""
    layers = np.arange(1, len(values) + 1)
    return math.exp(np.polyfit(layers, np.log(values), 1)[0])


def _ratio(frame, name="grad_h_var", rms=False):
    """bottom ÷ top of a column (its square root for an RMS)."""
    r = frame[name][0] / frame[name][-1]
    return math.sqrt(r) if rms else r


def check_he_relu():
    f = _frames("he_relu", seeds=1, steps=2)[0]
    g, v = np.sqrt(f["grad_h_var"]), f["act_var"]
    assert 1 / 3 < g[0] / g[-1] < 3  # level gradient
    assert 1 / 4 < v[-1] / v[0] < 4  # level activations


def check_vanishing():
    text, frames = _text("vanishing"), _frames("vanishing")
    per_layer = [1 / gradient_factor(f).measured for f in frames]
    check(text, r"falls ≈(\d+)× per layer", per_layer)
    check(text, r"RMS ≈(\d+)×", np.sqrt(per_layer))
    check(text, r"averages ([\d.]+)", [1 / p for p in per_layer])  # n·γ·E[σ'²], σ_w² = 1
    check(text, r"≈([\d.e-]+) of the top's", [_ratio(f, rms=True) for f in frames])


def check_exploding():
    text, frames = _text("exploding"), _frames("exploding")
    half_width, _ = stated(text, r"n/2 = (\d+)")
    assert half_width == frames[0].config.width / 2
    check(text, r"n/2 = (\d+)", [_fit(f["act_var"]) for f in frames], "activations")
    check(text, r"n/2 = (\d+)", [gradient_factor(f).measured for f in frames], "gradients")
    check(text, r"by ≈(\d+)×", [math.sqrt(gradient_factor(f).measured) for f in frames])
    assert frames[0]["act_var"][2] > 1e3  # out of the healthy band within a few layers


def check_small_init():
    text, frames = _text("small_init"), _frames("small_init")
    config = frames[0].config
    product, _ = stated(text, r"n·γ = ([\d.]+)")
    from engine.inits import INITS

    assert product == pytest.approx(config.width * INITS[config.init].gamma(256, 256))
    check(text, r"≈(\d+)× per layer", [1 / _fit(f["act_var"][:6]) for f in frames])
    assert frames[0]["act_var"][5] < 1e-7 and np.sqrt(frames[0]["grad_h_var"][0]) < 1e-20


def check_xavier_tanh():
    text = _text("xavier_tanh")
    old = _frames("xavier_tanh", init="torch_default")
    check(text, r"falls to ≈([\d.e-]+) of the top's", [_ratio(f) for f in old])
    frames = _frames("xavier_tanh")
    check(text, r"falls ≈(\d+)× over 30", [1 / _ratio(f) for f in frames])
    deep = _frames("xavier_tanh", seeds=4, depth=100)
    check(text, r"≈(\d+)× over 100", [1 / _ratio(f) for f in deep])
    check(text, r"\(≈(\d+)× over 30 layers\)", [_ratio(f, "act_var") for f in frames])
    # a power law: the fall over the whole net grows ∝ depth (exponential: 19^(100/30))
    thirty, hundred = (1 / _ratio(f, "grad_h_var_theory") for f in (frames[0], deep[0]))
    assert hundred / thirty == pytest.approx(100 / 30, rel=0.1)
    v, line = frames[0]["act_var"], frames[0]["act_var_theory"]
    np.testing.assert_allclose(v, line, rtol=0.3)  # as the mean-field line predicts


def check_xavier_relu():
    text, frame = _text("xavier_relu"), _frames("xavier_relu", seeds=1, steps=2)[0]
    slope = np.polyfit(frame["layer"], np.log2(frame["act_var"]), 1)[0]
    assert -1.15 < slope < -0.85  # halves per layer
    value, half = stated(text, r"≈ ?([\d.e-]+) of the first layer's")
    line = frame["act_var_theory"][-1] / frame["act_var_theory"][0]
    assert abs(line - value) <= half and line == pytest.approx(2.0**-29)
    drift, half = stated(text, r"by ≈×(\d+)")
    measured = frame["act_var"][-1] / frame["act_var"][0] / line
    assert abs(measured - drift) <= half, measured


def _ratios(frame, name):
    values = frame[name]
    return values[1:] / values[:-1]  # layer t ÷ layer t − 1


def check_xavier_compromise():
    text = _text("xavier_compromise")
    frames = _frames("xavier_compromise")
    widths = frames[0].config.layer_widths()
    assert len(set(widths)) == 2  # alternating
    small, _ = stated(text, r"by ([\d.]+) or")
    large, _ = stated(text, r"or ([\d.]+) per layer")
    expanding = [t for t in range(1, len(widths) - 1) if widths[t] < widths[t + 1]]
    shrinking = [t for t in range(1, len(widths) - 1) if widths[t] > widths[t + 1]]
    # forward: layer t+1 reads n_t = widths[t] units; Xavier's factor 2·n_in/(n_in + n_out)
    acts = [_ratios(f, "act_var") for f in frames]
    check(
        text,
        r"by ([\d.]+) or",
        [np.exp(np.mean(np.log(a[[t - 1 for t in expanding]]))) for a in acts],
    )
    check(
        text,
        r"or ([\d.]+) per layer",
        [np.exp(np.mean(np.log(a[[t - 1 for t in shrinking]]))) for a in acts],
    )
    assert small * large == pytest.approx(stated(text, r"= ([\d.]+): both")[0], abs=0.005)
    check(text, r"≈([\d.]+)× per layer", [_fit(f["act_var"]) for f in frames], "forward drift")
    check(text, r"≈([\d.]+)× per layer", [gradient_factor(f).measured for f in frames], "back")
    lecun = _frames("xavier_compromise", seeds=4, init="lecun_normal")
    check(text, r"zig-zags ×(\d+)", [np.max(_ratios(f, "grad_h_var")) for f in lecun])
    for f in lecun:  # LeCun: level forward
        assert np.all(np.abs(np.log(_ratios(f, "act_var"))) < 0.1)
    for f in _frames("xavier_compromise", seeds=4, init="lecun_normal_fan_out"):
        assert np.all(np.abs(np.log(_ratios(f, "grad_h_var"))) < 0.1)  # level backward
    for f in frames:  # the two products the lesson asks for cannot both be 1
        assert f["width_in"][0] != f["width_out"][0]


def check_fp16_underflow():
    text = _text("fp16_underflow")
    fp16 = RANGES["fp16"]
    assert f"below {short(fp16.tiny)}" in text
    assert f"below ≈{short(fp16.subnormal / 2)}" in text and short(fp16.subnormal) in text
    frames = _frames("fp16_underflow")
    fp32s = _frames("fp16_underflow", precision="fp32")
    check(text, r"falls ≈(\d+)× per layer", [1 / gradient_factor(f).measured for f in fp32s])
    fp32 = fp32s[0]
    value, half = stated(text, r"bottom ≈(\d+) of")
    zeros = [f.zero_layers for f in frames]
    assert_within_noise(zeros, value, COMPARISONS, "zero layers", floor=half + 5)
    assert np.all(frames[0]["frac_zero"][: zeros[0]] == 1.0)  # the bottom ones
    assert fp32.zero_layers == 0 and np.all(fp32["grad_w_norm"] > 0)
    assert fp32["grad_w_norm"][0] < fp16.tiny  # tiny but non-zero in fp32


def check_fp16_overflow():
    text = _text("fp16_overflow")
    assert f"maximum {short(RANGES['fp16'].max)}" in text
    for f in _frames("fp16_overflow", seeds=4):
        inf_from, _ = stated(text, r"from layer (\d+)")
        all_by, _ = stated(text, r"all inf or NaN \(∞ − ∞\) by layer (\d+)")
        top, _ = stated(text, r"in the top (\d+) layers")
        bad = f["act_frac_nonfinite"]
        assert np.argmax(bad > 0) + 1 == inf_from and np.argmax(bad >= 1) + 1 == all_by
        finite = np.isfinite(f["grad_h_var"])
        assert finite[-int(top) :].all() and not finite[-int(top) - 1]
        assert not np.isfinite(f.loss) and not np.isfinite(f["grad_w_norm"]).any()
    fp32 = _frames("fp16_overflow", seeds=1, precision="fp32")[0]
    assert np.all(np.isfinite(fp32["act_var"])) and fp32["act_var"][5] > RANGES["fp16"].max


def check_residual_rescue():
    g = _frames("residual_rescue", seeds=1, steps=2)[0]
    assert 1e-3 < _ratio(g, rms=True) < 1e3
    plain = _frames("residual_rescue", seeds=1, steps=2, residual=False)[0]
    assert _ratio(plain, rms=True) < 1e-20


def check_clipping():
    f = _frames("clipping", seeds=1)[0]
    assert f.grad_norm_before > 1e10 and f.grad_norm_after == pytest.approx(1.0)
    assert np.all((f["grad_w_norm"] > 1e-6) & (f["grad_w_norm"] < 1e3))


def check_scaled_sigmoid():
    text = _text("scaled_sigmoid")
    check(
        text, r"only ≈(\d+)× over 30", [1 / _ratio(f, rms=True) for f in _frames("scaled_sigmoid")]
    )
    plain = _frames("vanishing")
    check(text, r"≈([\d.e-]+) of the top's", [_ratio(f, rms=True) for f in plain])


def _train(name, steps):
    probe = Probe(load_presets()[name].config)
    return [probe.step() for _ in range(steps)]


def check_lr_too_high():
    text, frames = _text("lr_too_high"), _train("lr_too_high", 40)
    low, _ = stated(text, r"between ([\d.]+) and")
    high, _ = stated(text, r"and ([\d.]+) \(")
    ratio = 10.0 ** frames[0]["update_ratio"]
    assert np.all((low <= ratio) & (ratio <= high)), ratio
    assert "second step's is larger still" in text
    assert np.all(frames[1]["update_ratio"] > frames[0]["update_ratio"])
    steps, _ = stated(text, r"within (\d+) steps")
    assert any(f.diverged for f in frames[: int(steps)])


def check_lr_too_low():
    frames = _train("lr_too_low", 30)
    assert np.all(np.abs(frames[-1]["update_ratio"] + 6) < 0.5)  # "near 10⁻⁶"
    assert abs(frames[-1].loss - frames[0].loss) < 0.1 * frames[0].loss  # flat


def check_train_healthy():
    frames = _train("train_healthy", 120)
    early = np.mean([f.loss for f in frames[:5]])
    late = np.mean([f.loss for f in frames[-10:]])
    assert late < 0.75 * early
    assert np.all(np.abs(frames[-1]["update_ratio"] + 3) < 1)


from .spectrum_presets import check_dynamical_isometry, check_linear_gauss_vs_orth  # noqa: E402, F401

CHECKS = {name[len("check_") :]: fn for name, fn in globals().items() if name.startswith("check_")}


def test_every_preset_has_a_check():
    assert set(CHECKS) == set(load_presets())


def test_stated_reads_a_number_and_its_rounding():
    assert stated("falls ≈18× per", r"≈(\d+)×") == (18.0, 0.5)
    assert stated("is ≈6e-19 of", r"≈([\d.e-]+) of") == (6e-19, 0.5e-19)
    assert stated("by 0.4 or", r"by ([\d.]+) or") == (0.4, 0.05)


@pytest.mark.parametrize("name", sorted(load_presets()))
def test_preset_shows_what_its_text_claims(name):
    preset = load_presets()[name]
    assert preset.see.count(". ") + preset.see.endswith(".") >= 2  # two sentences
    CHECKS[name]()
