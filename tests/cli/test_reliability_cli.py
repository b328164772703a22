"""The command line under bad input: a network that cannot fit, a device that is not
there, every kind of broken --config file and a write that fails — each one line on
stderr and a non-zero exit status, with nothing written."""

from __future__ import annotations

import errno
import os

import pytest

from cli import main
from engine import available_devices

from ..bad_files import BAD_FILES, MARKER, expected_words, make_bad_file


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert captured.out == ""
    assert lines[0].startswith("stability-lab: error: ")
    return lines[0]


def test_depth_1000_by_width_4096_to_stdout_is_refused_with_exit_1(capsys):
    assert main(["probe", "--depth", "1000", "--width", "4096", "--csv", "-"]) == 1
    line = _one_error_line(capsys)
    assert "depth 1000" in line and "width 4096" in line and "reduce" in line


def test_an_absent_device_is_exit_1_naming_it_and_the_available_ones(capsys):
    present = available_devices()
    missing = next((d for d in ("cuda", "mps") if d not in present), None)
    if missing is None:
        pytest.skip("both cuda and mps are present here")
    assert main(["probe", "--device", missing, "--depth", "2", "--csv", "-"]) == 1
    line = _one_error_line(capsys)
    assert repr(missing) in line and "not available" in line
    assert "available: " + ", ".join(present) in line


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_bad_config_file_is_exit_2_and_one_line(case, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    path = make_bad_file(folder, case)
    out = tmp_path / "out"
    out.mkdir()
    code = main(["probe", "--config", str(path), "--csv", str(out / "t.csv")])
    line = _one_error_line(capsys)
    assert code == 2, line
    assert "--config" in line and str(path) in line
    for word in expected_words(case):
        assert word in line, (word, line)
    assert list(out.iterdir()) == []
    assert not (folder / MARKER).exists()


def test_a_failing_write_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    def failing_replace(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    code = main(["probe", "--depth", "2", "--width", "8", "--steps", "1", "--csv", str(tmp_path / "t.csv")])  # fmt: skip
    line = _one_error_line(capsys)
    assert code == 1 and "Input/output error" in line and str(tmp_path / "t.csv") in line
    assert list(tmp_path.iterdir()) == []
