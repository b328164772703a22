"""Random argument lists and random session files, driven through the command line:
whatever comes in, a run ends with a status (never a traceback or a hang), a failure
says one line, and every file is either whole or not written (no temporary left).

`STABILITY_LAB_FUZZ_EXAMPLES=N` runs N examples of each instead of the quick default.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from engine.settings_table import SETTINGS

EXAMPLES = int(os.environ.get("STABILITY_LAB_FUZZ_EXAMPLES", "40"))
SMALL = ["--width", "8", "--batch", "4", "--steps", "1"]
HANG_SECONDS = 60

COMMANDS = ["probe", "export", "sweep", "taylor", "list", "frobnicate", "--list", "-h"]
FLAGS = [s.flag for s in SETTINGS] + [
    "--preset", "--config", "--steps", "--csv", "--json", "--out", "--plot", "--theme",
    "--width-px", "--height-px", "--aspect", "--format", "--caption", "--no-caption", "--over",
    "--values", "--depths",
    "--metric", "--order", "--latex", "--residual", "--no-residual", "--bogus", "--",
]  # fmt: skip
VALUES = [
    "2", "3", "0", "-1", "1001", "1e400", "1e-400", "nan", "inf", "٣", "1_0", "x", "", " ",
    "0.5", "1e-3", "4097", "2,3", "2,2", ",", "he_normal", "he_normal,", "tanh", "relu",
    "sigmoid", "x*tanh(x)", "__import__('os')", "vanishing", "fp16", "cuda", "layer", "dark",
    "gradient", "dashboard", "svg", "pdf", "init", "activation", "-", "16:9", "1:1",
    "transparent-dark",
    "t.csv", "t.json", "f.png", "f.svg", "f.pdf", "f.bmp", "existing.csv", "link.csv",
    "pipe.csv", "missing/t.csv", "existing.csv/x.csv", "a" * 300 + ".csv", "s.json",
    "nul\0.csv", "line\nbreak.csv",
]  # fmt: skip
TOKENS = st.sampled_from(FLAGS + VALUES) | st.text(max_size=6)


def _prepare(folder: Path) -> dict[str, bytes]:
    (folder / "existing.csv").write_text("old table\n")
    (folder / "link.csv").symlink_to("existing.csv")
    os.mkfifo(folder / "pipe.csv")
    (folder / "s.json").write_text('{"depth": 3}')
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}


def _whole(path: Path) -> bool:
    data = path.read_bytes()
    if data == b"old table\n":
        return True
    if data.startswith(b"\x89PNG"):
        return data.endswith(b"IEND\xaeB`\x82")
    if data.startswith(b"%PDF-"):
        return data.rstrip().endswith(b"%%EOF")
    if data.startswith(b"<?xml"):
        return data.rstrip().endswith(b"</svg>")
    if data.startswith(b"{"):
        json.loads(data)
        return True
    return data.startswith(b"# stability-lab") and data.endswith(b"\n")


@contextlib.contextmanager
def _deadline(seconds: int):
    def hung(*_):
        raise AssertionError(f"no answer within {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _run_in_a_fresh_folder(argv, capsys, prepare=_prepare):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        before = prepare(folder)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            with _deadline(HANG_SECONDS):
                try:
                    code = main(argv)
                except SystemExit as exc:  # --help
                    assert exc.code == 0, exc
                    code = 0
        finally:
            os.chdir(cwd)
        captured = capsys.readouterr()
        err = [line for line in captured.err.splitlines() if not line.endswith("] cells")]
        assert isinstance(code, int) and "Traceback" not in captured.err, captured.err
        if code not in (0, 141):
            assert len(err) == 1 and err[0].startswith("stability-lab: error: "), captured.err
        left = [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
        assert left == [], left
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                if code != 0 and path.name in before:
                    assert path.read_bytes() == before[path.name], path.name
                elif code != 0:
                    raise AssertionError(f"{path.name} written by a run that failed")
                else:
                    assert _whole(path), path.name
        return code


common = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@common
@given(command=st.sampled_from(COMMANDS), rest=st.lists(TOKENS, max_size=7))
def test_random_argument_lists_end_cleanly(capsys, command, rest):
    if "--all-presets" in rest:  # fifteen figures per example: tested on its own
        return
    small = ["--depths", "2,3", "--values", "he_normal"] if command == "sweep" else []
    taylor = ["tanh"] if command == "taylor" else []
    tail = SMALL if command in ("probe", "export", "sweep") else []
    _run_in_a_fresh_folder([command, *taylor, *small, *rest, *tail], capsys)


SETTING_NAMES = [s.name for s in SETTINGS]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
    | st.sampled_from(["tanh", "he_normal", "fp16", "layer", "cuda", "dark", "1"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(SETTING_NAMES) | st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
config_objects = st.dictionaries(st.sampled_from(SETTING_NAMES) | st.text(max_size=8), json_values, max_size=6)  # fmt: skip
sessions = (
    config_objects
    | st.fixed_dictionaries(
        {"stability_lab_session": st.sampled_from([1, 1.0, True, 2, "1"])},
        optional={
            "config": config_objects | json_values,
            "display": st.dictionaries(
                st.sampled_from(["theme", "sample_layer", "zoom"]), json_values, max_size=3
            ),
        },
    )
    | json_values
)


@common
@given(session=sessions, raw=st.none() | st.binary(max_size=200))
def test_random_session_files_end_cleanly(capsys, session, raw):
    content = raw if raw is not None else json.dumps(session).encode()

    def prepare(folder: Path) -> dict[str, bytes]:
        (folder / "random.json").write_bytes(content)
        return {"random.json": content}

    argv = ["probe", "--config", "random.json", "--depth", "2", *SMALL, "--csv", "t.csv"]
    code = _run_in_a_fresh_folder(argv, capsys, prepare)
    assert code in (0, 1, 2)


@pytest.mark.parametrize("content", [b'{"depth": 3, "depth": 4}', b"true", b"[" * 50_000])
def test_the_session_fuzzer_catches_what_it_should(capsys, content):
    def prepare(folder: Path) -> dict[str, bytes]:
        (folder / "random.json").write_bytes(content)
        return {"random.json": content}

    argv = ["probe", "--config", "random.json", *SMALL, "--csv", "t.csv"]
    assert _run_in_a_fresh_folder(argv, capsys, prepare) == 2
