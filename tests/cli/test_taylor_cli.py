"""`taylor ACTIVATION --order N [--latex|--json]` prints the lesson's series and verdict."""

import json
from fractions import Fraction

import pytest

from cli import main


def test_text_shows_series_and_verdict(capsys):
    assert main(["taylor", "sigmoid", "--order", "5"]) == 0
    out = capsys.readouterr().out
    assert "1/2 + x/4 − x³/48 + x⁵/480 + O(x⁷)" in out
    assert "verdict: fails" in out and "1/16" in out


def test_text_for_relu_names_the_kink(capsys):
    assert main(["taylor", "relu", "--order", "3"]) == 0
    out = capsys.readouterr().out
    assert "x < 0: 0" in out and "x ≥ 0: x" in out
    assert "order 1" in out and "passes for x ≥ 0" in out


def test_latex(capsys):
    assert main(["taylor", "tanh", "--order", "5", "--latex"]) == 0
    assert capsys.readouterr().out.strip() == r"x - \frac{x^{3}}{3} + \frac{2 x^{5}}{15} + O(x^{7})"


def test_json_has_exact_sigmoid_coefficients(capsys):
    assert main(["taylor", "sigmoid", "--order", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    exact = [Fraction(c) for c in data["coefficients"]["exact"]]
    assert exact == [Fraction(1, 2), Fraction(1, 4), 0, Fraction(-1, 48), 0, Fraction(1, 480)]
    assert data["coefficients"]["float"][1] == 0.25
    assert data["verdict"]["passes"] is False and data["verdict"]["gain"] == "1/16"


@pytest.mark.parametrize(
    "argv",
    [
        ["taylor", "nonsense", "--order", "3"],
        ["taylor", "tanh", "--order", "0"],
        ["taylor", "tanh", "--order", "99"],
        ["taylor", "tanh", "--latex", "--json"],
    ],
)
def test_bad_input_is_one_line_and_non_zero(argv, capsys):
    assert main(argv) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0]
