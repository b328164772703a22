"""The init and activation registries: sampled weights have the variance γ the lesson's
analysis uses, and each activation's linear gain is f'(0)² (½ for ReLU)."""

from __future__ import annotations

import math

import pytest
import torch

from engine import ACTIVATIONS, INITS
from engine.activations import LEAKY_SLOPE

# Non-square on purpose, so fan_in and fan_out cannot be mixed up unnoticed.
FAN_IN, FAN_OUT, LAYERS = 300, 200, 4


def _sample(name: str, fan_out: int = FAN_OUT, fan_in: int = FAN_IN, seed: int = 0):
    return INITS[name].sample(LAYERS, fan_out, fan_in, torch.Generator().manual_seed(seed))


def test_gamma_formulas_follow_the_lesson():
    n_in, n_out = FAN_IN, FAN_OUT
    expected = {
        "small_normal": 1e-4,
        "std_normal": 1.0,
        "torch_default": 1.0 / (3 * n_in),  # U[−1/√n, 1/√n] has variance 1/(3n)
        "xavier_normal": 2.0 / (n_in + n_out),
        "xavier_uniform": 2.0 / (n_in + n_out),
        "he_normal": 2.0 / n_in,
        "he_uniform": 2.0 / n_in,
        "lecun_normal": 1.0 / n_in,
        "he_normal_fan_out": 2.0 / n_out,  # torch's mode="fan_out"
        "lecun_normal_fan_out": 1.0 / n_out,
        "orthogonal": 1.0 / max(n_in, n_out),
    }
    assert set(expected) == set(INITS)
    for name, gamma in expected.items():
        assert INITS[name].gamma(n_in, n_out) == pytest.approx(gamma, rel=1e-12), name
    # Xavier with n_in = n_out is LeCun's 1/n: the ReLU-halving case.
    assert INITS["xavier_normal"].gamma(512, 512) == pytest.approx(1 / 512)


@pytest.mark.parametrize("name", list(INITS))
def test_sampled_weights_have_variance_gamma(name):
    w = _sample(name)
    assert w.shape == (LAYERS, FAN_OUT, FAN_IN)
    assert w.dtype == torch.float32
    gamma = INITS[name].gamma(FAN_IN, FAN_OUT)
    w = w.double()
    # 240 000 draws: the relative standard error of a variance is ~0.3%.
    assert float(w.mean()) == pytest.approx(0.0, abs=0.02 * math.sqrt(gamma))
    assert float(w.var()) == pytest.approx(gamma, rel=0.03)
    # Per layer too: each layer is its own draw with the same variance.
    for layer in w:
        assert float(layer.var()) == pytest.approx(gamma, rel=0.06)


@pytest.mark.parametrize(
    ("name", "bound"),
    [
        ("xavier_uniform", math.sqrt(6.0 / (FAN_IN + FAN_OUT))),
        ("he_uniform", math.sqrt(6.0 / FAN_IN)),
        ("torch_default", 1.0 / math.sqrt(FAN_IN)),
    ],
)
def test_uniform_inits_fill_exactly_their_bound(name, bound):
    w = _sample(name).abs()
    assert float(w.max()) <= bound * (1 + 1e-6)
    assert float(w.max()) >= bound * 0.999  # 240 000 draws reach the edge
    # Uniform, not normal: half the entries lie beyond bound/2 (a normal of the same
    # variance would put only 39% there).
    assert float((w > bound / 2).double().mean()) == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize(("fan_out", "fan_in"), [(128, 128), (FAN_OUT, FAN_IN), (FAN_IN, FAN_OUT)])
def test_orthogonal_is_orthogonal_up_to_scale(fan_out, fan_in):
    w = _sample("orthogonal", fan_out, fan_in).double()
    for layer in w:
        # Rows orthonormal when fan_out ≤ fan_in, columns otherwise.
        gram = layer @ layer.T if fan_out <= fan_in else layer.T @ layer
        scale = float(gram.diagonal().mean())
        assert scale > 0
        eye = torch.eye(gram.shape[0], dtype=torch.float64)
        assert torch.allclose(gram / scale, eye, atol=1e-5)
    # Different layers are different draws.
    assert not torch.allclose(w[0], w[1])


def test_normal_init_is_not_orthogonal():
    # The orthogonality check above can fail: a Gaussian matrix's Gram matrix is not I.
    layer = _sample("lecun_normal", 128, 128)[0].double()
    gram = layer @ layer.T
    eye = torch.eye(128, dtype=torch.float64)
    assert not torch.allclose(gram / gram.diagonal().mean(), eye, atol=1e-2)


def test_same_generator_seed_gives_the_same_weights():
    assert torch.equal(_sample("he_normal", seed=3), _sample("he_normal", seed=3))
    assert not torch.equal(_sample("he_normal", seed=3), _sample("he_normal", seed=4))


LINEAR_GAIN = {
    "relu": 0.5,
    "sigmoid": 1 / 16,
    "tanh": 1.0,
    "leaky_relu": (1 + LEAKY_SLOPE**2) / 2,
    "elu": 1.0,
    "gelu": 0.25,
    "silu": 0.25,
    "softplus": 0.25,
    "softsign": 1.0,
    "identity": 1.0,
    "scaled_sigmoid": 1.0,
}


def test_every_activation_has_an_expected_linear_gain():
    assert set(LINEAR_GAIN) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_linear_gain_matches_the_lesson(name):
    assert ACTIVATIONS[name].linear_gain() == pytest.approx(LINEAR_GAIN[name], rel=1e-9)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_linear_gain_matches_one_sided_slopes_of_the_torch_function(name):
    # Independent of the symbolic form: finite differences of what the network runs.
    f = ACTIVATIONS[name]
    h = 1e-6
    zero = torch.zeros(1, dtype=torch.float64)
    step = torch.full((1,), h, dtype=torch.float64)
    right = float((f(step) - f(zero)) / h)
    left = float((f(zero) - f(-step)) / h)
    assert 0.5 * (left * left + right * right) == pytest.approx(f.linear_gain(), rel=1e-4)
