"""What a formula's tree (engine/formula.py) becomes: its derivative, and a numpy, a
torch and a sympy function, all read from the one tree.

The derivative is taken on the tree itself (the rules below), so the network's pass
without autograd gets f'(z) as a function of its own, the window previews f' without
sympy, and autograd, where it runs, differentiates the same operations. Branches follow
torch's conventions at their ties (relu'(0) = 0, abs'(0) = 0, max/min split ½ : ½).
Subtrees without x are folded to one number first, in float64, so no operation between
two plain numbers runs (or overflows) at run time. torch and sympy load on first use.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from .formula import CONSTANTS, Bin, Call, Cmp, Const, Neg, Node, Num, Var, uses_x

ZERO, ONE, HALF = Num(0.0, "0"), Num(1.0, "1"), Num(0.5, "1/2")
_TWO_OVER_SQRT_PI = Num(2.0 / math.sqrt(math.pi), repr(2.0 / math.sqrt(math.pi)))


# ----- building trees, folding what is plainly constant ---------------------------------
def _num(value: float) -> Num:
    return Num(float(value), repr(float(value)))


def add(a: Node, b: Node) -> Node:
    if a == ZERO:
        return b
    if b == ZERO:
        return a
    return Bin("+", a, b)


def sub(a: Node, b: Node) -> Node:
    if b == ZERO:
        return a
    return neg(b) if a == ZERO else Bin("-", a, b)


def mul(a: Node, b: Node) -> Node:
    if ZERO in (a, b):
        return ZERO
    if a == ONE:
        return b
    if b == ONE:
        return a
    return Bin("*", a, b)


def div(a: Node, b: Node) -> Node:
    if a == ZERO:
        return ZERO
    return a if b == ONE else Bin("/", a, b)


def neg(a: Node) -> Node:
    if a == ZERO:
        return ZERO
    return a.arg if isinstance(a, Neg) else Neg(a)


def call(name: str, *args: Node) -> Node:
    return Call(name, tuple(args))


def where(cond: Node, a: Node, b: Node) -> Node:
    return a if a == b else Call("where", (cond, a, b))


# ----- the derivative -------------------------------------------------------------------
def _derivative_of_call(name: str, args: tuple[Node, ...], d: tuple[Node, ...]) -> Node:
    u = args[0]
    du = d[0]
    if name == "where":
        return where(args[0], d[1], d[2])
    if name in ("min", "max"):
        a, b = args
        first = Cmp("<" if name == "min" else ">", a, b)
        second = Cmp(">" if name == "min" else "<", a, b)
        tie = mul(HALF, add(d[0], d[1]))
        return where(first, d[0], where(second, d[1], tie))
    outer = {
        "exp": lambda: call("exp", u),
        "expm1": lambda: call("exp", u),
        "log": lambda: div(ONE, u),
        "log1p": lambda: div(ONE, add(ONE, u)),
        "sqrt": lambda: div(HALF, call("sqrt", u)),
        "abs": lambda: where(Cmp(">", u, ZERO), ONE, where(Cmp("<", u, ZERO), neg(ONE), ZERO)),
        "sin": lambda: call("cos", u),
        "cos": lambda: neg(call("sin", u)),
        "tan": lambda: add(ONE, Bin("**", call("tan", u), Num(2.0, "2"))),
        "sinh": lambda: call("cosh", u),
        "cosh": lambda: call("sinh", u),
        "tanh": lambda: sub(ONE, Bin("**", call("tanh", u), Num(2.0, "2"))),
        "atan": lambda: div(ONE, add(ONE, Bin("**", u, Num(2.0, "2")))),
        "erf": lambda: mul(_TWO_OVER_SQRT_PI, call("exp", neg(Bin("**", u, Num(2.0, "2"))))),
        "sigmoid": lambda: mul(call("sigmoid", u), sub(ONE, call("sigmoid", u))),
        "softplus": lambda: call("sigmoid", u),
        "relu": lambda: where(Cmp(">", u, ZERO), ONE, ZERO),
    }[name]()
    return mul(outer, du)


def derivative(node: Node) -> Node:
    """d node / dx as a tree of the same grammar."""
    if isinstance(node, Var):
        return ONE
    if isinstance(node, (Num, Const)):
        return ZERO
    if isinstance(node, Neg):
        return neg(derivative(node.arg))
    if isinstance(node, Call):
        d = tuple(derivative(a) if not isinstance(a, Cmp) else ZERO for a in node.args)
        return _derivative_of_call(node.name, node.args, d)
    a, b = node.left, node.right
    da, db = derivative(a), derivative(b)
    if node.op == "+":
        return add(da, db)
    if node.op == "-":
        return sub(da, db)
    if node.op == "*":
        return add(mul(da, b), mul(a, db))
    if node.op == "/":
        return sub(div(da, b), div(mul(a, db), Bin("**", b, Num(2.0, "2"))))
    # a ** b
    if not uses_x(b):
        return mul(mul(b, Bin("**", a, sub(b, ONE))), da)
    return mul(node, add(mul(db, call("log", a)), div(mul(b, da), a)))


# ----- evaluation: one walk, three sets of operations ----------------------------------
def _build(node: Node, ops: dict[str, Any], constant: Callable[[Node], Any]):
    """A function of x for `node`; subtrees without x become `constant(subtree)`."""
    if not uses_x(node) and not isinstance(node, Cmp):
        value = constant(node)
        return lambda x: value
    if isinstance(node, Var):
        return lambda x: x
    if isinstance(node, Neg):
        f = _build(node.arg, ops, constant)
        return lambda x: -f(x)
    if isinstance(node, Call):
        fs = [_build(a, ops, constant) for a in node.args]
        fn = ops[node.name]
        if node.name == "where":  # its branches may both be numbers: x gives the shape
            c, a, b = fs
            return lambda x: fn(c(x), a(x), b(x), x)
        if len(fs) == 1:
            (f,) = fs
            return lambda x: fn(f(x))
        return lambda x: fn(*(f(x) for f in fs))
    f, g = _build(node.left, ops, constant), _build(node.right, ops, constant)
    fn = ops[node.op]
    return lambda x: fn(f(x), g(x))


@lru_cache(maxsize=1)
def _numpy_ops() -> dict[str, Any]:
    def where(c, a, b, x):
        return np.where(c, a, b)

    def softplus(u):
        return np.logaddexp(0.0, u)

    def sigmoid(u):
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(u, dtype=np.float64)))

    erf = np.vectorize(math.erf, otypes=[np.float64])
    return {
        "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power,
        "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
        "exp": np.exp, "expm1": np.expm1, "log": np.log, "log1p": np.log1p,
        "sqrt": np.sqrt, "abs": np.abs, "sin": np.sin, "cos": np.cos, "tan": np.tan,
        "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "atan": np.arctan,
        "erf": erf, "sigmoid": sigmoid, "softplus": softplus,
        "relu": lambda u: np.maximum(u, 0.0), "min": np.minimum, "max": np.maximum,
        "where": where,
    }  # fmt: skip


def _numpy_constant(node: Node) -> np.float64:
    """A subtree without x, evaluated once in float64 (inf/nan rather than errors)."""
    if isinstance(node, Num):
        return np.float64(node.value)
    if isinstance(node, Const):
        return np.float64(CONSTANTS[node.name])
    with np.errstate(all="ignore"):
        if isinstance(node, Neg):
            return -_numpy_constant(node.arg)
        ops = _numpy_ops()
        if isinstance(node, Call):
            return ops[node.name](*(_numpy_constant(a) for a in node.args))
        return ops[node.op](_numpy_constant(node.left), _numpy_constant(node.right))


def numpy_function(node: Node) -> Callable[[Any], np.ndarray]:
    """f(x) in float64 on arrays; overflow and domain errors give inf and nan quietly."""
    inner = _build(node, _numpy_ops(), _numpy_constant)

    def f(x):
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(inner(x), dtype=np.float64), x.shape)

    return f


@lru_cache(maxsize=1)
def _torch_ops() -> dict[str, Any]:
    import torch
    import torch.nn.functional as F

    def tensor(v, like):
        return v if isinstance(v, torch.Tensor) else torch.full_like(like, float(v))

    def where(c, a, b, x):
        if not isinstance(c, torch.Tensor):  # a condition without x
            return tensor(a if c else b, x)
        return torch.where(c, tensor(a, x), tensor(b, x))

    def pair(fn):
        def both(a, b):
            like = a if isinstance(a, torch.Tensor) else b
            return fn(tensor(a, like), tensor(b, like))

        return both

    def power(a, b):
        return a**b if isinstance(a, torch.Tensor) else torch.pow(a, b)

    import operator

    return {
        "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
        "**": power, "<": operator.lt, "<=": operator.le, ">": operator.gt,
        ">=": operator.ge, "exp": torch.exp, "expm1": torch.expm1, "log": torch.log,
        "log1p": torch.log1p, "sqrt": torch.sqrt, "abs": torch.abs, "sin": torch.sin,
        "cos": torch.cos, "tan": torch.tan, "sinh": torch.sinh, "cosh": torch.cosh,
        "tanh": torch.tanh, "atan": torch.atan, "erf": torch.erf, "sigmoid": torch.sigmoid,
        "softplus": F.softplus, "relu": torch.relu, "min": pair(torch.minimum),
        "max": pair(torch.maximum), "where": where,
    }  # fmt: skip


def _python_constant(node: Node) -> float:
    return float(_numpy_constant(node))


def torch_function(node: Node) -> Callable[[Any], Any]:
    """f(x) on tensors of any dtype and device, differentiable by autograd."""
    found: list[Callable] = []

    def f(x):
        if not found:
            import torch

            inner = _build(node, _torch_ops(), _python_constant)

            def run(t):
                y = inner(t)
                return y if isinstance(y, torch.Tensor) else torch.full_like(t, y)

            found.append(run)
        return found[0](x)

    return f


def torch_backward(node: Node) -> Callable[..., Any]:
    """(∂ℓ/∂y, z, y) ↦ ∂ℓ/∂z = ∂ℓ/∂y · f'(z), for the pass without autograd."""
    fprime = torch_function(derivative(node))

    def backward(grad, z, y):
        return grad * fprime(z)

    backward.reads = "input"
    return backward


# ----- sympy: the exact form the Taylor series and the kink are read from --------------
def _sympy_ops(sp) -> dict[str, Any]:
    def piece(first, cond, second):
        return sp.Piecewise((first, cond), (second, True))

    return {
        "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
        "/": lambda a, b: a / b, "**": lambda a, b: a**b,
        "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge,
        "exp": sp.exp, "expm1": lambda u: sp.exp(u) - 1, "log": sp.log,
        "log1p": lambda u: sp.log(1 + u), "sqrt": sp.sqrt,
        "abs": lambda u: piece(-u, u < 0, u), "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
        # hyperbolic functions as exponentials: their series then have rational
        # coefficients (Mish: 3/5 rather than tanh(ln 2)) and expand ~20× faster
        "sinh": lambda u: (sp.exp(u) - sp.exp(-u)) / 2,
        "cosh": lambda u: (sp.exp(u) + sp.exp(-u)) / 2,
        "tanh": lambda u: (sp.exp(2 * u) - 1) / (sp.exp(2 * u) + 1),
        "atan": sp.atan, "erf": sp.erf,
        "sigmoid": lambda u: 1 / (1 + sp.exp(-u)), "softplus": lambda u: sp.log(1 + sp.exp(u)),
        "relu": lambda u: piece(sp.Integer(0), u < 0, u),
        "min": lambda a, b: piece(a, a <= b, b), "max": lambda a, b: piece(a, a >= b, b),
        "where": lambda c, a, b, x: piece(a, c, b),
    }  # fmt: skip


def sympy_expression(node: Node, sp, X) -> Any:
    """The exact sympy form of `node` in the symbol X: numbers as typed become rationals
    (0.1 → 1/10), branches one top-level Piecewise."""

    ops = _sympy_ops(sp)

    def walk(n: Node):
        if isinstance(n, Var):
            return X
        if isinstance(n, Num):
            return sp.Rational(n.text)
        if isinstance(n, Const):
            return sp.pi if n.name == "pi" else sp.E
        if isinstance(n, Neg):
            return -walk(n.arg)
        if isinstance(n, Call):
            args = [walk(a) for a in n.args] + ([X] if n.name == "where" else [])
            return ops[n.name](*args)
        return ops[n.op](walk(n.left), walk(n.right))

    return sp.piecewise_fold(walk(node))
