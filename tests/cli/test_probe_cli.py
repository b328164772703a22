"""`stability-lab probe` and `list`: the per-layer table on the command line, and one
clear line (naming the option) for every bad value, with nothing written."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cli import main
from cli.commands import run_probe
from cli.options import EXPERIMENT_OPTIONS
from engine import ACTIVATIONS, INITS, LabConfig
from engine.presets import load_presets
from engine.tables import read_csv_table, read_json_table

PRODUCT_COLUMNS = (
    "layer",
    "width_in",
    "width_out",
    "act_mean",
    "act_var",
    "act_var_theory",
    "grad_h_var",
    "grad_h_var_theory",
    "grad_w_norm",
    "frac_zero",
    "frac_nonfinite",
)
# The options the README's command line section promises on every command.
PRODUCT_OPTIONS = (
    "--preset",
    "--depth",
    "--width",
    "--widths",
    "--batch",
    "--activation",
    "--init",
    "--gain",
    "--bias-std",
    "--precision",
    "--device",
    "--residual",
    "--norm",
    "--clip",
    "--steps",
    "--seed",
    "--config",
)
FAST = ["--width", "64", "--batch", "16", "--steps", "2"]


def _strict_json(text: str):
    def reject(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=reject)


def test_probe_prints_the_csv_table_with_config_line(capsys):
    assert main(["probe", "--depth", "5", "--csv", "-"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    config_lines = [line for line in comments if line.startswith("# config: ")]
    assert len(config_lines) == 1
    assert json.loads(config_lines[0][len("# config: ") :])["depth"] == 5
    header = body[0].split(",")
    for name in PRODUCT_COLUMNS:
        assert name in header, name
    rows = body[1:]
    assert len(rows) == 5
    assert [row.split(",")[0] for row in rows] == ["1", "2", "3", "4", "5"]


def test_csv_round_trips_and_matches_the_engine(capsys):
    assert main(["probe", "--depth", "4", "--activation", "tanh", *FAST, "--csv", "-"]) == 0
    config, columns = read_csv_table(capsys.readouterr().out)
    assert config == LabConfig(depth=4, activation="tanh", width=64, batch=16)
    # Same seed, same steps: the engine gives exactly the numbers the file holds.
    frame = run_probe(config, steps=2)
    for name in PRODUCT_COLUMNS:
        np.testing.assert_array_equal(columns[name], frame[name], err_msg=name)


def test_json_file_is_valid_and_round_trips_like_the_csv(tmp_path, capsys):
    csv_path, json_path = tmp_path / "t.csv", tmp_path / "t.json"
    argv = ["probe", "--depth", "5", "--precision", "fp16", "--activation", "sigmoid", *FAST]
    assert main([*argv, "--csv", str(csv_path), "--json", str(json_path)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {csv_path}" in err and f"wrote {json_path}" in err
    text = json_path.read_text(encoding="utf-8")
    data = _strict_json(text)  # no NaN/Infinity tokens
    assert len(data["layers"]) == 5
    config, columns = read_json_table(text)
    assert config.precision == "fp16" and config.depth == 5
    csv_config, csv_columns = read_csv_table(csv_path.read_text(encoding="utf-8"))
    assert csv_config == config
    assert set(PRODUCT_COLUMNS) <= set(columns)
    for name in columns:
        np.testing.assert_array_equal(columns[name], csv_columns[name], err_msg=name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.json"]  # no temp files


def test_json_to_stdout_is_valid_json(capsys):
    assert main(["probe", "--depth", "3", *FAST, "--json", "-"]) == 0
    data = _strict_json(capsys.readouterr().out)
    assert data["config"]["depth"] == 3
    assert [row["layer"] for row in data["layers"]] == [1, 2, 3]


def test_config_file_is_applied_and_explicit_options_win(tmp_path, capsys):
    session = tmp_path / "s.json"
    session.write_text(json.dumps({"depth": 4, "activation": "tanh", "width": 32}))
    assert (
        main(["probe", "--config", str(session), "--depth", "3", "--steps", "1", "--csv", "-"]) == 0
    )
    config, columns = read_csv_table(capsys.readouterr().out)
    assert (config.depth, config.activation, config.width) == (3, "tanh", 32)
    assert len(columns["layer"]) == 3


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD = {
    "depth 0": (["--depth", "0"], ("--depth", "0", "1–1000")),
    "width 5000": (["--width", "5000"], ("--width", "5000", "2–4096")),
    "depth not a number": (["--depth", "deep"], ("--depth", "deep")),
    "unknown activation": (["--activation", "foo"], ("--activation", "foo", "sigmoid", "relu")),
    "steps 0": (["--steps", "0"], ("--steps", "0")),
    "precision fp8": (["--precision", "fp8"], ("--precision", "fp8", "fp16", "bf16")),
    "clip nan": (["--clip", "nan"], ("--clip", "nan")),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_value_exits_nonzero_with_one_line_naming_the_option(case, tmp_path, capsys):
    args, must_name = BAD[case]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["probe", *args, "--csv", str(out_dir / "t.csv")])
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    for text in must_name:
        assert text in lines[0], (text, lines[0])
    assert captured.out == ""
    assert list(out_dir.iterdir()) == []


def test_csv_into_a_missing_folder_is_refused_before_any_work(tmp_path, capsys):
    target = tmp_path / "missing" / "t.csv"
    code = main(["probe", "--depth", "1000", "--width", "4096", "--csv", str(target)])
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "--csv" in lines[0] and "does not exist" in lines[0]
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("content", "must_name"),
    [
        ('{"depth": 5,', ("--config", "not valid JSON")),
        ('{"depth": 5, "colour": "red"}', ("--config", "colour", "unknown")),
        ('{"depth": "deep"}', ("--config", "depth", "deep")),
        ('{"depth": NaN}', ("--config", "NaN")),
        ("[1, 2]", ("--config", "object")),
    ],
)
def test_bad_config_file_exits_nonzero_naming_the_option_and_setting(
    content, must_name, tmp_path, capsys
):
    session = _write(tmp_path / "session.json", content)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["probe", "--config", session, "--csv", str(out_dir / "t.csv")])
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    for text in must_name:
        assert text in lines[0], (text, lines[0])
    assert list(out_dir.iterdir()) == []


def test_missing_config_file_is_named(tmp_path, capsys):
    code = main(["probe", "--config", str(tmp_path / "nope.json"), "--csv", "-"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1
    assert "--config" in err[0] and "no such file" in err[0]


def test_network_too_large_for_memory_is_one_line_not_a_crash(tmp_path, capsys):
    code = main(["probe", "--depth", "1000", "--width", "4096", "--csv", str(tmp_path / "t.csv")])
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "depth 1000" in lines[0] and "width 4096" in lines[0] and "reduce" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_probe_without_an_output_says_what_is_needed(capsys):
    assert main(["probe", "--depth", "2"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--csv" in err[0] and "--json" in err[0]


def test_list_names_every_activation_init_and_preset(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    names = [*ACTIVATIONS, *INITS, *load_presets()]
    assert len(names) > 25
    words = set(out.split())
    for name in names:
        assert name in words, name  # as a word, not only inside a longer name


@pytest.mark.parametrize("argv", [["--help"], ["probe", "--help"]])
def test_help_exits_zero_and_documents_every_option(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    flags = {flag for flag, _ in EXPERIMENT_OPTIONS.values()} | set(PRODUCT_OPTIONS)
    if argv[0] == "probe":
        flags |= {"--csv", "--json"}
    for flag in sorted(flags):
        assert flag in out, flag
    assert "probe" in out
