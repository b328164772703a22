"""`--lang en|zh_CN` on the commands that draw or list: `list` shows the labels in
Chinese, `export` (plain, --compare, --animate) and `sweep --out` draw their figures in
it — PNG, SVG with real `<text>` naming CJK fallback fonts, PDF whose text comes out as
Chinese — while help and errors stay English. Without a font that draws Chinese the
command says once which package has one, and still writes the figure."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cli import main
from engine.presets import load_presets

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--depth", "6", "--width", "16", "--batch", "8", "--steps", "2"]
CJK = re.compile(r"[\u4e00-\u9fff]")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def english_after(qapp):
    """A command run in this process installs its language: English again afterwards.
    (The QApplication exists first, so no command makes a bare QCoreApplication here.)"""
    from gui import language

    yield
    language.set_language("en")


def _svg_texts(path: Path) -> list[tuple[str, str]]:
    """(text, font-family) of every <text> element of an SVG."""
    root = ET.parse(path).getroot()
    return [("".join(t.itertext()), t.get("font-family", "")) for t in root.iter(f"{SVG}text")]


def test_list_in_chinese_shows_the_presets_activations_and_inits_labels(english_after):
    """Run as a user runs it: a process of its own, Qt's core only, no display."""
    from engine import ACTIVATIONS, INITS
    from gui.language import localise, set_language

    done = subprocess.run(
        [sys.executable, "main.py", "list", "--lang", "zh_CN"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # nothing to say: the terminal draws the text
    assert done.stdout.startswith("activations:\n")  # the headings stay the command's own
    titles = [p.title for p in load_presets().values()]
    set_language("zh_CN")
    expected = {
        "presets": [localise(p.title) for p in load_presets().values()],
        "activations": [localise(a.label) for a in ACTIVATIONS.values()],
        "inits": [localise(i.label) for i in INITS.values()],
    }
    for kind, labels in expected.items():
        for label in labels:
            assert label in done.stdout, f"{kind}: {label!r} not listed"
    assert sum(bool(CJK.search(label)) for label in expected["presets"]) > len(titles) // 2
    assert any(CJK.search(label) for label in expected["inits"])  # "He 正态" …
    english = subprocess.run(
        [sys.executable, "main.py", "list"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert all(title in english.stdout for title in titles) and not CJK.search(english.stdout)


def test_list_in_chinese_in_this_process(english_after, capsys):
    assert main(["list", "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    from gui.language import localise

    for preset in load_presets().values():
        assert f"{preset.name:<15} {localise(preset.title)}" in out


def test_export_in_chinese_writes_png_svg_and_pdf_with_chinese_text(
    english_after, tmp_path, capsys
):
    """--compare's legend names its markers in the figure's language: real text in the
    SVG (with CJK fallbacks after the Latin font) and in the PDF."""
    items = "vanishing,xavier_tanh"
    for name in ("c.png", "c.svg", "c.pdf"):
        argv = ["export", "--compare", items, "--lang", "zh_CN", *SMALL]
        assert main([*argv, "--out", str(tmp_path / name)]) == 0, capsys.readouterr().err
    from PySide6 import QtGui

    assert not QtGui.QImage(str(tmp_path / "c.png")).isNull()
    texts = _svg_texts(tmp_path / "c.svg")
    chinese = [(text, family) for text, family in texts if CJK.search(text)]
    assert any("圆点" in text for text, _ in chinese), texts[:20]
    for _text, family in chinese:
        assert "Noto Sans CJK SC" in family and "Microsoft YaHei" in family, family
        assert family.rstrip().endswith("sans-serif")
    assert not list(ET.parse(tmp_path / "c.svg").getroot().iter(f"{SVG}path")) or texts
    if shutil.which("pdftotext"):
        pdf = subprocess.run(
            ["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        assert "圆点" in pdf.stdout, pdf.stdout[:500]
    err = capsys.readouterr().err
    assert "wrote" in err and not CJK.search(err)  # the command's own words stay English


def test_a_plain_export_in_chinese_names_cjk_fonts_in_its_svg(english_after, tmp_path):
    out = tmp_path / "g.svg"
    assert (
        main(["export", "--preset", "vanishing", "--lang", "zh_CN", *SMALL, "--out", str(out)]) == 0
    )
    texts = _svg_texts(out)
    assert texts and all("Noto Sans CJK SC" in family for _text, family in texts)


def test_the_top_level_lang_reaches_the_command(english_after, tmp_path):
    out = tmp_path / "c.svg"
    argv = ["--lang", "zh_CN", "export", "--compare", "vanishing,xavier_tanh", *SMALL]
    assert main([*argv, "--out", str(out)]) == 0
    assert any("圆点" in text for text, _ in _svg_texts(out))


def test_english_stays_the_default(english_after, tmp_path):
    out = tmp_path / "c.svg"
    assert main(["export", "--compare", "vanishing,xavier_tanh", *SMALL, "--out", str(out)]) == 0
    texts = " ".join(text for text, _ in _svg_texts(out))
    assert "circles" in texts and not CJK.search(texts)


@pytest.mark.parametrize(
    "command", [["list"], ["export", "--out", "x.png"], ["sweep", "--out", "x.png"]]
)
def test_an_unknown_language_is_refused_in_one_line_naming_the_choices(command, capsys, tmp_path):
    assert main([*command, "--lang", "xx"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "--lang" in err and "'xx'" in err and "en" in err and "zh_CN" in err


def test_without_a_chinese_font_the_command_says_which_package_once_and_still_writes(
    english_after, tmp_path, capsys, monkeypatch
):
    from PySide6 import QtGui

    real = QtGui.QFontDatabase.families

    def families(system=QtGui.QFontDatabase.WritingSystem.Any):
        if system == QtGui.QFontDatabase.WritingSystem.SimplifiedChinese:
            return []  # as on a Linux without CJK fonts
        return real(system)

    monkeypatch.setattr(QtGui.QFontDatabase, "families", staticmethod(families))
    out = tmp_path / "g.png"
    assert (
        main(["export", "--preset", "vanishing", "--lang", "zh_CN", *SMALL, "--out", str(out)]) == 0
    )
    assert out.exists() and out.stat().st_size > 1000
    err = capsys.readouterr().err.splitlines()
    said = [line for line in err if "fonts-noto-cjk" in line]
    assert len(said) == 1, err
    assert "Chinese" in said[0] and "boxes" in said[0]


def test_no_font_message_is_not_said_in_english(english_after, tmp_path, capsys, monkeypatch):
    from gui import language

    monkeypatch.setattr(language, "cjk_font_problem", lambda: "no CJK font (fonts-noto-cjk)")
    out = tmp_path / "g.png"
    assert main(["export", "--preset", "vanishing", *SMALL, "--out", str(out)]) == 0
    assert "fonts-noto-cjk" not in capsys.readouterr().err


def test_sweep_figure_in_chinese(english_after, tmp_path, capsys):
    out = tmp_path / "s.svg"
    argv = [
        "sweep",
        "--over",
        "activation",
        "--values",
        "relu,tanh",
        "--depths",
        "2,4",
        "--width",
        "8",
        "--batch",
        "4",
    ]
    assert main([*argv, "--steps", "1", "--lang", "zh_CN", "--out", str(out)]) == 0
    assert _svg_texts(out) and f"wrote {out}" in capsys.readouterr().err


def test_sweep_refuses_lang_without_a_figure(capsys):
    assert main(["sweep", "--csv", "-", "--lang", "zh_CN"]) == 2
    assert "--lang is for the figure" in capsys.readouterr().err


@pytest.mark.slow
def test_an_animation_in_chinese_is_written(english_after, tmp_path, capsys):
    out = tmp_path / "a.gif"
    argv = ["export", "--depth", "4", "--width", "8", "--batch", "4", "--frames", "2"]
    assert main([*argv, "--width-px", "320", "--lang", "zh_CN", "--animate", str(out)]) == 0
    assert out.read_bytes().startswith(b"GIF89a")
    err = capsys.readouterr().err
    assert "[4/4] painted frame 2 of 2" in err  # progress stays English: the window reads it


def test_an_animation_caption_in_chinese(english_after):
    from engine import LabConfig
    from engine.animation import plan_animation
    from gui import language

    plan = plan_animation(LabConfig(depth=6), "gradient", 3)
    language.set_language("zh_CN")
    caption = language.localise(plan.caption(LabConfig(depth=6), 0))
    assert caption.endswith("深度从 1 增至 6"), caption
    assert language.localise(plan.label(2)) == "深度 6 / 6"


def test_an_svg_font_list_names_the_real_font_then_the_cjk_fallbacks_then_a_generic():
    from gui.export_svg import font_families

    aliases = {"Sans Serif": "DejaVu Sans"}  # fontconfig's alias, unknown to SVG viewers
    listed = font_families(
        "Sans Serif,Noto Sans CJK SC", ("Noto Sans CJK SC", "SimHei"), lambda n: aliases.get(n, n)
    )
    assert listed == "'DejaVu Sans', 'Noto Sans CJK SC', SimHei, sans-serif"


def test_a_figure_font_draws_latin_as_before_and_chinese_with_a_simplified_chinese_font(qapp):
    from PySide6 import QtGui

    from gui.fonts import CJK_FAMILIES, with_cjk_fallbacks
    from gui.language import cjk_font_problem

    def drawn_with(font: QtGui.QFont, text: str) -> list[str]:
        layout = QtGui.QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        return [run.rawFont().familyName() for run in layout.glyphRuns()]

    plain = QtGui.QFont("Sans Serif")  # an alias: Qt would skip it in a list of families
    assert drawn_with(with_cjk_fallbacks(plain), "gradient") == drawn_with(plain, "gradient")
    if cjk_font_problem() is None:
        assert drawn_with(with_cjk_fallbacks(plain), "梯度消失")[0] in CJK_FAMILIES  # SC, not JP
