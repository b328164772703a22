"""Which frames an animation shows, and how GIF frames keep their colours."""

from __future__ import annotations

import io

import pytest

from engine import LabConfig
from engine.animation import AnimationProblem, plan_animation
from engine.video import Frames, encode_gif


def test_a_depth_ramp_runs_from_depth_1_to_the_configs_depth_in_distinct_steps():
    plan = plan_animation(LabConfig(depth=30), "gradient", frames=7)
    assert plan.over == "depth" and plan.marks[0] == 1 and plan.marks[-1] == 30
    assert len(set(plan.marks)) == 7 and list(plan.marks) == sorted(plan.marks)
    assert plan.config_at(LabConfig(depth=30), 2).depth == plan.marks[2]
    assert plan.caption(LabConfig(depth=30), 0).endswith("depth ramp 1–30")
    assert plan_animation(LabConfig(depth=5), "heatmap").marks == (1, 2, 3, 4, 5)
    assert plan_animation(LabConfig(depth=5), "heatmap").steps == 10  # its history shows them
    assert plan_animation(LabConfig(depth=5), "gradient").steps == 1  # shows the last one


def test_a_training_animation_spreads_its_frames_over_the_steps_and_holds_the_last():
    plan = plan_animation(LabConfig(mode="train"), "training", frames=4, steps=100, fps=10)
    assert plan.over == "steps" and plan.marks == (25, 50, 75, 100)
    assert plan.label(1) == "step 50 of 100"
    assert plan.durations_ms() == [100, 100, 100, 1500]


@pytest.mark.parametrize(
    ("config", "plot", "kwargs", "field", "words"),
    [
        (LabConfig(depth=8), "gradient", {"frames": 9}, "frames", "at most 8 frames"),
        (LabConfig(), "gradient", {"frames": 1}, "frames", "out of range"),
        (LabConfig(), "gradient", {"fps": 0}, "fps", "out of range"),
        (LabConfig(), "taylor", {}, "plot", "does not change"),
        (LabConfig(), "training", {}, "plot", "set mode to train"),
        (LabConfig(depth=1), "gradient", {}, "depth", "needs depth ≥ 2"),
        (LabConfig(mode="train"), "training", {"frames": 30, "steps": 10}, "frames", "10"),
    ],
    ids=["beyond-depth", "one-frame", "fps", "taylor", "training-probe", "depth-1", "steps"],
)
def test_impossible_animations_name_the_choice_to_change(config, plot, kwargs, field, words):
    with pytest.raises(AnimationProblem) as caught:
        plan_animation(config, plot, **kwargs)
    assert caught.value.field == field and words in caught.value.reason


def test_a_gif_loops_keeps_every_frame_and_its_flat_colours_exactly():
    from PIL import Image

    colours = [(255, 255, 255), (0, 114, 178), (213, 94, 0)]
    frames = Frames(8, 4)
    for colour in colours:
        frames.add(bytes(colour) * 32)
    data = encode_gif(frames, [100, 100, 1500])
    assert data.startswith(b"GIF89a") and data.endswith(b";")
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == 3 and image.info["loop"] == 0
        seen = []
        for i in range(3):
            image.seek(i)
            seen.append(image.convert("RGB").getpixel((3, 2)))
    assert seen == colours
