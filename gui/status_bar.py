"""The status bar: device, precision, speed and the frame's faults at a glance.

Its words are in the window's language: the tooltips follow a switch through `live`, and
the fields are written again from the newest frame (`on_change`), so a paused lab's
status bar switches too."""

from __future__ import annotations

import math
import time

from PySide6 import QtWidgets

from .language import live, on_change, translate

STALE_STYLE = "color: palette(mid)"


def _tips() -> dict:
    """Each field's tooltip, in the current language (the loss's is the frame's)."""
    return {
        "device": lambda: translate("StatusBar", "Where the engine runs"),
        "precision": lambda: translate(
            "StatusBar", "Number format (fp16/bf16 on the CPU: rounded to the format)"
        ),
        "steps": lambda: translate("StatusBar", "Engine steps per second"),
        "frames": lambda: translate(
            "StatusBar", "Frames drawn per second (newest frame only, capped)"
        ),
        "faults": lambda: translate(
            "StatusBar",
            "Layers whose ∂ℓ/∂W is exactly 0 (underflow) / has inf or NaN (overflow)",
        ),
        "norm": lambda: translate("StatusBar", "Global gradient norm before → after clipping"),
        "loss": lambda: translate(
            "StatusBar", "Loss of the newest step (probe: the objective ⟨g, h^d⟩)"
        ),
    }


class LabStatusBar(QtWidgets.QStatusBar):
    """Subscribes to the state model: after a change its fields turn grey (they describe
    the previous settings) until the first frame of the new settings arrives."""

    def __init__(self, state=None, parent=None):
        super().__init__(parent)
        self.fields = {}
        for key, tip in _tips().items():
            label = QtWidgets.QLabel("")
            if key != "loss":  # the loss's says what the frame's number is (`_write`)
                live(label, "setToolTip", tip)
            label.setObjectName(f"status_{key}")
            self.addPermanentWidget(label)
            self.fields[key] = label
        self._last = time.perf_counter()
        self._frames = 0
        self._steps_at_last = 0
        self._rates: tuple[float, float] | None = None  # (frames/s, steps/s) last measured
        self._frame = None  # the newest frame shown
        self.stale = False
        if state is not None:
            state.configChanged.connect(self._on_config_changed)
        self._write()
        on_change(self, self._write)

    def _on_config_changed(self, _config, _changed) -> None:
        self.stale = True
        for key, label in self.fields.items():
            if key != "faults":
                label.setStyleSheet(STALE_STYLE)

    def show_frame(self, frame, steps_done: int) -> None:
        if self.stale:
            self.stale = False
            for label in self.fields.values():
                label.setStyleSheet("")
        self._frames += 1
        now = time.perf_counter()
        elapsed = now - self._last
        if elapsed >= 0.5:
            steps = steps_done - self._steps_at_last
            self._rates = (self._frames / elapsed, steps / elapsed)
            self._last, self._frames, self._steps_at_last = now, 0, steps_done
        self._frame = frame
        self._write()

    def _write(self) -> None:
        """The fields from the newest frame and rates, in the current language."""
        if self._rates is not None:
            frames, steps = self._rates
            self.fields["frames"].setText(
                translate("StatusBar", "{rate} frames/s").format(rate=f"{frames:.0f}")
            )
            self.fields["steps"].setText(
                translate("StatusBar", "{rate} steps/s").format(rate=f"{steps:.0f}")
            )
        frame = self._frame
        if frame is None:
            self.fields["loss"].setToolTip(_tips()["loss"]())
            return
        cfg = frame.config
        self.fields["device"].setText(frame.device)
        if cfg.precision != "fp32" and frame.device == "cpu":
            precision = translate("StatusBar", "{precision} (emulated)")
        else:
            precision = "{precision}"
        self.fields["precision"].setText(precision.format(precision=cfg.precision))
        self.fields["faults"].setText(
            translate("StatusBar", "zero: {zero}/{d}  inf/NaN: {nonfinite}/{d}").format(
                zero=frame.zero_layers, nonfinite=frame.nonfinite_layers, d=cfg.depth
            )
        )
        colour = "#D55E00" if frame.zero_layers or frame.nonfinite_layers else ""
        self.fields["faults"].setStyleSheet(f"color: {colour}" if colour else "")
        if cfg.clip:
            self.fields["norm"].setText(
                f"‖∇‖ {_fmt(frame.grad_norm_before)} → {_fmt(frame.grad_norm_after)}"
            )
        else:
            self.fields["norm"].setText(f"‖∇‖ {_fmt(frame.grad_norm_before)}")
        if cfg.mode == "train":
            self.fields["loss"].setText(
                translate("StatusBar", "loss {loss}").format(loss=_fmt(frame.loss))
            )
            self.fields["loss"].setToolTip(
                translate("StatusBar", "Training loss of the newest step")
            )
        else:  # a probe's objective is a random projection of h^d, not a loss
            self.fields["loss"].setText(f"⟨g, h^d⟩ {_fmt(frame.loss)}")
            self.fields["loss"].setToolTip(
                translate(
                    "StatusBar",
                    "The probe's objective ℓ = mean over the batch of ⟨g, h^d⟩ with g ~ N(0, I): "
                    "a random direction whose gradient the plots follow, not a training loss "
                    "(it can be any sign and any size).",
                )
            )


def _fmt(x: float) -> str:
    return f"{x:.3g}" if math.isfinite(x) else str(x)
