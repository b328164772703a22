"""Options that contradict each other or would be ignored, values that only look like
numbers or lists, and runs that must write everything or nothing: each is refused with
one line naming the option, before any computing, and nothing is written."""

from __future__ import annotations

import os

import pytest

import cli.export_command  # imported before the fixture patches what it imports
import cli.sweep_command
import gui.export
from cli import main

TINY = ["--depth", "2", "--width", "8", "--batch", "4", "--steps", "1"]
SWEEP = ["--width", "8", "--batch", "4", "--steps", "1", "--depths", "2", "--values", "he_normal"]


def _refused(capsys, argv, *words, code=2) -> str:
    assert main(argv) == code
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and captured.out == "", captured.err
    assert lines[0].startswith("stability-lab: error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def no_computing(monkeypatch):
    """Any probe or sweep cell run fails the test: refusals come first."""

    def forbidden(*args, **kwargs):
        raise AssertionError("computed before refusing")

    monkeypatch.setattr("cli.commands.run_probe", forbidden)
    monkeypatch.setattr("cli.export_command.run_probe", forbidden)
    monkeypatch.setattr("cli.export_command.offscreen_figure", forbidden, raising=False)
    monkeypatch.setattr(cli.sweep_command, "sweep_cells", forbidden)


# ----- options before the command, or ignored ------------------------------------------
@pytest.mark.parametrize(
    "argv,flag",
    [
        (["--depth", "5", "probe", "--csv", "-"], "--depth"),
        (["--preset", "vanishing", "export", "--out", "f.png"], "--preset"),
        (["--config", "s.json", "probe", "--csv", "-"], "--config"),
        (["--steps", "3", "sweep", "--csv", "-"], "--steps"),
        (["--activation", "tanh", "taylor", "sigmoid"], "--activation"),
        (["--no-residual", "probe", "--csv", "-"], "--no-residual"),
        (["--list", "probe", "--csv", "-"], "--list"),
    ],
    ids=lambda v: v if isinstance(v, str) else v[0],
)
def test_an_option_before_the_command_is_refused_not_dropped(capsys, here, no_computing, argv, flag):  # fmt: skip
    if flag == "--no-residual":
        flag = "--residual"
    _refused(capsys, argv, flag, "after")


@pytest.mark.parametrize(
    "argv,words",
    [
        (["--list", "--depth", "5"], ("--list takes no other options", "--depth")),
        (["--steps", "5"], ("--steps", "not to the window")),
        (
            ["probe", *TINY, "--preset", "vanishing", "--config", "s.json", "--csv", "-"],
            ("--config and --preset",),
        ),  # fmt: skip
        (
            ["export", *TINY, "--format", "svg", "--out", "f.png"],
            ("--format is for --all-presets",),
        ),
        (["export", "--all-presets", ".", "--preset", "vanishing"], ("drop --preset",)),
        (["export", "--all-presets", ".", "--config", "s.json"], ("drop --config",)),
        (["export", "--all-presets", ".", "--csv", "t.csv"], ("drop --csv",)),
        (["export", "--all-presets", ""], ("empty folder name",)),
        (["sweep", *SWEEP, "--depth", "5", "--csv", "-"], ("--depth is what the sweep varies",)),
        (["sweep", *SWEEP, "--init", "he_normal", "--csv", "-"], ("--init", "--values")),
        (
            ["sweep", *SWEEP, "--over", "activation", "--activation", "tanh", "--csv", "-"],
            ("--activation", "--values"),
        ),  # fmt: skip
        (["sweep", *SWEEP, "--mode", "train", "--csv", "-"], ("--mode",)),
        (["sweep", *SWEEP, "--theme", "dark", "--csv", "-"], ("--theme is for the figure",)),
        (["sweep", *SWEEP, "--width-px", "800", "--csv", "-"], ("--width-px is for the figure",)),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_contradicting_or_ignored_options_are_refused(capsys, here, no_computing, argv, words):
    (here / "s.json").write_text('{"depth": 3}')
    _refused(capsys, argv, *words)
    assert sorted(p.name for p in here.iterdir()) == ["s.json"]


# ----- two outputs, one destination --------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["probe", *TINY, "--csv", "t.out", "--json", "t.out"],
        ["probe", *TINY, "--csv", "t.out", "--json", "./t.out"],
        ["probe", *TINY, "--csv", "t.out", "--json", "{here}/t.out"],
        ["probe", *TINY, "--csv", "link", "--json", "t.out"],
        ["probe", *TINY, "--csv", "hard", "--json", "t.out"],
        ["export", *TINY, "--out", "f.png", "--csv", "f.png"],
        ["export", *TINY, "--out", "f.png", "--json", "sub/../f.png"],
        ["sweep", *SWEEP, "--csv", "g.csv", "--json", "g.csv"],
        ["sweep", *SWEEP, "--out", "g.png", "--csv", "g.png"],
    ],
    ids=[
        "same",
        "dot",
        "absolute",
        "symlink",
        "hard link",
        "figure+csv",
        "dotdot",
        "sweep",
        "sweep fig",
    ],  # fmt: skip
)
def test_two_outputs_naming_one_file_are_refused(capsys, here, no_computing, argv):
    (here / "t.out").write_text("keep")
    (here / "link").symlink_to("t.out")
    os.link(here / "t.out", here / "hard")
    (here / "sub").mkdir()
    argv = [a.replace("{here}", str(here)) for a in argv]
    _refused(capsys, argv, "give each output its own file")
    assert (here / "t.out").read_text() == "keep"


@pytest.mark.parametrize(
    "argv,words",
    [
        (["probe", *TINY, "--csv", "-", "--json", "-"], ("only one of --csv and --json",)),
        (["sweep", *SWEEP, "--csv", "-", "--json", "-"], ("only one of --csv and --json",)),
        (["export", *TINY, "--csv", "-", "--json", "-"], ("only one of --csv and --json",)),
        (["export", *TINY, "--out", "-"], ("--out",)),
        (["sweep", *SWEEP, "--out", "-"], ("--out",)),
        (["probe", *TINY, "--csv", ""], ("--csv", "empty file name")),
    ],
    ids=["probe", "sweep", "export", "figure to stdout", "sweep figure to stdout", "empty"],
)
def test_standard_output_takes_one_table_and_no_figure(capsys, here, no_computing, argv, words):
    _refused(capsys, argv, *words)


def test_the_null_device_may_take_several_outputs(capsys, here):
    assert main(["probe", *TINY, "--csv", os.devnull, "--json", os.devnull]) == 0


# ----- nonsense that looked acceptable -------------------------------------------------------
@pytest.mark.parametrize(
    "argv,words",
    [
        (["sweep", *SWEEP[:-2], "--values", "", "--csv", "-"], ("--values", "empty name")),
        (["sweep", *SWEEP[:-2], "--values", "he_normal,", "--csv", "-"], ("empty name",)),
        (["sweep", *SWEEP[:-2], "--values", " , ", "--csv", "-"], ("empty name",)),
        (["sweep", *SWEEP[:-2], "--values", "he_normal,he_normal", "--csv", "-"], ("twice",)),
        (["sweep", *SWEEP[:-2], "--values", "nonsense", "--csv", "-"], ("nonsense",)),
        (["sweep", "--depths", "", "--csv", "-"], ("--depths", "at least one")),
        (["sweep", "--depths", "5,5", "--csv", "-"], ("--depths", "twice")),
        (["sweep", "--depths", "٣", "--csv", "-"], ("--depths", "not a list of integers")),
        (["sweep", "--depths", "1_0", "--csv", "-"], ("--depths",)),
        (["sweep", "--depths", "5.0", "--csv", "-"], ("--depths",)),
        (["sweep", "--depths", "0", "--csv", "-"], ("--depths", "1–1000")),
        (["export", "--width-px", "abc", "--out", "f.png"], ("--width-px", "100–10000")),
        (["export", "--width-px", "١٩٢٠", "--out", "f.png"], ("--width-px",)),
        (["export", "--width-px", "1_920", "--out", "f.png"], ("--width-px",)),
        (["export", "--width-px", "50", "--out", "f.png"], ("--width-px", "out of range")),
        (["sweep", *SWEEP, "--width-px", "x", "--out", "f.png"], ("--width-px", "100–10000")),
        (["taylor", "sigmoid", "--order", "x"], ("--order", "1–")),
        (["taylor", "sigmoid", "--order", "٣"], ("--order",)),
        (["taylor", "sigmoid", "--order", "0"], ("--order", "out of range")),
        (["probe", "--depth", "٣", "--csv", "-"], ("--depth",)),
        (["probe", "--clip", "1e-400", "--csv", "-"], ("--clip", "too small")),
        (["probe", "--steps", "1_0", "--csv", "-"], ("--steps",)),
        (["probe", "--config", "", "--csv", "-"], ("--config", "empty file name")),
    ],
    ids=lambda v: " ".join(v[-4:]) if isinstance(v, list) else None,
)
def test_values_that_only_look_right_are_refused(capsys, here, no_computing, argv, words):
    _refused(capsys, argv, *words)
    assert list(here.iterdir()) == []


# ----- all or nothing ---------------------------------------------------------------------
def test_a_second_output_failing_at_the_end_leaves_the_first_unwritten(capsys, here, monkeypatch):
    import engine.writing

    real = engine.writing.stage

    def second_fails(target, payload):
        if target.path.name == "t.json":
            raise engine.writing.FileProblem("t.json: cannot be written (No space left on device)")
        return real(target, payload)

    monkeypatch.setattr(engine.writing, "stage", second_fails)
    (here / "t.csv").write_text("old")
    _refused(capsys, ["probe", *TINY, "--csv", "t.csv", "--json", "t.json"], "t.json", code=1)
    assert (here / "t.csv").read_text() == "old" and sorted(p.name for p in here.iterdir()) == ["t.csv"]  # fmt: skip


def test_all_presets_failing_at_the_third_writes_no_figure(capsys, here, monkeypatch):
    real, calls = gui.export.figure_bytes, []

    def third_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("Qt wrote an incomplete PNG (12 bytes)")
        return real(*args, **kwargs)

    monkeypatch.setattr(gui.export, "figure_bytes", third_fails)
    argv = ["export", "--all-presets", ".", "--steps", "1", "--width-px", "200", "--depth", "3"]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("stability-lab: error: ") and "incomplete PNG" in err[-1]
    assert list(here.iterdir()) == []


def test_a_sweep_too_large_for_memory_is_refused_before_its_first_cell(capsys, here, no_computing):
    _refused(capsys, ["sweep", "--width", "4096", "--depths", "2,1000", "--csv", "-"],
             "needs about", "reduce", code=1)  # fmt: skip


def test_file_names_the_system_refuses_are_named_in_words(capsys, here, no_computing):
    (here / "plain").write_text("")
    for dest, words in [
        ("a" * 300 + ".csv", ("file name is too long", "255")),
        ("plain/t.csv", ("a part of the path is a file",)),
        ("missing/t.csv", ("does not exist",)),
    ]:
        line = _refused(capsys, ["probe", *TINY, "--csv", dest], *words)
        assert "Errno" not in line and len(line) < 400
    line = _refused(capsys, ["probe", "--config", "b" * 300 + ".json", "--csv", "-"], "too long")
    assert "Errno" not in line
    line = _refused(capsys, ["export", "--all-presets", "c" * 300], "too long")
    assert "Errno" not in line
