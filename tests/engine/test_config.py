"""`LabConfig`: frozen, JSON round trip, and validation messages a user can act on."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from engine import ACTIVATIONS, DEVICES, INITS, PRECISIONS, ConfigError, LabConfig
from engine.presets import load_presets


def _error(**kwargs) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        LabConfig(**kwargs)
    return info.value


def test_config_is_frozen():
    config = LabConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.depth = 5
    assert config.depth == 30


def test_json_round_trip_keeps_every_field():
    config = LabConfig(
        depth=12,
        width=96,
        batch=8,
        activation="scaled_sigmoid",
        init="orthogonal",
        precision="bf16",
        device="cpu",
        residual=True,
        residual_scale=0.5,
        norm="layer",
        clip=2.5,
        seed=1234,
        theory="linear",
    )
    text = config.to_json()
    assert json.loads(text)["activation"] == "scaled_sigmoid"
    back = LabConfig.from_json(text)
    assert back == config
    assert LabConfig.from_dict(config.to_dict()) == config
    assert back != LabConfig()


def test_every_preset_round_trips_through_json():
    presets = load_presets()
    assert len(presets) >= 10
    for preset in presets.values():
        assert LabConfig.from_json(preset.config.to_json(indent=None)) == preset.config


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("depth", 0, ("1", "1000")),
        ("depth", 1001, ("1", "1000")),
        ("width", 1, ("2", "4096")),
        ("width", 5000, ("2", "4096")),
        ("batch", 0, ("1", "4096")),
    ],
)
def test_out_of_range_integer_names_field_value_and_range(field, value, allowed):
    err = _error(**{field: value})
    message = str(err)
    assert err.field == field
    assert message.startswith(f"{field}: ")
    assert str(value) in message
    lo, hi = allowed
    assert f"{lo}–{hi}" in message


@pytest.mark.parametrize(
    ("field", "registry"),
    [
        ("activation", tuple(ACTIVATIONS)),
        ("init", tuple(INITS)),
        ("precision", PRECISIONS),
        ("device", DEVICES),
    ],
)
def test_unknown_choice_names_field_value_and_every_allowed_value(field, registry):
    err = _error(**{field: "no_such_thing"})
    message = str(err)
    assert err.field == field
    assert message.startswith(f"{field}: ")
    assert "no_such_thing" in message
    for name in registry:
        assert name in message, name


@pytest.mark.parametrize("field", ["depth", "width", "batch", "seed"])
def test_bool_is_not_accepted_as_an_integer(field):
    err = _error(**{field: True})
    assert err.field == field
    assert "True" in str(err)
    assert "not an integer" in str(err)


def test_integral_float_is_accepted_but_fractional_is_not():
    assert LabConfig(depth=5.0).depth == 5
    assert isinstance(LabConfig(depth=5.0).depth, int)
    err = _error(depth=5.5)
    assert err.field == "depth" and "5.5" in str(err)


@pytest.mark.parametrize("field", ["clip", "lr"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_number_is_rejected_with_its_range(field, value):
    err = _error(**{field: value})
    message = str(err)
    assert err.field == field
    assert "not finite" in message
    assert str(value) in message  # nan / inf / -inf
    assert "allowed:" in message


def test_clip_zero_means_off_but_negative_is_out_of_range():
    assert LabConfig(clip=0).clip == 0.0
    err = _error(clip=-1.0)
    assert err.field == "clip" and "-1" in str(err) and "or 0 (off)" in str(err)


@pytest.mark.parametrize("field", ["residual"])
def test_bool_field_rejects_non_bool(field):
    err = _error(**{field: 1})
    assert err.field == field and "true or false" in str(err)


def test_from_dict_rejects_unknown_keys_naming_the_key_and_the_known_ones():
    with pytest.raises(ConfigError) as info:
        LabConfig.from_dict({"depth": 5, "dept": 6})
    err = info.value
    assert err.field == "dept"
    assert "unknown setting" in str(err)
    for known in ("depth", "width", "activation", "init", "precision"):
        assert known in str(err)


def test_from_dict_and_from_json_reject_non_objects_and_bad_json():
    with pytest.raises(ConfigError) as info:
        LabConfig.from_dict([1, 2])
    assert info.value.field == "config" and "list" in str(info.value)
    with pytest.raises(ConfigError) as info:
        LabConfig.from_json("{depth: 5")
    assert info.value.field == "config" and "not valid JSON" in str(info.value)


def test_with_validates_the_changed_field():
    base = LabConfig(depth=7)
    assert base.with_(width=64) == LabConfig(depth=7, width=64)
    with pytest.raises(ConfigError) as info:
        base.with_(depth=0)
    assert info.value.field == "depth"
    with pytest.raises(ConfigError) as info:
        base.with_(activation="swish2")
    assert info.value.field == "activation"
    assert base.depth == 7  # the original is untouched


def test_config_error_is_a_value_error():
    assert issubclass(ConfigError, ValueError)
