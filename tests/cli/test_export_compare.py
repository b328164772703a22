"""`export --compare A,B[,…]`: presets and session files overlaid on one plot, each in
its pin colour and labelled; a bad item is one line naming it, and nothing is written."""

from __future__ import annotations

import numpy as np
import pytest

from cli import main
from cli.compare_command import compare_items
from engine import LabConfig
from engine.presets import load_presets
from engine.session import save_session

from .test_export_cli import SMALL, _pixels

PIN_COLOURS = ((0xCC, 0x66, 0x77), (0x33, 0x22, 0x88))  # gui.theme.PIN_COLOURS_LIGHT[:2]
MEASURED = (0x00, 0x72, 0xB2)


def _count(pixels, colour, tolerance=50) -> int:
    close = np.abs(pixels[..., :3].astype(int) - np.array(colour)).sum(axis=-1) < tolerance
    return int(np.sum(close & (pixels[..., 3] > 200)))


def test_compare_of_a_preset_and_a_session_draws_both_in_their_colours(tmp_path, capsys):
    session = tmp_path / "my tanh run.json"
    save_session(session, LabConfig(activation="tanh", init="xavier_normal"))
    out = tmp_path / "cmp.png"
    argv = ["export", "--compare", f"vanishing,{session}", *SMALL, "--steps", "2"]
    assert main([*argv, "--out", str(out), "--width-px", "1000"]) == 0
    pixels = _pixels(out)
    assert pixels.shape[1] == 1000
    for colour in PIN_COLOURS:
        assert _count(pixels, colour) > 150, colour
    assert _count(pixels, MEASURED) < 50  # no live run: only the compared ones
    assert "2 runs compared" in capsys.readouterr().err


def test_compare_takes_the_slide_shape_of_any_export(tmp_path):
    out = tmp_path / "cmp.png"
    argv = ["export", "--compare", "vanishing,he_relu", *SMALL, "--steps", "1", "--out", str(out)]
    assert main([*argv, "--aspect", "16:9", "--height-px", "540"]) == 0
    assert _pixels(out).shape[:2] == (540, 960)


def test_compare_labels_are_preset_titles_and_session_stems(tmp_path):
    session = tmp_path / "before.json"
    save_session(session, LabConfig())
    runs = compare_items(f"vanishing, {session}", {"depth": 8})
    assert [label for label, _ in runs] == [load_presets()["vanishing"].title, "before"]
    assert all(config.depth == 8 for _, config in runs)


@pytest.mark.parametrize(
    ("items", "words"),
    [
        ("vanishing,no_such_preset", ["'no_such_preset'", "presets:", "he_relu"]),
        ("vanishing", ["1 item(s)", "2–6"]),
        ("vanishing,,he_relu", ["empty item"]),
        ("vanishing,missing.json", ["'missing.json'", "no such file"]),
    ],
)
def test_a_bad_compare_item_is_one_line_naming_it_and_nothing_is_written(
    tmp_path, capsys, items, words
):
    out = tmp_path / "cmp.png"
    assert main(["export", "--compare", items, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    for word in words:
        assert word in err, (word, err)
    assert not out.exists()


def test_compare_refuses_a_plot_that_cannot_overlay_runs(tmp_path, capsys):
    out = tmp_path / "cmp.png"
    argv = ["export", "--compare", "vanishing,he_relu", "--plot", "heatmap", "--out", str(out)]
    assert main(argv) == 2
    assert "--plot" in capsys.readouterr().err and not out.exists()
