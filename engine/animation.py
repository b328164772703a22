"""What an animation is, without Qt or torch: which frames, of what, for how long.

A training config animates over its training steps (the loss falling, the layers
learning); a probe config over a depth ramp, the same settings built 1, …, d layers
deep (the gradient shrinking or growing as the net deepens) — what a lecturer wants
moving on a slide. The command line and the window's dialog both plan with
`plan_animation`, so they accept and refuse the same requests in the same words.
"""

from __future__ import annotations

import dataclasses

from .config import LabConfig
from .figures import HISTORY_PLOTS, PLOTS
from .words import QT_TRANSLATE_NOOP, message

FORMATS = (".gif", ".mp4")  # animation files, by extension
# The Taylor panel depends on the activation alone: it would not move.
PLOTS_ANIMATED = tuple(p for p in PLOTS if p != "taylor")
DEFAULT_FRAMES, MIN_FRAMES, MAX_FRAMES = 30, 2, 300
DEFAULT_FPS, MIN_FPS, MAX_FPS = 8, 1, 50
HOLD_SECONDS = 1.5  # the last frame stays this long before the loop restarts
DEFAULT_TRAIN_STEPS = 200  # a training animation's steps in all
MAX_TRAIN_STEPS = 20_000
# Probe steps per depth: a history plot (the heatmap) shows them all; a per-layer plot
# shows the last one only, so one step is the same picture at a tenth of the cost.
DEFAULT_PROBE_STEPS, HISTORY_PROBE_STEPS = 1, 10
MAX_PROBE_STEPS = 1_000


class AnimationProblem(ValueError):
    """A request that cannot be animated; `field` names the choice to change (a key:
    the command line maps it to a flag, the window to a box), `reason` says why (a
    marked `Message`: English as a str, translated by the window)."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


@dataclasses.dataclass(frozen=True)
class AnimationPlan:
    """`marks[i]` is the training step (over "steps") or the depth (over "depth") that
    frame i shows; `steps` is the training steps in all, or the probe steps per depth."""

    over: str
    marks: tuple[int, ...]
    steps: int
    fps: int = DEFAULT_FPS

    @property
    def frames(self) -> int:
        return len(self.marks)

    def durations_ms(self) -> list[int]:
        """Each frame's time on screen; the last one holds (`HOLD_SECONDS`)."""
        each = round(1000 / self.fps)
        return [each] * (self.frames - 1) + [max(each, round(1000 * HOLD_SECONDS))]

    def label(self, index: int) -> str:
        """What frame `index` shows, for its caption ('step 40 of 200', 'depth 12')."""
        if self.over == "steps":
            template = QT_TRANSLATE_NOOP("Animation", "step {step} of {steps}")
            return message(template, step=str(self.marks[index]), steps=str(self.steps))
        template = QT_TRANSLATE_NOOP("Animation", "depth {depth} of {last}")
        return message(template, depth=str(self.marks[index]), last=str(self.marks[-1]))

    def caption(self, config: LabConfig, index: int) -> str:
        """The settings of frame `index` and where it lies in the animation."""
        shown = self.config_at(config, index).label()  # names the frame's depth
        if self.over == "steps":
            template = QT_TRANSLATE_NOOP("Animation", "{settings} · step {step} of {steps}")
            return message(
                template, settings=shown, step=str(self.marks[index]), steps=str(self.steps)
            )
        template = QT_TRANSLATE_NOOP("Animation", "{settings} · depth ramp {first}–{last}")
        return message(template, settings=shown, first=str(self.marks[0]), last=str(self.marks[-1]))

    def ending_at(self, step: int) -> AnimationPlan:
        """This training animation cut at `step` (where it diverged), its frames spread
        over the steps up to there."""
        count = min(self.frames, step)
        marks = tuple(round(step * (i + 1) / count) for i in range(count))
        return dataclasses.replace(self, marks=marks, steps=step)

    def config_at(self, config: LabConfig, index: int) -> LabConfig:
        return config.with_(depth=self.marks[index]) if self.over == "depth" else config


def plan_animation(
    config: LabConfig,
    plot: str,
    frames: int | None = None,
    steps: int | None = None,
    fps: int | None = None,
) -> AnimationPlan:
    """The frames of `plot` for `config`, or AnimationProblem naming what is wrong."""
    if plot not in PLOTS_ANIMATED:
        allowed = ", ".join(PLOTS_ANIMATED)
        if plot == "taylor":
            why = QT_TRANSLATE_NOOP(
                "Animation",
                "{plot} does not change over steps or depth (animate one of: {allowed})",
            )
        else:
            why = QT_TRANSLATE_NOOP("Animation", "{plot} is not a plot (animate one of: {allowed})")
        raise AnimationProblem("plot", message(why, plot=repr(plot), allowed=allowed))
    fps = DEFAULT_FPS if fps is None else fps
    if not MIN_FPS <= fps <= MAX_FPS:
        raise AnimationProblem("fps", _out_of_range(fps, MIN_FPS, MAX_FPS))
    if frames is not None and not MIN_FRAMES <= frames <= MAX_FRAMES:
        raise AnimationProblem("frames", _out_of_range(frames, MIN_FRAMES, MAX_FRAMES))
    if config.mode == "train":
        steps = DEFAULT_TRAIN_STEPS if steps is None else steps
        _check_steps(
            steps, MAX_TRAIN_STEPS, QT_TRANSLATE_NOOP("Animation", "training steps in all")
        )
        count = min(DEFAULT_FRAMES, steps) if frames is None else frames
        if count > steps:
            template = QT_TRANSLATE_NOOP(
                "Animation",
                "{count} frames need at least {count} training steps (there are {steps})",
            )
            raise AnimationProblem("frames", message(template, count=str(count), steps=str(steps)))
        if count < MIN_FRAMES:
            template = QT_TRANSLATE_NOOP(
                "Animation", "a training animation needs at least {least} steps"
            )
            raise AnimationProblem("steps", message(template, least=str(MIN_FRAMES)))
        marks = [round(steps * (i + 1) / count) for i in range(count)]
        return AnimationPlan("steps", tuple(marks), steps, fps)
    if plot == "training":
        raise AnimationProblem(
            "plot",
            QT_TRANSLATE_NOOP(
                "Animation",
                "the training plot moves only while training: set mode to train "
                "(a probe config animates over a depth ramp)",
            ),
        )
    steps = default_steps(config, plot) if steps is None else steps
    _check_steps(steps, MAX_PROBE_STEPS, QT_TRANSLATE_NOOP("Animation", "probe steps per depth"))
    depth = config.depth
    if depth < MIN_FRAMES:
        template = QT_TRANSLATE_NOOP(
            "Animation", "a depth ramp needs depth ≥ {least} (it is {depth})"
        )
        raise AnimationProblem("depth", message(template, least=str(MIN_FRAMES), depth=str(depth)))
    count = min(DEFAULT_FRAMES, depth) if frames is None else frames
    if count > depth:
        template = QT_TRANSLATE_NOOP(
            "Animation", "a depth ramp to depth {depth} has at most {depth} frames (asked {count})"
        )
        raise AnimationProblem("frames", message(template, depth=str(depth), count=str(count)))
    marks = sorted({1 + round((depth - 1) * i / (count - 1)) for i in range(count)})
    return AnimationPlan("depth", tuple(marks), steps, fps)


def default_steps(config: LabConfig, plot: str) -> int:
    """Training steps in all, or probe steps per depth, when none are asked for."""
    if config.mode == "train":
        return DEFAULT_TRAIN_STEPS
    return HISTORY_PROBE_STEPS if plot in HISTORY_PLOTS else DEFAULT_PROBE_STEPS


def _out_of_range(value: int, lo: int, hi: int):
    template = QT_TRANSLATE_NOOP("Animation", "{value} is out of range ({lo}–{hi})")
    return message(template, value=str(value), lo=str(lo), hi=str(hi))


def _check_steps(steps: int, limit: int, what: str) -> None:
    if not 1 <= steps <= limit:
        template = QT_TRANSLATE_NOOP("Animation", "{steps} is out of range (1–{limit} {what})")
        raise AnimationProblem(
            "steps", message(template, steps=str(steps), limit=str(limit), what=what)
        )
