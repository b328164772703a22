"""Animation files: GIF always (Pillow), MP4 when an ffmpeg is installed.

Frames arrive as RGB bytes of one size. A GIF gets one 256-colour palette made from
all its frames together, so colours do not flicker from frame to frame, and no
dithering: plots are flat colours, and dither noise would only speckle them and grow
the file. MP4 goes through ffmpeg (on PATH, or the one the `imageio-ffmpeg` package
ships) as H.264 in yuv420p, which slides and browsers play. Each encoder returns the
whole file, checked — the GIF decoded again and its frames counted, the MP4 by
ffmpeg's status and its `ftyp` box — for the caller to write atomically.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterator, Sequence

from .words import QT_TRANSLATE_NOOP, message

GIF_COLOURS = 256
PALETTE_SAMPLE = 4  # every 4th pixel of every frame chooses the palette
MP4_INSTALL = QT_TRANSLATE_NOOP(
    "Video", "install ffmpeg on PATH, or the Python package imageio-ffmpeg"
)


class NoEncoder(Exception):
    """No program to write this format with; the message says what to install."""


class Frames:
    """RGB frames of one size, kept zlib-compressed: a plot compresses ~50×, so 30
    frames at 1920 px hold a few MB instead of 200."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self._data: list[bytes] = []

    def add(self, rgb: bytes) -> None:
        if len(rgb) != self.width * self.height * 3:
            raise ValueError(f"a frame of {len(rgb)} bytes is not {self.width}×{self.height} RGB")
        self._data.append(zlib.compress(rgb, 1))

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[bytes]:
        for packed in self._data:
            yield zlib.decompress(packed)


# ----------------------------------------------------------------------------- GIF
def encode_gif(frames: Frames, durations_ms: Sequence[int]) -> bytes:
    """A looping GIF of `frames`, frame i shown for `durations_ms[i]`."""
    from PIL import Image  # only an export needs it

    if len(frames) != len(durations_ms) or not len(frames):
        raise ValueError("a GIF needs one duration per frame, and at least one frame")
    size = (frames.width, frames.height)
    palette = _shared_palette([Image.frombytes("RGB", size, rgb) for rgb in frames])
    images = [
        Image.frombytes("RGB", size, rgb).quantize(palette=palette, dither=Image.Dither.NONE)
        for rgb in frames
    ]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=list(durations_ms),
        loop=0,  # forever, as a slide wants
        optimize=False,
    )
    data = buffer.getvalue()
    _check_gif(data, len(frames))
    return data


def _shared_palette(images) -> object:
    """One palette for every frame, from a sample of all their pixels (nearest-pixel
    sampling: an averaged sample would invent colours no frame has)."""
    from PIL import Image

    w, h = images[0].size
    small = (max(1, w // PALETTE_SAMPLE), max(1, h // PALETTE_SAMPLE))
    sheet = Image.new("RGB", (small[0], small[1] * len(images)))
    for i, image in enumerate(images):
        sheet.paste(image.resize(small, Image.Resampling.NEAREST), (0, i * small[1]))
    return sheet.quantize(colors=GIF_COLOURS, method=Image.Quantize.MEDIANCUT)


def _check_gif(data: bytes, frames: int) -> None:
    from PIL import Image

    if not data.startswith(b"GIF89a") or not data.endswith(b";"):
        raise OSError(f"the GIF encoder wrote an incomplete file ({len(data)} bytes)")
    with Image.open(io.BytesIO(data)) as image:
        if image.n_frames != frames:
            raise OSError(f"the GIF holds {image.n_frames} frames instead of {frames}")


# ----------------------------------------------------------------------------- MP4
def mp4_encoder() -> str | None:
    """The ffmpeg program to write MP4 with: on PATH, else imageio-ffmpeg's; None."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except (OSError, RuntimeError):  # the package without its binary
        return None


def require_mp4_encoder() -> str:
    encoder = mp4_encoder()
    if encoder is None:
        template = QT_TRANSLATE_NOOP(
            "Video", "no MP4 encoder found: {install} (GIF needs none: use .gif)"
        )
        raise NoEncoder(message(template, install=MP4_INSTALL))
    return encoder


def encode_mp4(frames: Frames, fps: int, hold_frames: int = 0, encoder: str | None = None) -> bytes:
    """An H.264 MP4 of `frames` at `fps`, the last frame repeated `hold_frames` times."""
    encoder = encoder or require_mp4_encoder()
    with tempfile.TemporaryDirectory(prefix="stability-lab-mp4-") as folder:
        out, log = os.path.join(folder, "out.mp4"), os.path.join(folder, "ffmpeg.log")
        command = [
            encoder, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{frames.width}x{frames.height}",
            "-r", str(fps), "-i", "pipe:0",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",  # yuv420p needs even sides
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18",
            "-movflags", "+faststart", out,
        ]  # fmt: skip
        with open(log, "wb") as errors:
            _pipe_frames(command, frames, hold_frames, errors)
        with open(log, "rb") as errors:
            said = errors.read().decode("utf-8", "replace").strip().splitlines()
        if not os.path.exists(out):
            raise OSError(f"ffmpeg wrote no video ({said[-1] if said else 'no message'})")
        with open(out, "rb") as fh:
            data = fh.read()
    if len(data) < 12 or data[4:8] != b"ftyp":
        raise OSError(f"ffmpeg wrote an incomplete MP4 ({len(data)} bytes)")
    return data


def _pipe_frames(command: list[str], frames: Frames, hold: int, errors) -> None:
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=errors, stderr=errors)
    except OSError as exc:
        raise OSError(f"cannot start ffmpeg ({exc.strerror or exc})") from None
    try:
        last = b""
        for last in frames:
            process.stdin.write(last)
        for _ in range(hold):
            process.stdin.write(last)
        process.stdin.close()
        status = process.wait()
    except BrokenPipeError:
        status = process.wait()
    finally:  # a signal or an error on the way: ffmpeg must not outlive the export
        if process.poll() is None:
            process.kill()
            process.wait()
    if status != 0:
        errors.flush()
        raise OSError(f"ffmpeg failed with status {status}: {_last_line(errors.name)}")


def _last_line(path: str) -> str:
    with open(path, "rb") as fh:
        lines = fh.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"
