"""The limits are written the way the lesson writes them, wherever they are shown."""

from engine import figures
from engine.formats import HEALTHY, RANGES, band, short


def test_short_writes_the_limits_as_the_lesson_does():
    assert band(*HEALTHY) == "[1e-6, 1e3]"
    assert (short(RANGES["fp16"].tiny), short(RANGES["fp16"].max)) == ("6.1e-5", "65504")
    assert (short(RANGES["fp32"].tiny), short(RANGES["bf16"].max)) == ("1.2e-38", "3.4e38")
    assert figures.alternatives(figures.FORMATS) == "png, svg or pdf"
