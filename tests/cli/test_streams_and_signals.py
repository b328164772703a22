"""The command line as a shell runs it: closed and broken standard streams, a full
stdout, file-size limits and signals. Each run ends with one line on stderr (when there
is a stderr), the right status, and no file half-written or left behind."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--depth", "2", "--width", "8", "--batch", "4", "--steps", "1"]
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux file descriptors")


def _env(tmp_path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))


def run(args, tmp_path, close=(), stdout=subprocess.PIPE, limit=None, timeout=60):
    """Run main.py in `tmp_path` with the descriptors in `close` closed."""

    def prepare():
        for fd in close:
            os.close(fd)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=None if 1 in close else stdout,
        stderr=None if 2 in close else subprocess.PIPE,
        preexec_fn=prepare,
        timeout=timeout,
    )


def _one_line(result) -> str:
    err = result.stderr.decode()
    lines = [line for line in err.strip().splitlines() if not line.endswith("] cells")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("stability-lab: error: "), err
    return lines[0]


def _left(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name != "cfg")


# ----- a closed stdout, stderr or both -------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["probe", "--csv", "-"],
        ["probe", "--json", "-"],
        ["sweep", "--csv", "-"],
        ["export", "--csv", "-"],
        ["taylor", "sigmoid"],
        ["list"],
        ["probe", "--help"],
    ],
    ids=["probe csv", "probe json", "sweep", "export", "taylor", "list", "help"],
)
def test_output_asked_of_a_closed_stdout_is_one_line_and_status_1(tmp_path, args):
    result = run(args, tmp_path, close=[1], timeout=20)
    assert result.returncode == 1
    assert "standard output is closed" in _one_line(result)


def test_a_closed_stderr_changes_nothing_but_the_messages(tmp_path):
    ok = run(["probe", *TINY, "--csv", "-"], tmp_path, close=[2])
    assert ok.returncode == 0 and ok.stdout.startswith(b"# stability-lab")
    bad = run(["probe", "--depth", "0", "--csv", "-"], tmp_path, close=[2])
    assert bad.returncode == 2 and bad.stdout == b""
    sweep = run(["sweep", *TINY[2:], "--depths", "2", "--values", "he_normal", "--csv", "t.csv"],
                tmp_path, close=[2])  # fmt: skip
    assert sweep.returncode == 0 and (tmp_path / "t.csv").read_text().count("\n") == 3


def test_with_every_standard_stream_closed_a_file_gets_only_its_own_bytes(tmp_path):
    result = run(["export", *TINY, "--out", "f.svg", "--csv", "t.csv"], tmp_path, close=[0, 1, 2])
    assert result.returncode == 0
    assert (tmp_path / "f.svg").read_bytes().startswith(b"<?xml")
    assert (tmp_path / "t.csv").read_text().startswith("# stability-lab")
    assert _left(tmp_path) == ["f.svg", "t.csv"]


# ----- a full or broken stdout -----------------------------------------------------------
@pytest.mark.parametrize("args", [["probe", *TINY, "--csv", "-"], ["taylor", "tanh"]])
def test_a_full_stdout_is_one_line_and_status_1(tmp_path, args):
    with open("/dev/full", "wb") as full:
        result = run(args, tmp_path, stdout=full)
    assert result.returncode == 1
    assert "standard output: cannot be written (No space left" in _one_line(result)


@pytest.mark.parametrize(
    "args",
    [["probe", *TINY, "--csv", "-"], ["list"], ["taylor", "sigmoid", "--json"], ["--help"]],
    ids=["probe", "list", "taylor", "help"],
)
def test_a_reader_that_has_gone_ends_the_run_quietly_with_141(tmp_path, args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` once head has exited
    try:
        result = run(args, tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.stderr == b"", result.stderr.decode()
    assert result.returncode == (0 if args == ["--help"] else 141)  # argparse's own choice


def test_a_reader_that_stops_after_one_line_like_head(tmp_path):
    cmd = [sys.executable, str(ROOT / "main.py"), "probe", "--depth", "1000", "--width", "8",
           "--batch", "2", "--steps", "1", "--csv", "-"]  # fmt: skip
    lab = subprocess.Popen(cmd, cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)  # fmt: skip
    fcntl.fcntl(lab.stdout.fileno(), F_SETPIPE_SZ, 4096)  # the table overflows the pipe
    first = lab.stdout.readline()
    lab.stdout.close()
    err = lab.stderr.read()
    assert lab.wait(60) == 141 and err == b"", err.decode()
    assert first.startswith(b"# stability-lab")


# ----- file-size limits: Qt's writers must not leave a truncated file --------------------
@pytest.mark.parametrize(
    "args,name",
    [
        (["export", *TINY, "--plot", "dashboard", "--out", "f.pdf"], "f.pdf"),
        (["export", *TINY, "--plot", "dashboard", "--out", "f.svg"], "f.svg"),
        (["sweep", *TINY[2:], "--depths", "2", "--values", "he_normal", "--out", "f.png"], "f.png"),
        (
            [
                "probe",
                "--depth",
                "400",
                "--width",
                "8",
                "--batch",
                "2",
                "--steps",
                "1",
                "--csv",
                "f.csv",
            ],
            "f.csv",
        ),  # fmt: skip
    ],
    ids=["pdf", "svg", "sweep png", "csv"],
)
def test_a_file_size_limit_keeps_the_old_file_and_says_so(tmp_path, args, name):
    (tmp_path / name).write_bytes(b"the good old file")
    result = run(args, tmp_path, limit=20_000)
    assert result.returncode == 1
    assert "file-size limit" in _one_line(result)
    assert (tmp_path / name).read_bytes() == b"the good old file"
    assert _left(tmp_path) == [name]


# ----- signals ---------------------------------------------------------------------------
def _handles(pid: int, signum: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt")).split()[1], 16)  # fmt: skip
    return bool(caught >> (signum - 1) & 1)


def _as_from_a_terminal():
    """A suite run in the background (`cmd &`, nohup) hands its children SIGINT and
    SIGHUP ignored, and the lab rightly keeps an ignored signal ignored: start the lab
    with the dispositions a terminal gives."""
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


def _start(args, tmp_path):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_as_from_a_terminal,
    )


def _wait_for(condition, seconds=30.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_sigterm_during_all_presets_writes_no_figure_and_no_temporary(tmp_path):
    (tmp_path / "figs").mkdir()
    lab = _start(["export", "--all-presets", "figs", "--steps", "1", "--width-px", "200"], tmp_path)
    _wait_for(lambda: any((tmp_path / "figs").iterdir()))  # the first figure is staged
    lab.send_signal(signal.SIGTERM)
    err = lab.stderr.read().decode()
    assert lab.wait(30) == 128 + signal.SIGTERM
    assert err.strip().splitlines()[-1].startswith("stability-lab: error: stopped by SIGTERM")
    assert "Traceback" not in err
    assert list((tmp_path / "figs").iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP, signal.SIGTERM])
def test_a_signal_during_a_long_probe_leaves_nothing(tmp_path, sig):
    args = ["probe", "--depth", "50", "--width", "128", "--steps", "100000", "--csv", "t.csv"]
    lab = _start(args, tmp_path)
    _wait_for(lambda: _handles(lab.pid, signal.SIGTERM))
    time.sleep(0.3)
    lab.send_signal(sig)
    _, err = lab.communicate(timeout=60)  # a signal lost fails here, never hangs
    err = err.decode()
    assert lab.returncode == 128 + sig
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert _left(tmp_path) == []
