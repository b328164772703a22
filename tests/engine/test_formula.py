"""Formula activations: the safe parser refuses what is not a formula (quickly, running
nothing), and the numpy, torch and sympy forms read from one tree agree with each other,
with autograd and with independent references."""

from __future__ import annotations

import builtins
import math
import time

import numpy as np
import pytest
import sympy as sp
import torch

from engine import formula
from engine.formula import FormulaError, parse
from engine.formula_backends import (
    derivative,
    numpy_function,
    sympy_expression,
    torch_backward,
    torch_function,
)

X = sp.Symbol("x", real=True)

FORMULAS = {
    "x*tanh(softplus(x))": lambda x: x * np.tanh(np.log1p(np.exp(x))),  # Mish
    "sin(x)": np.sin,
    "where(x > 0, x, 0.1*x)": lambda x: np.where(x > 0, x, 0.1 * x),
    "x*sigmoid(x)": lambda x: x / (1 + np.exp(-x)),
    "-x**2 + 2**-x": lambda x: -(x**2) + 2.0 ** (-x),
    "x/(1 + abs(x))": lambda x: x / (1 + np.abs(x)),
    "max(x, 0.2*x) - min(x, 0) * e": lambda x: np.maximum(x, 0.2 * x) - np.minimum(x, 0) * math.e,
    "erf(x/sqrt(2)) * pi + log1p(x**2) - expm1(-x) + atan(x) + cosh(x) - sinh(x)": (
        lambda x: (
            np.vectorize(math.erf)(x / math.sqrt(2)) * math.pi
            + np.log1p(x**2)
            - np.expm1(-x)
            + np.arctan(x)
            + np.cosh(x)
            - np.sinh(x)
        )
    ),
    "relu(x) + tan(x/4) + exp(-x**2) + cos(x)": (
        lambda x: np.maximum(x, 0) + np.tan(x / 4) + np.exp(-(x**2)) + np.cos(x)
    ),
}
POINTS = np.array([-3.1, -1.7, -0.6, -0.13, 0.07, 0.4, 1.3, 2.9])


@pytest.mark.parametrize("text", FORMULAS)
def test_numpy_form_matches_a_hand_written_reference(text):
    np.testing.assert_allclose(
        numpy_function(parse(text))(POINTS), FORMULAS[text](POINTS), rtol=1e-12
    )


@pytest.mark.parametrize("text", FORMULAS)
def test_derivative_tree_matches_central_differences(text):
    tree = parse(text)
    h = 1e-6
    f = numpy_function(tree)
    numeric = (f(POINTS + h) - f(POINTS - h)) / (2 * h)
    np.testing.assert_allclose(
        numpy_function(derivative(tree))(POINTS), numeric, rtol=1e-6, atol=1e-7
    )


@pytest.mark.parametrize("text", FORMULAS)
def test_torch_form_and_its_backward_agree_with_numpy_and_autograd(text):
    tree = parse(text)
    z = torch.tensor(POINTS, dtype=torch.float64, requires_grad=True)
    y = torch_function(tree)(z)
    np.testing.assert_allclose(y.detach().numpy(), numpy_function(tree)(POINTS), rtol=1e-12)
    (auto,) = torch.autograd.grad(y.sum(), z)
    ours = torch_backward(tree)(torch.ones_like(z), z.detach(), y.detach())
    np.testing.assert_allclose(ours.numpy(), auto.numpy(), rtol=1e-10, atol=1e-14)


def test_torch_form_keeps_the_dtype_and_shape():
    for text in ("x + 1", "where(x > 0, 1, x)", "2**x", "max(x, 0)"):
        z = torch.randn(5, 3, dtype=torch.float16)
        y = torch_function(parse(text))(z)
        assert y.dtype == torch.float16 and y.shape == z.shape, text


def test_mish_taylor_coefficients_equal_sympys_series_of_the_same_function():
    expr = sympy_expression(parse("x*tanh(softplus(x))"), sp, X)
    reference = X * sp.tanh(sp.log(1 + sp.exp(X)))
    ours = sp.expand(sp.series(expr, X, 0, 6).removeO())
    theirs = sp.expand(sp.series(reference, X, 0, 6).removeO())  # tanh(ln 2) left as is
    for k in range(6):  # equal to 50 digits (simplifying tanh(ln 2) symbolically is slow)
        assert abs(sp.N(ours.coeff(X, k) - theirs.coeff(X, k), 50)) < 1e-45


def test_numbers_become_exact_rationals_and_branches_one_piecewise():
    expr = sympy_expression(parse("where(x > 0, x, 0.1*x)"), sp, X)
    assert isinstance(expr, sp.Piecewise)
    assert expr.subs(X, -1) == sp.Rational(-1, 10)
    assert isinstance(sympy_expression(parse("x*abs(x)"), sp, X), sp.Piecewise)


def test_python_precedence():
    f = numpy_function(parse("-x**2"))
    assert f(np.array([3.0]))[0] == -9.0
    assert numpy_function(parse("2**3**x"))(np.array([2.0]))[0] == 2.0**9
    assert numpy_function(parse("1 - x - 1"))(np.array([5.0]))[0] == -5.0
    assert numpy_function(parse("x / 2 / 4"))(np.array([8.0]))[0] == 1.0


REFUSED = {
    "x.__class__": "unexpected character '.'",
    "__import__('os').system('touch /tmp/formula_pwned')": "unknown name '__import__'",
    "import os": "unknown name 'import'",
    "lambda x: x": "unknown name 'lambda'",
    "eval('1')": "unknown name 'eval'",
    "exec": "unknown name 'exec'",
    "open('/etc/passwd')": "unknown name 'open'",
    "x**1000": "exponent 1000 is larger than 64",
    "9**9**9": "exponent",
    "x**(10**10)": "exponent",
    "(" * 40 + "x" + ")" * 40: "nested more than",
    "sin(" * 30 + "x" + ")" * 30: "nested more than",
    "-" * 300 + "x": "longer than",
    "(" * 5000 + "x" + ")" * 5000: "longer than",
    "x" + "+x" * 99: "more than 120 terms",
    "x^2": "write powers as **",
    "x == 0": "unexpected character '='",
    "2x": "expected an operator, found 'x'",
    "tanh x": "needs its argument in parentheses",
    "tanh(x, x)": "tanh takes 1 argument, not 2",
    "where(x, 1, 0)": "expected a comparison",
    "x > 0": "may only be where()'s condition",
    "1e400*x": "larger than",
    "3": "must use x",
    "": "empty formula",
    "sin(x": "expected ')'",
    "x*": "unfinished formula",
    "x;1": "unexpected character ';'",
    "[x]": "unexpected character '['",
    "x\u00b2": "unexpected character",
}


@pytest.mark.parametrize("text", REFUSED)
def test_refuses_injection_and_exhaustion_quickly_and_says_where(text, tmp_path):
    def forbidden(*args, **kwargs):
        raise AssertionError("the parser ran eval/exec/compile")

    parse.cache_clear()
    saved = {name: getattr(builtins, name) for name in ("eval", "exec", "compile")}
    for name in saved:
        setattr(builtins, name, forbidden)
    start = time.perf_counter()
    try:
        parse(text)
    except FormulaError as exc:
        caught = exc
    finally:
        elapsed = time.perf_counter() - start
        for name, fn in saved.items():
            setattr(builtins, name, fn)
    assert elapsed < 1.0
    message = str(caught)
    assert REFUSED[text] in message
    assert "\n" not in message
    assert "at character" in message or "at the end" in message
    assert not (tmp_path.parent / "formula_pwned").exists()


def test_the_message_points_at_the_offending_name():
    with pytest.raises(FormulaError) as caught:
        parse("x*tanh(foo(x))")
    assert caught.value.position == 7
    assert "character 8" in str(caught.value)


def test_allowed_text_names_every_function():
    text = formula.allowed_text()
    for name in formula.FUNCTIONS:
        assert name in text
