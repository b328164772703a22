"""Writing outputs: what a path already is decides how it is written, and a failure at
any point (a full disk, a file-size limit, a failing fsync or rename, a signal) leaves
the old file whole and no temporary file behind."""

from __future__ import annotations

import errno
import os
import resource
import socket
import stat
import threading

import pytest

from engine.files import FileProblem, WriteBatch, atomic_write, check_writable, one_line
from engine.writing import _TEMPORARY, remove_temporary_files, stage, target_of

OLD = "old content\n"
NEW = "new content\n" * 1000


def _names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ----- what the path is ----------------------------------------------------------------
def test_a_new_and_an_existing_file_keeping_its_permissions(tmp_path):
    new = tmp_path / "new.csv"
    atomic_write(new, NEW)
    assert new.read_text() == NEW
    old = tmp_path / "old.csv"
    old.write_text(OLD)
    old.chmod(0o640)
    atomic_write(old, NEW)
    assert old.read_text() == NEW and stat.S_IMODE(old.stat().st_mode) == 0o640
    assert _names(tmp_path) == ["new.csv", "old.csv"]


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_a_symlink_is_written_through_and_stays_a_link(tmp_path, relative):
    elsewhere = tmp_path / "data"
    elsewhere.mkdir()
    real = elsewhere / "real.csv"
    real.write_text(OLD)
    link = tmp_path / "link.csv"
    link.symlink_to(os.path.relpath(real, tmp_path) if relative else real)
    atomic_write(link, NEW)
    assert link.is_symlink() and real.read_text() == NEW
    assert _names(elsewhere) == ["real.csv"] and _names(tmp_path) == ["data", "link.csv"]


def test_a_chain_of_links_and_a_dangling_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text(OLD)
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("real.csv")
    atomic_write(tmp_path / "a", NEW)
    assert real.read_text() == NEW and (tmp_path / "a").is_symlink()
    (tmp_path / "dangling").symlink_to("created.csv")
    atomic_write(tmp_path / "dangling", NEW)
    assert (tmp_path / "created.csv").read_text() == NEW and (tmp_path / "dangling").is_symlink()


def test_links_that_loop_or_lead_to_a_folder_or_a_missing_folder_are_refused(tmp_path):
    (tmp_path / "x").symlink_to("y")
    (tmp_path / "y").symlink_to("x")
    with pytest.raises(FileProblem, match="symbolic link.*loop"):
        atomic_write(tmp_path / "x", NEW)
    (tmp_path / "d").mkdir()
    (tmp_path / "to_dir").symlink_to("d")
    with pytest.raises(FileProblem, match="is a folder"):
        atomic_write(tmp_path / "to_dir", NEW)
    (tmp_path / "nowhere").symlink_to("missing/f.csv")
    with pytest.raises(FileProblem, match="does not exist"):
        atomic_write(tmp_path / "nowhere", NEW)
    assert _names(tmp_path) == ["d", "nowhere", "to_dir", "x", "y"]


def test_a_fifo_is_streamed_to_its_reader_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    for _ in range(200):  # until the reader has opened its end
        try:
            atomic_write(fifo, NEW)
            break
        except FileProblem as exc:
            assert "no program is reading" in str(exc)
            threading.Event().wait(0.01)
    reader.join(5)
    assert got == [NEW] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_without_a_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem, match="pipe .FIFO. that no program is reading"):
        atomic_write(fifo, NEW)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _names(tmp_path) == ["pipe"]


def test_devices_are_written_in_place_never_replaced(tmp_path):
    before = os.lstat(os.devnull)
    atomic_write(os.devnull, NEW)
    (tmp_path / "null").symlink_to(os.devnull)
    atomic_write(tmp_path / "null", NEW)
    after = os.lstat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    if os.path.exists("/dev/full"):
        with pytest.raises(FileProblem, match="/dev/full: cannot be written .No space left"):
            atomic_write("/dev/full", NEW)
        assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_a_block_device_and_a_socket_are_refused(tmp_path):
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(FileProblem, match="is a socket"):
            atomic_write(sock_path, NEW)
    if os.geteuid() == 0:
        block = tmp_path / "disk"
        os.mknod(block, stat.S_IFBLK | 0o600, os.makedev(7, 200))
        with pytest.raises(FileProblem, match="block device"):
            atomic_write(block, NEW)
        assert stat.S_ISBLK(os.lstat(block).st_mode)


@pytest.mark.parametrize(
    "name,message",
    [
        ("a" * 300 + ".csv", "the file name is too long"),
        ("file.csv/inner.csv", "not a folder"),
        ("missing/inner.csv", "does not exist"),
        ("bad\0name.csv", "NUL character"),
        ("", "an empty file name"),
    ],
    ids=["long name", "file as folder", "missing folder", "NUL", "empty"],
)
def test_names_that_cannot_be_files_say_why_in_words(tmp_path, name, message):
    (tmp_path / "file.csv").write_text(OLD)
    path = str(tmp_path / name) if name else ""
    with pytest.raises(FileProblem, match=message) as info:
        check_writable(path)
    assert "Errno" not in str(info.value) and len(str(info.value)) < 500
    assert _names(tmp_path) == ["file.csv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_file_or_folder_is_refused(tmp_path):
    (tmp_path / "ro.csv").write_text(OLD)
    (tmp_path / "ro.csv").chmod(0o444)
    with pytest.raises(FileProblem, match="read-only"):
        atomic_write(tmp_path / "ro.csv", NEW)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    with pytest.raises(FileProblem, match="not writable"):
        atomic_write(locked / "t.csv", NEW)


# ----- failures while writing ------------------------------------------------------------
def test_a_file_size_limit_fails_loudly_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text(OLD)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(FileProblem, match="File too large; .*file-size limit"):
            atomic_write(target, NEW)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert target.read_text() == OLD and _names(tmp_path) == ["t.csv"]


@pytest.mark.parametrize("call", ["fsync", "replace", "write", "fstat"])
def test_any_failing_step_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch, call):
    target = tmp_path / "t.csv"
    target.write_text(OLD)
    real = getattr(os, call)

    def failing(*args, **kwargs):
        if call == "fstat":  # a short file on disk, as a silently truncating writer leaves
            info = real(*args, **kwargs)
            return os.stat_result((*info[:6], info.st_size - 1, *info[7:10]))
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, call, failing)
    with pytest.raises(FileProblem, match="t.csv: cannot be written"):
        atomic_write(target, NEW)
    monkeypatch.undo()
    assert target.read_text() == OLD and _names(tmp_path) == ["t.csv"]
    assert not _TEMPORARY


def test_a_batch_writes_all_or_none(tmp_path):
    (tmp_path / "b.json").write_text(OLD)
    with pytest.raises(FileProblem, match="does not exist"), WriteBatch() as batch:
        batch.add(tmp_path / "a.csv", NEW)
        batch.add(tmp_path / "b.json", NEW)
        batch.add(tmp_path / "missing" / "c.csv", NEW)
        batch.commit()
    assert _names(tmp_path) == ["b.json"] and (tmp_path / "b.json").read_text() == OLD
    with WriteBatch() as batch:
        batch.add(tmp_path / "a.csv", NEW)
        batch.add(tmp_path / "b.json", NEW)
        batch.later(lambda: None)
        batch.commit()
    assert (tmp_path / "a.csv").read_text() == NEW == (tmp_path / "b.json").read_text()


def test_a_stream_failing_at_commit_cancels_the_files(tmp_path):
    def broken():
        raise FileProblem("standard output: cannot be written (No space left on device)")

    with pytest.raises(FileProblem), WriteBatch() as batch:
        batch.add(tmp_path / "a.csv", NEW)
        batch.later(broken)
        batch.commit()
    assert _names(tmp_path) == []


def test_an_interrupt_between_staging_and_commit_removes_every_temporary(tmp_path):
    with pytest.raises(KeyboardInterrupt), WriteBatch() as batch:
        batch.add(tmp_path / "a.csv", NEW)
        batch.add(tmp_path / "b.csv", NEW)
        assert len(_names(tmp_path)) == 2  # the two staged, hidden files
        raise KeyboardInterrupt
    assert _names(tmp_path) == []


def test_a_signal_handler_can_remove_live_temporaries(tmp_path):
    tmp = stage(target_of(tmp_path / "a.csv"), b"data")
    assert os.path.exists(tmp)
    remove_temporary_files()
    assert _names(tmp_path) == [] and not _TEMPORARY


# ----- messages ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "x" * 5_000_000,
        "depth: " + repr("y" * 10**6) + " is not an integer (allowed: 1–1000)",
        "a\nb\rc\td\x1b[31m\u202eevil\u2028e\x00",
        str(list(range(200_000))),
    ],
    ids=["5 MB word", "huge value", "control characters", "huge list"],
)
def test_a_message_is_always_one_short_printable_line(text):
    line = one_line(text)
    assert len(line) <= 1100 and line.isprintable()
    if "allowed" in text:
        assert line.endswith("(allowed: 1–1000)") and line.startswith("depth: 'yyy")
