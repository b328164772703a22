"""Training mode learns with a good configuration and shows the lesson's symptoms."""

import numpy as np

from engine import LabConfig, Probe

GOOD = LabConfig(depth=8, width=64, batch=64, mode="train", optimizer="adam", lr=1e-3)


def _train(config, steps):
    probe = Probe(config)
    return [probe.step() for _ in range(steps)]


def _mean_loss(frames):
    return float(np.mean([f.loss for f in frames]))


def test_good_configuration_learns_the_teacher_task():
    frames = _train(GOOD, 150)
    assert _mean_loss(frames[-20:]) < 0.7 * _mean_loss(frames[:5])
    assert not any(f.diverged for f in frames)


def test_good_configuration_learns_the_spiral_task():
    frames = _train(GOOD.with_(task="spiral", lr=3e-3), 200)
    assert _mean_loss(frames[-20:]) < 0.8 * _mean_loss(frames[:5])


def test_update_ratio_is_near_minus_three_with_adam_at_1e_3():
    ratio = _train(GOOD, 5)[-1]["update_ratio"]
    assert np.all(np.abs(ratio + 3) < 1.0)


def test_too_high_learning_rate_diverges_and_is_flagged():
    frames = _train(GOOD.with_(optimizer="sgd", lr=5.0, init="he_normal"), 30)
    assert any(f.diverged for f in frames)
    first = next(f for f in frames if f.diverged)
    assert not np.isfinite(first.loss)


def test_too_low_learning_rate_barely_moves():
    frames = _train(GOOD.with_(optimizer="sgd", lr=1e-5), 30)
    ratio = frames[-1]["update_ratio"]
    assert np.all(ratio < -5)
    assert abs(frames[-1].loss - frames[0].loss) < 0.2 * frames[0].loss


def test_vanishing_network_only_updates_its_top_layers():
    frames = _train(
        GOOD.with_(activation="sigmoid", init="xavier_normal", depth=20, optimizer="sgd", lr=0.1), 3
    )
    ratio = frames[-1]["update_ratio"]
    assert ratio[-1] - ratio[0] > 5  # bottom layers move 10^5× less (relative) than the top
