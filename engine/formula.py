"""Activations typed as formulas in x, read by a parser of our own (never `eval`).

The grammar is a whitelist: numbers, `x`, the constants `pi` and `e`, + − * / ** and
parentheses, the functions in `FUNCTIONS`, and comparisons only as `where`'s condition.
Anything else (attributes, strings, names not listed, lambdas, imports) is refused with
one line naming the character where reading stopped. Length, nesting, size and constant
exponents are bounded, so no text can make parsing, differentiating or expanding it
explode. The tree is immutable; `engine/formula_backends.py` turns it into the torch,
numpy and sympy functions an activation needs. Pure Python: the window's process reads
formulas with it to validate what a user types.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

MAX_LENGTH = 200  # characters
MAX_DEPTH = 30  # nested operators, parentheses and calls
MAX_NODES = 120  # numbers, names, operators and calls in the whole formula
MAX_POWER = 64  # |p| of an exponent that does not depend on x
MAX_NUMBER = 1e6  # |number| typed

# name -> (number of arguments, what it is)
FUNCTIONS: dict[str, tuple[int, str]] = {
    "exp": (1, "eᵘ"),
    "expm1": (1, "eᵘ − 1"),
    "log": (1, "natural logarithm ln u"),
    "log1p": (1, "ln(1 + u)"),
    "sqrt": (1, "√u"),
    "abs": (1, "|u|"),
    "sin": (1, "sine"),
    "cos": (1, "cosine"),
    "tan": (1, "tangent"),
    "sinh": (1, "hyperbolic sine"),
    "cosh": (1, "hyperbolic cosine"),
    "tanh": (1, "hyperbolic tangent"),
    "atan": (1, "arctangent"),
    "erf": (1, "error function"),
    "sigmoid": (1, "1 / (1 + e⁻ᵘ)"),
    "softplus": (1, "ln(1 + eᵘ)"),
    "relu": (1, "max(0, u)"),
    "min": (2, "the smaller of a and b"),
    "max": (2, "the larger of a and b"),
    "where": (3, "where(condition, a, b): a where the condition holds, else b"),
}
CONSTANTS: dict[str, float] = {"pi": 3.141592653589793, "e": 2.718281828459045}
COMPARISONS = ("<=", ">=", "<", ">")

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|<=|>=|[-+*/(),<>]))"
)


class FormulaError(ValueError):
    """A formula that cannot be read; the message names the character."""

    def __init__(self, text: str, position: int, problem: str, hint: str = ""):
        where = f"at character {position + 1}" if position < len(text) else "at the end"
        if len(text) > 60:  # a window around the character, so the message stays one line
            start = max(0, position - 25)
            text = ("…" if start else "") + text[start : start + 50] + "…"
        super().__init__(f"{problem} {where} of {text!r}" + (f" ({hint})" if hint else ""))
        self.position = position
        self.problem = problem


# ----- the tree ------------------------------------------------------------------------
@dataclass(frozen=True)
class Num:
    value: float
    text: str  # as typed, so sympy reads 0.1 as 1/10


@dataclass(frozen=True)
class Var:
    pass


@dataclass(frozen=True)
class Const:
    name: str  # pi or e


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Bin:
    op: str  # + - * / **
    left: Node
    right: Node


@dataclass(frozen=True)
class Cmp:
    op: str  # < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Num | Var | Const | Neg | Bin | Cmp | Call


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg):
        return (node.arg,)
    if isinstance(node, (Bin, Cmp)):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def uses_x(node: Node) -> bool:
    return isinstance(node, Var) or any(uses_x(c) for c in children(node))


def size(node: Node) -> int:
    return 1 + sum(size(c) for c in children(node))


# ----- reading -------------------------------------------------------------------------
def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) for each token, then ('end', '', len) or, where no
    token can start, ('bad', character, position)."""
    out, at = [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            out.append(("end", "", at))
            return out
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:  # read up to here; the reader says why
            out.append(("bad", text[at], at))
            return out
        kind = match.lastgroup
        start = match.start(kind)
        out.append((kind, match.group(kind), start))
        at = match.end()


_HINTS = {
    "^": "write powers as **",
    ".": "attributes are not allowed",
    "=": "comparisons: <, <=, >, >=",
    "'": "no text in a formula",
    '"': "no text in a formula",
}


class _Reader:
    """Recursive descent with Python's precedence: comparison < + − < * / < unary − <
    ** (right-associative, so −x**2 = −(x**2))."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        if token[0] == "bad":
            char = token[1]
            raise FormulaError(
                self.text, token[2], f"unexpected character {char!r}", _HINTS.get(char, "")
            )
        return token

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        self.at += 1
        return token

    def fail(self, problem: str, position: int | None = None, hint: str = ""):
        at = self.peek()[2] if position is None else position
        raise FormulaError(self.text, at, problem, hint)

    def expect(self, op: str) -> None:
        kind, value, _ = self.peek()
        if (kind, value) != ("op", op):
            self.fail(f"expected {op!r}, found {value!r}" if value else f"expected {op!r}")
        self.take()

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nested more than {MAX_DEPTH} deep")

    def formula(self) -> Node:
        node = self.sum()
        kind, value, position = self.peek()
        if kind == "op" and value in COMPARISONS:
            self.fail("a comparison may only be where()'s condition")
        if kind != "end":
            self.fail(f"expected an operator, found {value!r}")
        return node

    def condition(self) -> Node:
        left = self.sum()
        kind, value, _ = self.peek()
        if kind != "op" or value not in COMPARISONS:
            self.fail("expected a comparison (<, <=, >, >=) as where()'s condition")
        self.take()
        return Cmp(value, left, self.sum())

    def sum(self) -> Node:
        node = self.term()
        while self.peek()[:2] in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = Bin(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek()[:2] in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = Bin(op, node, self.unary())
        return node

    def unary(self) -> Node:
        self.deeper()
        kind, value, _ = self.peek()
        if (kind, value) in (("op", "-"), ("op", "+")):
            self.take()
            arg = self.unary()
            node = Neg(arg) if value == "-" else arg
        else:
            node = self.power()
        self.depth -= 1
        return node

    def power(self) -> Node:
        base = self.atom()
        kind, value, position = self.peek()
        if (kind, value) != ("op", "**"):
            return base
        self.take()
        exponent = self.unary()
        if not uses_x(exponent):
            p = constant_value(exponent)
            if not abs(p) <= MAX_POWER:
                self.fail(f"the exponent {p:g} is larger than {MAX_POWER}", position)
        return Bin("**", base, exponent)

    def atom(self) -> Node:
        kind, value, position = self.take()
        if kind == "num":
            number = float(value)
            if not abs(number) <= MAX_NUMBER:
                self.fail(f"the number {value} is larger than {MAX_NUMBER:g}", position)
            return Num(number, value)
        if kind == "name":
            return self.name(value, position)
        if (kind, value) == ("op", "("):
            self.deeper()
            node = self.sum()
            self.expect(")")
            self.depth -= 1
            return node
        self.at -= 1
        self.fail(
            f"expected a number, x or '(', found {value!r}" if value else "unfinished formula"
        )

    def name(self, value: str, position: int) -> Node:
        if value == "x":
            return Var()
        if value in CONSTANTS:
            return Const(value)
        if value not in FUNCTIONS:
            near = difflib.get_close_matches(value, [*FUNCTIONS, *CONSTANTS, "x"], n=1)
            hint = f"did you mean {near[0]!r}?" if near else "`list` names the functions"
            self.fail(f"unknown name {value!r}", position, hint)
        if self.peek()[:2] != ("op", "("):
            self.fail(f"{value} needs its argument in parentheses: {value}(…)")
        self.take()
        self.deeper()
        arity = FUNCTIONS[value][0]
        args = [self.condition() if value == "where" else self.sum()]
        while self.peek()[:2] == ("op", ","):
            self.take()
            args.append(self.sum())
        if len(args) != arity:
            plural = "s" if arity > 1 else ""
            self.fail(f"{value} takes {arity} argument{plural}, not {len(args)}", position)
        self.expect(")")
        self.depth -= 1
        return Call(value, tuple(args))


def constant_value(node: Node) -> float:
    """The value of a tree without x, in float64 (inf or nan where it overflows or has no
    value, never an exception)."""
    from .formula_backends import numpy_function

    return float(numpy_function(node)(0.0))


@lru_cache(maxsize=256)
def parse(text: str) -> Node:
    """The tree of `text`, or FormulaError naming the first thing that cannot be read."""
    if not isinstance(text, str):
        raise FormulaError(str(text), 0, "a formula is text")
    if len(text) > MAX_LENGTH:
        raise FormulaError(text, 0, f"longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise FormulaError(text, 0, "empty formula")
    tree = _Reader(text).formula()
    if size(tree) > MAX_NODES:
        raise FormulaError(text, 0, f"more than {MAX_NODES} terms")
    if not uses_x(tree):
        raise FormulaError(text, 0, "a formula in x must use x")
    return tree


def problem(text: str) -> str | None:
    """Why `text` is not a formula (one line), or None when it is one."""
    try:
        parse(text)
    except FormulaError as exc:
        return str(exc)
    return None


def allowed_text() -> str:
    """What a formula may use, for `list` and help texts."""
    calls = ", ".join(
        f"{n}(a, b)" if a == 2 else "where(cond, a, b)" if a == 3 else f"{n}(u)"
        for n, (a, _) in FUNCTIONS.items()
    )
    return (
        f"numbers, x, pi, e, + - * / ** and parentheses; {calls}; "
        f"conditions <, <=, >, >= inside where(). At most {MAX_LENGTH} characters, "
        f"{MAX_DEPTH} levels of nesting, exponents up to {MAX_POWER}."
    )
