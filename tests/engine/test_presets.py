"""Every lesson scenario shows what its 'what you should see' text claims."""

import numpy as np
import pytest

from engine import Probe
from engine.frame import average_frames
from engine.precision import RANGES
from engine.presets import load_presets


def _probe(name, steps=2, **changes):
    config = load_presets()[name].config.with_(**changes)
    probe = Probe(config)
    return average_frames([probe.step() for _ in range(steps)])


def _train(name, steps):
    probe = Probe(load_presets()[name].config)
    return [probe.step() for _ in range(steps)]


def _rms(frame):
    return np.sqrt(frame["grad_h_var"])


def check_he_relu():
    f = _probe("he_relu")
    g, v = _rms(f), f["act_var"]
    assert 1 / 3 < g[0] / g[-1] < 3  # level gradient
    assert 1 / 4 < v[-1] / v[0] < 4  # level activations


def check_vanishing():
    f = _probe("vanishing")
    g = _rms(f)
    per_layer = (g[0] / g[-1]) ** (1 / (len(g) - 1))
    assert 1 / 20 < per_layer < 1 / 3  # "about 16× per layer" in variance = ~4× in RMS
    assert g[0] / g[-1] < 1e-10  # "many orders of magnitude"


def check_exploding():
    f = _probe("exploding")
    v = f["act_var"]
    growth = (v[-1] / v[0]) ** (1 / (len(v) - 1))
    assert 50 < growth < 300  # "~10² per layer" (n/2 = 128)
    assert v[-1] > 1e3  # leaves the healthy band


def check_small_init():
    f = _probe("small_init")
    v = f["act_var"]
    per_layer = (v[5] / v[0]) ** (1 / 5)
    assert 1 / 60 < per_layer < 1 / 25  # n·γ = 0.0256: "~40× per layer"
    assert v[5] < 1e-7  # vanished within a few layers
    assert _rms(f)[0] < 1e-20


def check_xavier_tanh():
    f = _probe("xavier_tanh")
    g = _rms(f)
    assert 1 / 5 < g[0] / g[-1] < 5  # roughly level
    v, theory = f["act_var"], f["act_var_theory"]
    assert v[-1] < v[0]  # shrinks slowly as tanh saturates…
    np.testing.assert_allclose(v, theory, rtol=0.3)  # …as the mean-field line predicts


def check_xavier_relu():
    f = _probe("xavier_relu")
    slope = np.polyfit(f["layer"], np.log2(f["act_var"]), 1)[0]
    assert -1.15 < slope < -0.85  # halves per layer
    assert 1e-11 < f["act_var"][-1] < 1e-7  # ~1e-9 after 30 layers


def check_fp16_underflow():
    fp16 = _probe("fp16_underflow", steps=1)
    fp32 = _probe("fp16_underflow", steps=1, precision="fp32")
    assert fp16.zero_layers >= 25 and np.all(fp16["frac_zero"][:10] == 1.0)
    assert fp32.zero_layers == 0 and np.all(fp32["grad_w_norm"] > 0)
    assert fp32["grad_w_norm"][0] < RANGES["fp16"].tiny  # tiny but non-zero in fp32


def check_fp16_overflow():
    fp16 = _probe("fp16_overflow", steps=1)
    fp32 = _probe("fp16_overflow", steps=1, precision="fp32")
    assert not np.isfinite(fp16.loss)
    assert np.all(np.isnan(fp16["grad_w_norm"]))  # every gradient NaN, not inf
    assert fp16["act_frac_nonfinite"][-1] == 1.0
    assert np.all(np.isfinite(fp32["act_var"])) and fp32["act_var"][5] > RANGES["fp16"].max


def check_residual_rescue():
    g = _rms(_probe("residual_rescue"))
    assert 1e-3 < g[0] / g[-1] < 1e3
    plain = _rms(_probe("residual_rescue", residual=False))
    assert plain[0] / plain[-1] < 1e-20


def check_clipping():
    f = _probe("clipping", steps=1)
    assert f.grad_norm_before > 1e10 and f.grad_norm_after == pytest.approx(1.0)
    assert np.all((f["grad_w_norm"] > 1e-6) & (f["grad_w_norm"] < 1e3))


def check_scaled_sigmoid():
    g = _rms(_probe("scaled_sigmoid"))
    plain = _rms(_probe("vanishing"))
    assert 1 / 10 < g[0] / g[-1] < 10
    assert plain[0] / plain[-1] < 1e-10


def check_lr_too_high():
    frames = _train("lr_too_high", 40)
    assert any(f.diverged for f in frames)
    assert frames[0]["update_ratio"].max() > -1  # updates as large as the weights


def check_lr_too_low():
    frames = _train("lr_too_low", 30)
    assert np.all(frames[-1]["update_ratio"] < -5)  # far below the healthy 1e-3
    assert abs(frames[-1].loss - frames[0].loss) < 0.1 * frames[0].loss  # flat


def check_train_healthy():
    frames = _train("train_healthy", 120)
    early = np.mean([f.loss for f in frames[:5]])
    late = np.mean([f.loss for f in frames[-10:]])
    assert late < 0.75 * early
    assert np.all(np.abs(frames[-1]["update_ratio"] + 3) < 1)


CHECKS = {name[len("check_") :]: fn for name, fn in globals().items() if name.startswith("check_")}


def test_every_preset_has_a_check():
    assert set(CHECKS) == set(load_presets())


@pytest.mark.parametrize("name", sorted(load_presets()))
def test_preset_shows_what_its_text_claims(name):
    preset = load_presets()[name]
    assert preset.see.count(". ") + preset.see.endswith(".") >= 2  # two sentences
    CHECKS[name]()
