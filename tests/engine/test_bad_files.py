"""Session and settings files: every way a file can be wrong is one clear FileProblem
naming the file and the problem; nothing in a file is ever executed or unpickled; a
failing write leaves neither a half-written target nor a temporary file behind."""

from __future__ import annotations

import errno
import os
import pickle
import time

import pytest

import engine.files
from engine import LabConfig
from engine.files import FileProblem, atomic_write, read_json
from engine.session import load_session, save_session

from ..bad_files import BAD_FILES, MARKER, expected_words, make_bad_file


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_bad_session_file_is_one_clear_message(case, tmp_path, monkeypatch):
    path = make_bad_file(tmp_path, case)
    monkeypatch.setattr(pickle, "loads", _must_not_run)
    monkeypatch.setattr(pickle, "load", _must_not_run)
    started = time.perf_counter()
    with pytest.raises(FileProblem) as info:
        load_session(path)
    assert time.perf_counter() - started < 5.0
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message and len(message) < 400, message
    for word in expected_words(case):
        assert word in message, (word, message)
    assert not (tmp_path / MARKER).exists(), "something in the file was executed"


def _must_not_run(*args, **kwargs):
    raise AssertionError("a settings file was unpickled")


def test_the_pickle_payload_really_would_run_if_unpickled(tmp_path):
    """The payload in the pickle cases is live: unpickling it creates the marker."""
    path = make_bad_file(tmp_path, "pickle (protocol 4, binary)")
    pickle.loads(path.read_bytes())  # noqa: S301 - the point of the test
    assert (tmp_path / MARKER).exists()


def test_a_device_or_pipe_is_refused_without_reading_it(tmp_path):
    with pytest.raises(FileProblem, match="not a regular file"):
        read_json("/dev/zero")  # would otherwise be read for ever
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem, match="not a regular file"):
        read_json(fifo)  # opening it would block until a writer came


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileProblem, match="no such file"):
        load_session(tmp_path / "nope.json")


@pytest.mark.parametrize(
    "content",
    [
        '\ufeff{"depth": 5}',  # a UTF-8 byte-order mark, as Windows editors write
        '{"stability_lab_session": 1, "config": {"depth": 5.0}, "display": {}}',
        '{\n  "depth": 5\n}\n',
    ],
)
def test_good_files_in_their_variants_load(content, tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(content.encode("utf-8"))
    config, _ = load_session(path)
    assert config.depth == 5


def test_saved_session_round_trips(tmp_path):
    config = LabConfig(depth=7, activation="tanh", clip=0.5, precision="bf16")
    save_session(tmp_path / "s.json", config, {"theme": "dark", "sample_layer": 3})
    assert load_session(tmp_path / "s.json") == (config, {"theme": "dark", "sample_layer": 3})
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


# ----- atomic writes ------------------------------------------------------------------
def _failing_replace(*args, **kwargs):
    raise OSError(errno.EIO, "simulated failure while renaming")


@pytest.mark.parametrize("existed", [False, True], ids=["new file", "overwrite"])
def test_a_failing_rename_leaves_no_target_and_no_temporary_file(existed, tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    if existed:
        target.write_text("old content\n")
    monkeypatch.setattr(os, "replace", _failing_replace)
    with pytest.raises(FileProblem, match="cannot be written .simulated") as info:
        atomic_write(target, "new content\n")
    assert str(info.value).startswith(str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == (["table.csv"] if existed else [])
    if existed:
        assert target.read_text() == "old content\n"


def test_a_full_disk_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    real_write = os.write

    def full_disk(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(FileProblem, match="s.json: cannot be written .No space left"):
        save_session(tmp_path / "s.json", LabConfig())
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_during_the_write_also_cleans_up(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "t.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_writing_into_a_missing_folder_or_onto_a_folder_is_refused(tmp_path):
    with pytest.raises(FileProblem, match="does not exist"):
        atomic_write(tmp_path / "missing" / "t.json", "{}")
    (tmp_path / "d.json").mkdir()
    with pytest.raises(FileProblem, match="is a folder"):
        atomic_write(tmp_path / "d.json", "{}")
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]


def test_the_input_size_limit_is_the_module_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.files, "MAX_INPUT_BYTES", 10)
    path = tmp_path / "s.json"
    path.write_text('{"depth": 5}')  # 12 bytes
    with pytest.raises(FileProblem, match="too large"):
        read_json(path)
