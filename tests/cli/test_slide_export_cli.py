"""`export --aspect/--height-px`: slide-shaped files of exact size, one clear line for a
size that cannot be made, history plots drawn over enough steps, and every training
preset's training plot in --all-presets."""

from __future__ import annotations

import contextlib

import pytest

from cli import main
from engine.figures import HISTORY_STEPS, default_steps
from engine.presets import load_presets

SMALL = ["--depth", "6", "--width", "16", "--batch", "4"]


def _size(path) -> tuple[int, int]:
    from PySide6 import QtGui

    image = QtGui.QImage(str(path))
    assert not image.isNull(), path
    return image.width(), image.height()


@pytest.mark.parametrize(
    "flags,size",
    [
        (["--plot", "dashboard", "--aspect", "16:9", "--height-px", "1080"], (1920, 1080)),
        (["--plot", "dashboard", "--width-px", "960"], (960, 540)),  # 16:9: its default
        (["--aspect", "4:3", "--width-px", "800"], (800, 600)),
        (["--aspect", "1:1", "--height-px", "500"], (500, 500)),
        (["--width-px", "700", "--height-px", "300"], (700, 300)),  # auto: exactly that
    ],
    ids=["16:9-1080", "dashboard-default", "4:3", "1:1", "free"],
)
def test_an_aspect_and_a_size_give_a_png_of_exactly_that_size(tmp_path, flags, size):
    out = tmp_path / "f.png"
    assert main(["export", *SMALL, "--steps", "2", *flags, "--out", str(out)]) == 0
    assert _size(out) == size


@pytest.mark.parametrize(
    "flags,message",
    [
        (["--aspect", "5:4"], "argument --aspect: invalid choice: '5:4' (choose from '16:9'"),
        (["--aspect", "16:9", "--width-px", "1920", "--height-px", "1000"], "--height-px"),
        (["--aspect", "16:9", "--height-px", "9000"], "--height-px: 16000 px is out of range"),
        (["--height-px", "20"], "--height-px: 20 is out of range"),
    ],
    ids=["aspect", "disagree", "derived-width", "height"],
)
def test_a_size_that_cannot_be_made_fails_in_one_line_naming_its_flag(
    tmp_path, capsys, flags, message
):
    assert main(["export", *SMALL, *flags, "--out", str(tmp_path / "f.png")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


def _spy_figures(monkeypatch) -> list:
    """Record (plot, steps drawn, heatmap columns or loss points) of each CLI figure."""
    import gui.figure_builder as builder

    drawn, real = [], builder.offscreen_figure

    @contextlib.contextmanager
    def spy(config, name="gradient", steps=20):
        with real(config, name, steps) as (widget, frames):
            history = getattr(widget, "history", None)
            kept = history() if history is not None else None
            if name == "training":
                kept = kept[0]  # the steps of the loss curve
            drawn.append((name, len(frames), None if kept is None else kept.shape[-1]))
            yield widget, frames

    monkeypatch.setattr(builder, "offscreen_figure", spy)
    return drawn


def test_an_exported_heatmap_fills_its_history_by_default(tmp_path, monkeypatch):
    drawn = _spy_figures(monkeypatch)
    out = tmp_path / "h.png"
    assert (
        main(["export", *SMALL, "--plot", "heatmap", "--width-px", "600", "--out", str(out)]) == 0
    )
    assert drawn == [("heatmap", HISTORY_STEPS, HISTORY_STEPS)]
    assert default_steps("training") == default_steps("dashboard") == HISTORY_STEPS
    assert default_steps("gradient") == 10  # as `probe` averages


def test_all_presets_adds_each_training_presets_training_plot(tmp_path, monkeypatch):
    import cli.export_command as export_command

    presets = load_presets()
    chosen = {name: presets[name] for name in ("vanishing", "train_healthy")}
    monkeypatch.setattr(export_command, "load_presets", lambda: chosen)
    drawn = _spy_figures(monkeypatch)
    folder = tmp_path / "slides"
    argv = ["export", "--all-presets", str(folder), *SMALL, "--steps", "3", "--width-px", "400"]
    assert main(argv) == 0
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["train_healthy-training.png", "train_healthy.png", "vanishing.png"]
    assert ("training", 3, 3) in drawn  # a loss curve of every step
    assert _size(folder / "train_healthy-training.png")[0] == 400
