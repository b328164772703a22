"""Plot ranges stand still while the data moves inside them (benchmarks/, 'smoothness')."""

from __future__ import annotations

import pytest

from gui.steady_range import steady_range


def test_log_range_is_whole_decades_and_stays_while_the_data_fits():
    first = steady_range(None, -2.3, -0.4, "log")
    assert first == (-3.0, 0.0)
    assert steady_range(first, -2.1, -0.6, "log") == first  # still inside: unchanged
    assert steady_range(first, -2.1, 0.5, "log") == (-3.0, 1.0)  # left the view: refit


def test_range_shrinks_when_the_data_fills_too_little_of_it():
    wide = (-12.0, 3.0)
    assert steady_range(wide, -1.0, -0.5, "log") == (-2.0, 0.0)


@pytest.mark.parametrize("lo,hi", [(0.257, 0.598), (-3e20, 8e20), (0.0, 0.0), (5.0, 5.0)])
def test_linear_range_contains_the_data_with_room(lo, hi):
    a, b = steady_range(None, lo, hi, "linear")
    assert a < lo <= hi < b


def test_floor_pins_the_bottom_and_exact_fits_closely():
    assert steady_range(None, 0.0, 317.0, "linear", floor=0.0)[0] == 0.0
    a, b = steady_range(None, 0.5, 30.5, "exact")
    assert a < 0.5 and b > 30.5 and b - a < 31.5
