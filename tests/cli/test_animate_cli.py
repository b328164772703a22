"""`export --animate`: a GIF (or MP4) of a plot over a depth ramp or training steps."""

from __future__ import annotations

import io

import numpy as np
import pytest

import engine.video
from cli import main

TINY = ["--depth", "6", "--width", "16", "--batch", "8", "--width-px", "320"]


def _gif_frames(path) -> tuple[dict, list[np.ndarray]]:
    from PIL import Image

    data = path.read_bytes()
    assert data.startswith(b"GIF89a") and data.endswith(b";")
    with Image.open(io.BytesIO(data)) as image:
        info, frames = dict(image.info), []
        for i in range(image.n_frames):
            image.seek(i)
            frames.append(np.asarray(image.convert("RGB")))
    return info, frames


def test_a_depth_ramp_gif_decodes_loops_and_its_frames_differ(tmp_path, capsys):
    out = tmp_path / "ramp.gif"
    argv = ["export", *TINY, "--animate", str(out), "--frames", "3", "--steps", "1"]
    assert main(argv) == 0
    info, frames = _gif_frames(out)
    assert len(frames) == 3 and info["loop"] == 0
    assert frames[0].shape[1] == 320 and len({f.shape for f in frames}) == 1
    assert np.abs(frames[0].astype(int) - frames[2].astype(int)).sum() > 1000  # it moves
    err = capsys.readouterr().err
    assert "[6/6] painted frame 3" in err and f"wrote {out} (3 frames" in err
    assert [p.name for p in tmp_path.iterdir()] == ["ramp.gif"]


def test_a_training_animation_that_diverges_ends_at_that_step(tmp_path, capsys):
    out = tmp_path / "lr.gif"
    argv = ["export", "--preset", "lr_too_high", "--width-px", "320", "--plot", "training"]
    assert main([*argv, "--animate", str(out), "--frames", "5", "--steps", "50"]) == 0
    _info, frames = _gif_frames(out)
    err = capsys.readouterr().err
    assert "diverged at step 3: the animation shows steps 1–3" in err and len(frames) == 3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--animate", "{tmp}/a.png"], "unknown animation format '.png'"),
        (["--animate", "{tmp}/a.gif", "--frames", "1"], "argument --frames: 1 is out of range"),
        (["--animate", "{tmp}/a.gif", "--frames", "7"], "at most 6 frames"),
        (["--animate", "{tmp}/a.gif", "--frames", "x"], "argument --frames"),
        (["--animate", "{tmp}/a.gif", "--fps", "0"], "argument --fps"),
        (["--animate", "{tmp}/a.gif", "--plot", "taylor"], "does not change"),
        (["--animate", "{tmp}/a.gif", "--plot", "training"], "set mode to train"),
        (["--animate", "{tmp}/a.gif", "--theme", "transparent"], "no smooth transparency"),
        (["--animate", "{tmp}/a.gif", "--out", "{tmp}/a.png"], "drop --out"),
        (["--animate", "{tmp}/no/a.gif"], "does not exist"),
        (["--out", "{tmp}/a.png", "--frames", "3"], "only for --animate"),
    ],
    ids=["png", "one", "beyond-depth", "word", "fps", "taylor", "train", "clear", "out",
         "folder", "frames-alone"],
)  # fmt: skip
def test_bad_animation_requests_exit_2_with_one_line_and_write_nothing(
    tmp_path, capsys, extra, message
):
    argv = ["export", *TINY, *(a.replace("{tmp}", str(tmp_path)) for a in extra)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


def test_mp4_without_an_encoder_fails_naming_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(engine.video, "mp4_encoder", lambda: None)
    assert main(["export", *TINY, "--animate", str(tmp_path / "a.mp4")]) == 2
    err = capsys.readouterr().err.strip()
    assert "no MP4 encoder found" in err and "ffmpeg" in err and "use .gif" in err
    assert len(err.splitlines()) == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.skipif(engine.video.mp4_encoder() is None, reason="no ffmpeg here")
def test_mp4_is_an_h264_file_when_an_encoder_is_installed(tmp_path):
    out = tmp_path / "a.mp4"
    assert main(["export", *TINY, "--animate", str(out), "--frames", "2", "--steps", "1"]) == 0
    data = out.read_bytes()
    assert data[4:8] == b"ftyp" and b"avc1" in data
