"""`stability-lab export`: real figures without a window, every preset in one call, and
one clear line (with nothing written) for every bad request."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from cli import main
from cli.commands import run_probe
from engine.presets import load_presets
from engine.tables import read_csv_table

SMALL = ["--depth", "8", "--width", "32", "--batch", "8"]
MEASURED = (0x00, 0x72, 0xB2)  # the light theme's measured-curve colour


def _pixels(path):
    from PySide6 import QtGui

    image = QtGui.QImage(str(path))
    assert not image.isNull(), f"{path} is not an image"
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def _near_measured(pixels, tolerance=60) -> int:
    close = np.abs(pixels[..., :3].astype(int) - np.array(MEASURED)).sum(axis=-1) < tolerance
    return int(np.sum(close & (pixels[..., 3] > 200)))


def test_preset_png_has_the_requested_width_and_its_curves(tmp_path, capsys):
    out = tmp_path / "v.png"
    argv = ["export", "--preset", "vanishing", "--out", str(out), "--width-px", "1200"]
    assert main([*argv, "--steps", "3"]) == 0
    pixels = _pixels(out)
    assert pixels.shape[1] == 1200
    assert _near_measured(pixels) > 300
    assert f"wrote {out}" in capsys.readouterr().err


def test_transparent_svg_and_pdf_of_the_dashboard(tmp_path):
    for name in ("d.svg", "d.pdf", "t.png"):
        theme = "transparent" if name.endswith(".png") else "light"
        argv = ["export", *SMALL, "--plot", "dashboard", "--theme", theme, "--steps", "2"]
        assert main([*argv, "--out", str(tmp_path / name)]) == 0
    root = ET.parse(tmp_path / "d.svg").getroot()
    assert root.get("viewBox") and list(root.iter("{http://www.w3.org/2000/svg}path"))
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF-")
    clear = _pixels(tmp_path / "t.png")
    assert clear[0, 0, 3] == clear[-1, -1, 3] == 0 and _near_measured(clear) > 100


def test_data_written_with_the_figure_matches_the_probe_command(tmp_path):
    csv = tmp_path / "t.csv"
    argv = ["export", *SMALL, "--activation", "tanh", "--steps", "2"]
    assert main([*argv, "--out", str(tmp_path / "f.png"), "--csv", str(csv)]) == 0
    config, columns = read_csv_table(csv.read_text())
    frame = run_probe(config, steps=2)
    for name in ("grad_h_var", "act_var", "grad_w_norm"):
        np.testing.assert_array_equal(columns[name], frame[name], err_msg=name)


def test_json_alone_needs_no_figure(tmp_path):
    out = tmp_path / "t.json"
    assert main(["export", *SMALL, "--steps", "1", "--json", str(out)]) == 0
    assert json.loads(out.read_text())["config"]["depth"] == 8
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


@pytest.mark.slow
def test_all_presets_renders_one_valid_png_per_preset(tmp_path, capsys):
    argv = ["export", "--all-presets", str(tmp_path), "--steps", "1", "--width-px", "400"]
    assert main(argv) == 0
    presets = load_presets()
    names = list(presets)
    training = [f"{n}-training" for n, p in presets.items() if p.config.mode == "train"]
    files = sorted(p.name for p in tmp_path.iterdir())
    assert training and files == sorted(f"{n}.png" for n in [*names, *training])
    for name in [*names, *training]:
        assert _pixels(tmp_path / f"{name}.png").shape[1] == 400
    err = capsys.readouterr().err
    total = len(names) + len(training)
    assert f"[1/{total}] {names[0]} -> {tmp_path / names[0]}.png" in err


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--out", "{tmp}/f.xyz"], "unknown figure format '.xyz'"),
        (["--out", "{tmp}/missing/f.png"], "does not exist"),
        (["--out", "{tmp}/f.png", "--config", "{tmp}/bad.json"], "--config"),
        (["--out", "{tmp}/f.png", "--width-px", "50"], "--width-px: 50 is out of range"),
        (["--out", "{tmp}/f.png", "--theme", "sepia"], "--theme"),
        (["--out", "{tmp}/f.png", "--plot", "pie"], "--plot"),
        (["--all-presets", "{tmp}/bad.json/sub"], "a part of the path is a file"),
        (["--all-presets", "{tmp}", "--out", "{tmp}/f.png"], "drop --out"),
        ([], "export needs --out"),
    ],
    ids=["extension", "folder", "config", "width", "theme", "plot", "dir", "both", "none"],
)
def test_bad_requests_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, extra, message):
    (tmp_path / "bad.json").write_text("{not json")
    argv = ["export", *SMALL, *(a.replace("{tmp}", str(tmp_path)) for a in extra)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert [p.name for p in tmp_path.iterdir()] == ["bad.json"]


def test_all_presets_makes_a_missing_folder_and_removes_it_if_nothing_is_written(
    tmp_path, monkeypatch
):
    import cli.export_command as export_command
    from engine.files import FileProblem

    written = []
    monkeypatch.setattr(export_command, "_write_figures", lambda a, jobs, o: written.extend(jobs))
    target = tmp_path / "slides" / "figures"
    assert main(["export", "--all-presets", str(target), "--steps", "1"]) == 0
    assert target.is_dir() and {job.path.stem for job in written} >= set(load_presets())
    assert all(job.path.parent == target for job in written)

    def fail(*_):
        raise FileProblem("disk full")

    monkeypatch.setattr(export_command, "_write_figures", fail)
    assert main(["export", "--all-presets", str(tmp_path / "other" / "deep"), "--steps", "1"]) != 0
    assert not (tmp_path / "other").exists()


def test_widths_gain_and_bias_reach_the_figure_and_its_data(tmp_path):
    csv = tmp_path / "w.csv"
    argv = ["export", "--depth", "6", "--widths", "32,64", "--gain", "1.2", "--bias-std", "0.1"]
    argv += ["--batch", "8", "--steps", "2", "--out", str(tmp_path / "w.png"), "--csv", str(csv)]
    assert main(argv) == 0
    config, columns = read_csv_table(csv.read_text())
    assert (config.widths, config.gain, config.bias_std) == ((32, 64), 1.2, 0.1)
    np.testing.assert_array_equal(columns["width_in"], [32, 64, 32, 64, 32, 64])
    assert _near_measured(_pixels(tmp_path / "w.png")) > 100
