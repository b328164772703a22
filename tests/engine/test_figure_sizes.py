"""A figure's pixel size from its aspect and the sides given (`engine.figures.pixel_size`):
one side and an aspect make the other; a size that cannot be made names what is wrong."""

from __future__ import annotations

import pytest

from engine.figures import SizeError, default_aspect, pixel_size


@pytest.mark.parametrize(
    "aspect,width,height,size",
    [
        ("16:9", None, 1080, (1920, 1080)),
        ("16:9", None, None, (1920, 1080)),
        ("4:3", 800, None, (800, 600)),
        ("1:1", None, 500, (500, 500)),
        ("16:9", 1921, 1080, (1921, 1080)),  # a pixel of rounding is the same shape
        ("auto", None, None, (1920, None)),  # the plot's own shape
        ("auto", None, 700, (None, 700)),
        ("auto", 700, 300, (700, 300)),  # free: exactly that
    ],
)
def test_one_side_and_an_aspect_make_the_other(aspect, width, height, size):
    assert pixel_size(aspect, width, height) == size


@pytest.mark.parametrize(
    "args,field,words",
    [
        (("5:4", 800, None), "aspect", "'5:4' is not one of: 16:9, 4:3, 1:1, auto"),
        (("16:9", 1920, 1000), "height", "1920 × 1000 px is not 16:9"),
        (("16:9", None, 9000), "width", "16000 px is out of range (100–10000)"),
        (("1:1", 50, None), "width", "50 px is out of range"),
    ],
)
def test_a_size_that_cannot_be_made_names_the_side_and_why(args, field, words):
    with pytest.raises(SizeError) as caught:
        pixel_size(*args)
    assert caught.value.field == field and words in caught.value.reason


def test_the_dashboard_is_a_slide_and_a_single_plot_keeps_its_shape():
    assert default_aspect("dashboard") == "16:9"
    assert default_aspect("gradient") == default_aspect("heatmap") == "auto"
