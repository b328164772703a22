"""`export --animate OUT.gif|OUT.mp4 [--frames N] [--fps N]`: a plot that moves, for a slide.

A training config animates over its training steps (`--steps` in all, default 200), a
probe config over a depth ramp 1 → `--depth` (`--steps` probe steps per depth). The
frames are drawn like a still figure (`--plot`, `--theme`, `--width-px`, `--caption`)
by gui/animation.py. Everything — the flags, the file, the encoder — is checked before
any computing; progress goes to stderr as `[k/n] …` lines (the window reads them), and
the file is written whole at the end or not at all.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from engine import animation
from engine.animation import AnimationProblem, plan_animation
from engine.figures import CLEAR_THEMES, SizeError, alternatives, default_aspect, pixel_size
from engine.files import FileProblem, WriteBatch
from engine.video import NoEncoder, require_mp4_encoder

from .options import UsageError, config_from_args
from .outputs import add_output, check_destination
from .streams import end_progress, say, say_progress, signals_held

FLAGS = {"plot": "--plot", "frames": "--frames", "fps": "--fps", "steps": "--steps"}
# Still-figure outputs an animation does not make alongside itself.
OTHER_OUTPUTS = (
    ("out", "--out"),
    ("all_presets", "--all-presets"),
    ("csv", "--csv"),
    ("json", "--json"),
    ("format", "--format"),
    ("compare", "--compare"),
)


def add_animate_options(parser) -> None:
    group = parser.add_argument_group("animation")
    group.add_argument(
        "--animate",
        metavar="FILE",
        help=f"write the plot moving as {alternatives(animation.FORMATS)}: over the training "
        "steps (--mode train; --steps in all, default "
        f"{animation.DEFAULT_TRAIN_STEPS}) or over a depth ramp 1 → --depth (--steps per "
        f"depth, default {animation.HISTORY_PROBE_STEPS} for the heatmap and dashboard, "
        f"{animation.DEFAULT_PROBE_STEPS} otherwise)",
    )
    group.add_argument(
        "--frames",
        type=int,
        metavar="N",
        help=f"frames in the animation, {animation.MIN_FRAMES}–{animation.MAX_FRAMES} "
        f"(default {animation.DEFAULT_FRAMES}, or the depth or the steps when fewer)",
    )
    group.add_argument(
        "--fps",
        type=int,
        metavar="N",
        help=f"frames per second, {animation.MIN_FPS}–{animation.MAX_FPS} (default "
        f"{animation.DEFAULT_FPS}); the last frame holds {animation.HOLD_SECONDS:g} s",
    )


def animating(args) -> bool:
    """Whether `export` is to animate; --frames or --fps alone is a mistake."""
    if getattr(args, "animate", None) is not None:
        return True
    for name in ("frames", "fps"):
        if getattr(args, name, None) is not None:
            raise UsageError(f"argument --{name}: only for --animate OUT.gif|OUT.mp4")
    return False


def _check_path(path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() not in animation.FORMATS:
        shown = target.suffix or "no extension"
        allowed = ", ".join(animation.FORMATS)
        raise UsageError(
            f"argument --animate: unknown animation format {shown!r} (allowed: {allowed})"
        )
    check_destination("--animate", path)
    return target


def _plan(args):
    for name, flag in OTHER_OUTPUTS:
        if getattr(args, name, None) is not None:
            raise UsageError(f"--animate writes one animation: drop {flag}")
    path = _check_path(args.animate)
    config = config_from_args(args)
    if args.theme in CLEAR_THEMES:
        raise UsageError(
            "argument --theme: GIF and MP4 have no smooth transparency; use light or dark"
        )
    size = _size(args)
    try:
        plan = plan_animation(config, args.plot, args.frames, args.steps, args.fps)
    except AnimationProblem as exc:
        raise UsageError(
            f"argument {FLAGS.get(exc.field, '--' + exc.field)}: {exc.reason}"
        ) from None
    encoder = None
    if path.suffix.lower() == ".mp4":
        try:
            encoder = require_mp4_encoder()
        except NoEncoder as exc:
            raise UsageError(f"argument --animate: {exc}") from None
    return path, config, plan, encoder, size


def _size(args) -> tuple[int | None, int | None]:
    """Pixel width and height of the frames, as for a still figure of the plot."""
    aspect = getattr(args, "aspect", None) or default_aspect(args.plot)
    width, height = args.width_px, getattr(args, "height_px", None)
    try:
        return pixel_size(aspect, width, height)
    except SizeError as exc:
        flag = {"aspect": "--aspect", "width": "--width-px", "height": "--height-px"}[exc.field]
        raise UsageError(f"argument {flag}: {exc.reason}") from None


def cmd_animate(args) -> int:
    path, config, plan, encoder, size = _plan(args)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # as for a still figure: never a screen
    from engine.video import encode_gif, encode_mp4
    from gui.animation import render_animation
    from gui.figure_builder import ensure_app

    from .figure_language import use_language

    ensure_app()
    use_language(args)  # the frames' words and captions; progress lines stay English

    def progress(done: int, total: int, what: str) -> None:
        say_progress(f"[{done}/{total}] {what}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN layers are the lesson
        shown, frames = render_animation(
            config, args.plot, plan, size, args.theme, args.caption, progress,
            guard=signals_held,
        )  # fmt: skip
    end_progress()
    if shown.steps < plan.steps and plan.over == "steps":
        say(
            f"the training diverged at step {shown.steps}: the animation shows steps 1–{shown.steps}"
        )
    try:
        if path.suffix.lower() == ".gif":
            data = encode_gif(frames, shown.durations_ms())
        else:
            hold = round(animation.HOLD_SECONDS * shown.fps)
            data = encode_mp4(frames, shown.fps, hold, encoder)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot write the animation ({exc})") from None
    with WriteBatch() as batch:
        add_output(batch, str(path), data)
        batch.commit()
    size = f"{len(data) / 1e6:.1f} MB" if len(data) >= 1e5 else f"{len(data) / 1e3:.0f} kB"
    say(f"wrote {path} ({shown.frames} frames, {frames.width}×{frames.height} px, {size})")
    return 0
