"""The activation registry: each activation is defined once, here.

An entry carries the torch function the network runs, the symbolic form the Taylor
series are expanded from, and the label and formula people read. The theory, the Taylor
panel, the command line and the dropdowns all read these entries, so adding an
activation is one `_register` call (and a test proves the torch and symbolic forms agree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .words import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    import sympy as sp
    import torch

LEAKY_SLOPE = 0.01
MAX_TAYLOR_ORDER = 15  # the highest order `engine.taylor` expands (and the panel offers)


# torch and sympy load on first use, not with the registry: the window reads labels and
# formulas to build its controls and paints ~1.5 s sooner without them (its engine runs
# in another process); `X` is the symbol every symbolic form is written in.
@cache
def _sympy():
    import sympy

    return sympy, sympy.Symbol("x", real=True)


def __getattr__(name: str) -> Any:
    if name == "X":
        return _sympy()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _torch_lookup(path: str) -> Callable[[], Callable]:
    """() ↦ `torch.<path>`, looked up at the first call (the GUI never imports torch)."""
    found: list[Callable] = []

    def lookup() -> Callable:
        if not found:
            import torch
            import torch.nn.functional  # noqa: F401 - makes torch.nn.functional reachable

            fn = torch
            for part in path.split("."):
                fn = getattr(fn, part)
            found.append(fn)
        return found[0]

    return lookup


def _torch_op(path: str, *args: Any) -> Callable[[torch.Tensor], torch.Tensor]:
    """`torch.<path>(x, *args)`."""
    fn = _torch_lookup(path)

    def op(x):
        return fn()(x, *args)

    op.__name__ = path.rsplit(".", 1)[-1]
    return op


def _torch_into(path: str, *args: Any) -> Callable[..., Any]:
    """(z, out) ↦ `torch.<path>(z, *args, out=out)`: y = φ(z) written into a buffer."""
    fn = _torch_lookup(path)

    def into(z, out):
        return fn()(z, *args, out=out)

    into.__name__ = f"{path}_into"
    return into


def _aten_backward(name: str, reads: str, *args: Any) -> Callable[..., torch.Tensor]:
    """(∂ℓ/∂y, z, y) ↦ ∂ℓ/∂z by `torch.ops.aten.<name>`, the kernel autograd itself
    runs for this activation, so a pass without autograd (engine/plain_pass.py) gets
    the same bits. `reads`: whether the kernel reads the input z or the output y."""

    def backward(grad, z, y, out=None):
        import torch

        op, read = getattr(torch.ops.aten, name), z if reads == "input" else y
        if out is None:
            return op(grad, read, *args)
        return op.grad_input(grad, read, *args, grad_input=out)  # the same kernel

    backward.__name__ = name
    backward.reads = reads
    backward.writes_out = True  # takes `out=`: see `Activation.backward_into`
    return backward


def _elu_backward(grad, z, y):
    import torch

    return torch.ops.aten.elu_backward(grad, 1.0, 1, 1, False, z)  # F.elu's defaults


def _scaled_sigmoid_backward(grad, z, y):
    """As autograd runs 4·σ(z) − 2 backward: σ's kernel on 4·∂ℓ/∂y and σ(z)."""
    import torch

    return torch.ops.aten.sigmoid_backward(grad * 4.0, z.sigmoid())


@dataclass(frozen=True)
class Activation:
    name: str
    label: str
    formula: str  # unicode, for tooltips and captions
    torch_fn: Callable[[torch.Tensor], torch.Tensor]
    symbolic_fn: Callable[[Any, sp.Symbol], sp.Expr]  # (sympy, x); Piecewise if kinked
    note: str = ""
    # (∂ℓ/∂y, z, y) ↦ ∂ℓ/∂z with the bits autograd would give; None: only autograd
    backward: Callable[..., torch.Tensor] | None = None
    # (z, out) ↦ φ(z) written into out, the bits of `torch_fn`; None: computed, then copied
    into: Callable[..., Any] | None = None

    @property
    def latex(self) -> str:
        """The left side of a LaTeX line 'σ(x) = …' (a formula's: f(x))."""
        return LATEX_NAMES.get(self.name, "f(x)")

    @property
    def backward_reads_output(self) -> bool:
        """Whether `backward` reads y rather than z (a pass keeps the one it reads)."""
        return getattr(self.backward, "reads", "input") == "output"

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.torch_fn(x)

    def forward_into(self, z: torch.Tensor, out: torch.Tensor) -> None:
        """out ← φ(z) (a plain pass's buffer), without a temporary where torch has a
        kernel that writes `out`."""
        if self.into is not None:
            self.into(z, out)
        else:
            out.copy_(self.torch_fn(z))

    def backward_into(self, grad, z, y, out: torch.Tensor) -> None:
        """out ← ∂ℓ/∂z (`backward`), written in place where the kernel can; `out` may
        be z's own storage (the kernel reads each entry before it writes it)."""
        if getattr(self.backward, "writes_out", False):
            self.backward(grad, z, y, out=out)
        else:
            out.copy_(self.backward(grad, z, y))

    def symbolic(self) -> sp.Expr:
        return self.symbolic_fn(*_sympy())

    @property
    def piecewise(self) -> bool:
        """Whether the two sides of 0 have different expressions (a kink or a jump)."""
        neg, pos = self.sides()
        return neg != pos

    def sides(self) -> tuple[sp.Expr, sp.Expr]:
        """(expression just left of 0, just right of 0); equal for smooth functions. The
        branches are read at ±10⁻⁹, so a formula's kink elsewhere does not count."""
        sp, X = _sympy()
        expr = self.symbolic()
        if not isinstance(expr, sp.Piecewise):
            return expr, expr
        near = sp.Rational(1, 10**9)
        neg = next(e for e, cond in expr.args if bool(cond.subs(X, -near)))
        pos = next(e for e, cond in expr.args if bool(cond.subs(X, near)))
        return neg, pos

    def linear_gain(self) -> float:
        """Factor by which the lesson's linear analysis scales variance per layer.

        For an activation that is αx + β near 0 this is α² (the lesson's §6); for one
        with a kink at 0 it averages the two one-sided slopes squared over a symmetric
        input, which gives ReLU's ½ (He et al.) without special-casing it.
        """
        sp, X = _sympy()
        neg, pos = self.sides()
        left = float(sp.diff(neg, X).subs(X, 0))
        right = float(sp.diff(pos, X).subs(X, 0))
        return 0.5 * (left * left + right * right)


LATEX_NAMES = {
    "relu": r"\operatorname{ReLU}(x)",
    "sigmoid": r"\sigma(x)",
    "tanh": r"\tanh(x)",
    "scaled_sigmoid": r"4\sigma(x) - 2",
    "leaky_relu": r"\operatorname{LeakyReLU}(x)",
    "elu": r"\operatorname{ELU}(x)",
    "gelu": r"\operatorname{GELU}(x)",
    "silu": r"\operatorname{SiLU}(x)",
    "softplus": r"\operatorname{softplus}(x)",
    "softsign": r"\operatorname{softsign}(x)",
    "identity": r"x",
}


class Registry(dict):
    """The activations by name: the built-in ones iterate; any other key is read as a
    formula in x (engine/formula.py), so every reader of the registry takes formulas
    too. An unreadable formula raises FormulaError (a ValueError) naming the character."""

    def __missing__(self, key: str) -> Activation:
        return formula_activation(key)

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        from .formula import problem

        return isinstance(key, str) and problem(key) is None


def is_formula(name: str) -> bool:
    return not dict.__contains__(ACTIVATIONS, name)


@lru_cache(maxsize=64)
def formula_activation(text: str) -> Activation:
    """The activation a formula describes: torch function, backward and symbolic form
    all read from its one parsed tree."""
    from .formula import parse
    from .formula_backends import sympy_expression, torch_backward, torch_function

    tree = parse(text)
    symbolic = cache(lambda sp, X: sympy_expression(tree, sp, X))
    return Activation(
        text,
        text,
        text,
        torch_function(tree),
        symbolic,
        QT_TRANSLATE_NOOP(
            "Activations",
            "A formula of your own: the network, its gradient, the theory and the Taylor "
            "series all read it.",
        ),
        backward=torch_backward(tree),
    )


ACTIVATIONS: Registry = Registry()


def _register(act: Activation) -> None:
    ACTIVATIONS[act.name] = act


def _scaled_sigmoid(x):
    return 4.0 * x.sigmoid() - 2.0


_register(
    Activation(
        "relu",
        "ReLU",
        "max(0, x)",
        _torch_op("relu"),
        lambda sp, X: sp.Piecewise((sp.Integer(0), X < 0), (X, True)),
        QT_TRANSLATE_NOOP(
            "Activations", "σ' is 0 or 1: gradients become products of weight matrices."
        ),
        backward=_aten_backward("threshold_backward", "output", 0),
        into=_torch_into("clamp_min", 0),
    )
)
_register(
    Activation(
        "sigmoid",
        "sigmoid",
        "1 / (1 + e⁻ˣ)",
        _torch_op("sigmoid"),
        lambda sp, X: 1 / (1 + sp.exp(-X)),
        QT_TRANSLATE_NOOP(
            "Activations", "σ'(x) = σ(x)(1 − σ(x)) ≤ ¼: every layer shrinks the gradient."
        ),
        backward=_aten_backward("sigmoid_backward", "output"),
        into=_torch_into("sigmoid"),
    )
)
_register(
    Activation(
        "tanh",
        "tanh",
        "(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
        _torch_op("tanh"),
        lambda sp, X: sp.tanh(X),
        QT_TRANSLATE_NOOP("Activations", "Looks like the identity at 0: f(0) = 0, f'(0) = 1."),
        backward=_aten_backward("tanh_backward", "output"),
        into=_torch_into("tanh"),
    )
)
_register(
    Activation(
        "scaled_sigmoid",
        "4·sigmoid − 2",
        "4 / (1 + e⁻ˣ) − 2",
        _scaled_sigmoid,
        lambda sp, X: 4 / (1 + sp.exp(-X)) - 2,
        QT_TRANSLATE_NOOP("Activations", "The lesson's repaired sigmoid: x − x³/12 + … near 0."),
        backward=_scaled_sigmoid_backward,
    )
)
_register(
    Activation(
        "leaky_relu",
        QT_TRANSLATE_NOOP("Activations", "leaky ReLU"),
        f"max({LEAKY_SLOPE}·x, x)",
        _torch_op("nn.functional.leaky_relu", LEAKY_SLOPE),
        lambda sp, X: sp.Piecewise((sp.Float(LEAKY_SLOPE) * X, X < 0), (X, True)),
        QT_TRANSLATE_NOOP("Activations", "Like ReLU, but negative inputs keep a small slope."),
        backward=_aten_backward("leaky_relu_backward", "input", LEAKY_SLOPE, False),
    )
)
_register(
    Activation(
        "elu",
        "ELU",
        "x (x ≥ 0), eˣ − 1 (x < 0)",
        _torch_op("nn.functional.elu"),
        lambda sp, X: sp.Piecewise((sp.exp(X) - 1, X < 0), (X, True)),
        QT_TRANSLATE_NOOP("Activations", "Smooth for x < 0; slope 1 on both sides of 0."),
        backward=_elu_backward,
    )
)
_register(
    Activation(
        "gelu",
        "GELU",
        "x·Φ(x) = x/2 · (1 + erf(x/√2))",
        _torch_op("nn.functional.gelu"),
        lambda sp, X: X / 2 * (1 + sp.erf(X / sp.sqrt(2))),
        QT_TRANSLATE_NOOP("Activations", "f'(0) = ½: halves the gradient's scale near 0."),
        backward=_aten_backward("gelu_backward", "input"),
    )
)
_register(
    Activation(
        "silu",
        QT_TRANSLATE_NOOP("Activations", "SiLU (swish)"),
        "x · sigmoid(x)",
        _torch_op("nn.functional.silu"),
        lambda sp, X: X / (1 + sp.exp(-X)),
        QT_TRANSLATE_NOOP("Activations", "f'(0) = ½, like GELU."),
        backward=_aten_backward("silu_backward", "input"),
    )
)
_register(
    Activation(
        "softplus",
        "softplus",
        "ln(1 + eˣ)",
        _torch_op("nn.functional.softplus"),
        lambda sp, X: sp.log(1 + sp.exp(X)),
        QT_TRANSLATE_NOOP("Activations", "f(0) = ln 2 ≠ 0: shifts the mean of every layer."),
        backward=_aten_backward("softplus_backward", "input", 1, 20),
    )
)
_register(
    Activation(
        "softsign",
        "softsign",
        "x / (1 + |x|)",
        _torch_op("nn.functional.softsign"),
        lambda sp, X: sp.Piecewise((X / (1 - X), X < 0), (X / (1 + X), True)),
        QT_TRANSLATE_NOOP("Activations", "Slope 1 at 0, but bends on both sides immediately."),
    )
)
_register(
    Activation(
        "identity",
        QT_TRANSLATE_NOOP("Activations", "identity"),
        "x",
        lambda x: x,
        lambda sp, X: X,
        QT_TRANSLATE_NOOP("Activations", "No activation: the lesson's linear network."),
        backward=lambda grad, z, y: grad,
    )
)
