"""The lesson's cures, measured: residuals, normalisation and clipping."""

import numpy as np
import pytest

from engine import LabConfig, Probe
from engine.frame import average_frames

SIGMOID_DEEP = LabConfig(activation="sigmoid", init="xavier_normal", depth=50, width=128)


def _rms_grad(config, steps=2):
    probe = Probe(config)
    frame = average_frames([probe.step() for _ in range(steps)])
    return np.sqrt(frame["grad_h_var"]), frame


def test_residual_keeps_bottom_gradient_within_1e3_of_top_where_plain_net_vanishes():
    plain, _ = _rms_grad(SIGMOID_DEEP)
    resid, _ = _rms_grad(SIGMOID_DEEP.with_(residual=True))
    assert plain[0] / plain[-1] < 1e-20
    assert 1e-3 < resid[0] / resid[-1] < 1e3


def test_residual_branch_scale_changes_the_run():
    full, _ = _rms_grad(SIGMOID_DEEP.with_(residual=True, residual_scale=1.0))
    half, _ = _rms_grad(SIGMOID_DEEP.with_(residual=True, residual_scale=0.1))
    assert not np.allclose(full, half)
    assert abs(np.log10(half[0] / half[-1])) < abs(np.log10(full[0] / full[-1])) + 1


def test_clipping_bounds_the_global_gradient_norm_and_reports_both_norms():
    probe = Probe(LabConfig(init="std_normal", depth=10, width=64, clip=1.0))
    frame = probe.step()
    assert frame.grad_norm_before > 1e6
    assert frame.grad_norm_after == pytest.approx(1.0)
    assert np.sqrt(np.sum(frame["grad_w_norm"] ** 2)) == pytest.approx(1.0, rel=1e-6)


def test_clipping_leaves_small_gradients_alone():
    frame = Probe(LabConfig(depth=5, width=64, clip=1e5)).step()
    assert frame.grad_norm_before == pytest.approx(frame.grad_norm_after)


@pytest.mark.parametrize("norm", ["layer", "batch"])
def test_normalisation_restores_unit_activation_variance_where_plain_net_explodes(norm):
    base = LabConfig(activation="identity", init="std_normal", depth=20, width=128)
    plain = Probe(base).step()["act_var"]
    normed = Probe(base.with_(norm=norm)).step()["act_var"]
    assert plain[-1] > 1e30
    np.testing.assert_allclose(normed, 1.0, rtol=1e-3)


def test_theory_line_is_withdrawn_with_a_reason_when_stabilisers_break_its_assumptions():
    frame = Probe(SIGMOID_DEEP.with_(residual=True, depth=5)).step()
    assert np.all(np.isnan(frame["grad_h_var_theory"]))
    assert "residual connection" in frame.theory_note
    frame = Probe(LabConfig(depth=5, width=32, norm="batch")).step()
    assert np.all(np.isnan(frame["grad_h_var_theory"]))
    assert "not drawn with BatchNorm" in frame.theory_note
    assert "fixes the forward scale" in frame.theory_note  # and what it does not fix


def test_batch_norm_of_one_sample_is_skipped_and_says_so():
    config = LabConfig(depth=3, width=8, batch=1, norm="batch")
    frame = Probe(config).step()
    plain = Probe(config.with_(norm="none")).step()
    np.testing.assert_array_equal(frame["act_var"], plain["act_var"])
    assert "BatchNorm skipped" in frame.theory_note
    assert "skipped" in config.label()


def test_batch_norm_with_one_sample_does_not_crash():
    frame = Probe(LabConfig(depth=3, width=8, batch=1, norm="batch")).step()
    assert np.all(np.isfinite(frame["act_var"]))
