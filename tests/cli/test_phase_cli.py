"""`stability-lab sweep --over phase`: the (σ_w², σ_b²) plane as CSV and a figure, and one
clear line for every option it cannot use."""

from __future__ import annotations

import csv

import pytest

from cli import main

FAST = ["--activation", "tanh", "--depth", "4", "--width", "16", "--batch", "4", "--steps", "1"]
PRODUCT_COLUMNS = [
    "weight_var",
    "bias_var",
    "q_star",
    "chi1",
    "depth_scale",
    "chi1_measured",
    "grad_log10_ratio",
]


def test_phase_writes_one_row_per_cell_and_the_figure(capsys, tmp_path):
    figure = tmp_path / "phase.png"
    argv = ["sweep", "--over", "phase", *FAST, "--weight-vars", "0.5,1,2", "--bias-vars", "0,0.1"]
    assert main([*argv, "--csv", "-", "--out", str(figure)]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(line for line in out.splitlines() if not line.startswith("#")))
    assert list(rows[0]) == PRODUCT_COLUMNS and len(rows) == 6
    cell = next(r for r in rows if r["weight_var"] == "1.0" and r["bias_var"] == "0.0")
    assert float(cell["chi1"]) == pytest.approx(1.0) and cell["depth_scale"] == "inf"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--weight-vars", "1"], "--bias-vars"),
        (["--weight-vars", "1,1", "--bias-vars", "0"], "listed twice"),
        (["--weight-vars", "0", "--bias-vars", "0"], "--weight-vars"),
        (["--weight-vars", "1", "--bias-vars", "x"], "--bias-vars"),
        (["--weight-vars", "1", "--bias-vars", "0", "--gain", "2"], "--gain"),
        (["--weight-vars", "1", "--bias-vars", "0", "--residual"], "plain MLP"),
    ],
)
def test_unusable_phase_options_fail_with_one_line(extra, words, capsys):
    assert main(["sweep", "--over", "phase", *FAST, *extra, "--csv", "-"]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


def test_phase_options_are_refused_for_the_other_grids(capsys):
    assert main(["sweep", "--depths", "2", *FAST, "--weight-vars", "1", "--csv", "-"]) == 2
    assert "--over phase" in capsys.readouterr().err
