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

from .words import QT_TRANSLATE_NOOP, message

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


_WHERE = {  # (at the end?, with a hint?) -> the sentence
    (False, False): QT_TRANSLATE_NOOP("Formula", "{problem} at character {n} of {text}"),
    (True, False): QT_TRANSLATE_NOOP("Formula", "{problem} at the end of {text}"),
    (False, True): QT_TRANSLATE_NOOP("Formula", "{problem} at character {n} of {text} ({hint})"),
    (True, True): QT_TRANSLATE_NOOP("Formula", "{problem} at the end of {text} ({hint})"),
}


class FormulaError(ValueError):
    """A formula that cannot be read; the message names the character.

    `problem` and `hint` are marked words (`engine.words`); `message` is the whole line
    as a `Message` (its English is `str(error)`), which the window shows translated."""

    def __init__(self, text: str, position: int, problem: str, hint: str = ""):
        end = position >= len(text)
        if len(text) > 60:  # a window around the character, so the message stays one line
            start = max(0, position - 25)
            text = ("…" if start else "") + text[start : start + 50] + "…"
        self.message = message(
            _WHERE[end, bool(hint)],
            problem=problem,
            n=str(position + 1),
            text=repr(text),
            hint=hint,
        )
        super().__init__(self.message)
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
    "^": QT_TRANSLATE_NOOP("Formula", "write powers as **"),
    ".": QT_TRANSLATE_NOOP("Formula", "attributes are not allowed"),
    "=": QT_TRANSLATE_NOOP("Formula", "comparisons: <, <=, >, >="),
    "'": QT_TRANSLATE_NOOP("Formula", "no text in a formula"),
    '"': QT_TRANSLATE_NOOP("Formula", "no text in a formula"),
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
                self.text,
                token[2],
                message(
                    QT_TRANSLATE_NOOP("Formula", "unexpected character {char}"), char=repr(char)
                ),
                _HINTS.get(char, ""),
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
            if value:
                self.fail(
                    message(
                        QT_TRANSLATE_NOOP("Formula", "expected {op}, found {value}"),
                        op=repr(op),
                        value=repr(value),
                    )
                )
            self.fail(message(QT_TRANSLATE_NOOP("Formula", "expected {op}"), op=repr(op)))
        self.take()

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(
                message(QT_TRANSLATE_NOOP("Formula", "nested more than {n} deep"), n=str(MAX_DEPTH))
            )

    def formula(self) -> Node:
        node = self.sum()
        kind, value, position = self.peek()
        if kind == "op" and value in COMPARISONS:
            self.fail(QT_TRANSLATE_NOOP("Formula", "a comparison may only be where()'s condition"))
        if kind != "end":
            self.fail(
                message(
                    QT_TRANSLATE_NOOP("Formula", "expected an operator, found {value}"),
                    value=repr(value),
                )
            )
        return node

    def condition(self) -> Node:
        left = self.sum()
        kind, value, _ = self.peek()
        if kind != "op" or value not in COMPARISONS:
            self.fail(
                QT_TRANSLATE_NOOP(
                    "Formula", "expected a comparison (<, <=, >, >=) as where()'s condition"
                )
            )
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
                self.fail(
                    message(
                        QT_TRANSLATE_NOOP("Formula", "the exponent {p} is larger than {most}"),
                        p=f"{p:g}",
                        most=str(MAX_POWER),
                    ),
                    position,
                )
        return Bin("**", base, exponent)

    def atom(self) -> Node:
        kind, value, position = self.take()
        if kind == "num":
            number = float(value)
            if not abs(number) <= MAX_NUMBER:
                self.fail(
                    message(
                        QT_TRANSLATE_NOOP("Formula", "the number {value} is larger than {most}"),
                        value=value,
                        most=f"{MAX_NUMBER:g}",
                    ),
                    position,
                )
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
        if value:
            self.fail(
                message(
                    QT_TRANSLATE_NOOP("Formula", "expected a number, x or '(', found {value}"),
                    value=repr(value),
                )
            )
        self.fail(QT_TRANSLATE_NOOP("Formula", "unfinished formula"))

    def name(self, value: str, position: int) -> Node:
        if value == "x":
            return Var()
        if value in CONSTANTS:
            return Const(value)
        if value not in FUNCTIONS:
            near = difflib.get_close_matches(value, [*FUNCTIONS, *CONSTANTS, "x"], n=1)
            hint = (
                message(QT_TRANSLATE_NOOP("Formula", "did you mean {name}?"), name=repr(near[0]))
                if near
                else QT_TRANSLATE_NOOP("Formula", "`list` names the functions")
            )
            self.fail(
                message(QT_TRANSLATE_NOOP("Formula", "unknown name {name}"), name=repr(value)),
                position,
                hint,
            )
        if self.peek()[:2] != ("op", "("):
            self.fail(
                message(
                    QT_TRANSLATE_NOOP(
                        "Formula", "{name} needs its argument in parentheses: {name}(…)"
                    ),
                    name=value,
                )
            )
        self.take()
        self.deeper()
        arity = FUNCTIONS[value][0]
        args = [self.condition() if value == "where" else self.sum()]
        while self.peek()[:2] == ("op", ","):
            self.take()
            args.append(self.sum())
        if len(args) != arity:
            takes = (
                QT_TRANSLATE_NOOP("Formula", "{name} takes {n} arguments, not {given}")
                if arity > 1
                else QT_TRANSLATE_NOOP("Formula", "{name} takes {n} argument, not {given}")
            )
            self.fail(message(takes, name=value, n=str(arity), given=str(len(args))), position)
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
        raise FormulaError(str(text), 0, QT_TRANSLATE_NOOP("Formula", "a formula is text"))
    if len(text) > MAX_LENGTH:
        longer = QT_TRANSLATE_NOOP("Formula", "longer than {n} characters")
        raise FormulaError(text, 0, message(longer, n=str(MAX_LENGTH)))
    if not text.strip():
        raise FormulaError(text, 0, QT_TRANSLATE_NOOP("Formula", "empty formula"))
    tree = _Reader(text).formula()
    if size(tree) > MAX_NODES:
        more = QT_TRANSLATE_NOOP("Formula", "more than {n} terms")
        raise FormulaError(text, 0, message(more, n=str(MAX_NODES)))
    if not uses_x(tree):
        raise FormulaError(text, 0, QT_TRANSLATE_NOOP("Formula", "a formula in x must use x"))
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
