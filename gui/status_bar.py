"""The status bar: device, precision, speed and the frame's faults at a glance."""

from __future__ import annotations

import math
import time

from PySide6 import QtWidgets

STALE_STYLE = "color: palette(mid)"


class LabStatusBar(QtWidgets.QStatusBar):
    """Subscribes to the state model: after a change its fields turn grey (they describe
    the previous settings) until the first frame of the new settings arrives."""

    def __init__(self, state=None, parent=None):
        super().__init__(parent)
        self.fields = {}
        for key, tip in (
            ("device", "Where the engine runs"),
            ("precision", "Number format (fp16/bf16 on the CPU: rounded to the format)"),
            ("steps", "Engine steps per second"),
            ("frames", "Frames drawn per second (newest frame only, capped)"),
            ("faults", "Layers whose ∂ℓ/∂W is exactly 0 (underflow) / has inf or NaN (overflow)"),
            ("norm", "Global gradient norm before → after clipping"),
            ("loss", "Loss of the newest step (probe: the objective ⟨g, h^d⟩)"),
        ):
            label = QtWidgets.QLabel("")
            label.setToolTip(tip)
            label.setObjectName(f"status_{key}")
            self.addPermanentWidget(label)
            self.fields[key] = label
        self._last = time.perf_counter()
        self._frames = 0
        self._steps_at_last = 0
        self.stale = False
        if state is not None:
            state.configChanged.connect(self._on_config_changed)

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
            self.fields["frames"].setText(f"{self._frames / elapsed:.0f} frames/s")
            steps = steps_done - self._steps_at_last
            self.fields["steps"].setText(f"{steps / elapsed:.0f} steps/s")
            self._last, self._frames, self._steps_at_last = now, 0, steps_done
        cfg = frame.config
        self.fields["device"].setText(frame.device)
        emulated = " (emulated)" if cfg.precision != "fp32" and frame.device == "cpu" else ""
        self.fields["precision"].setText(cfg.precision + emulated)
        self.fields["faults"].setText(
            f"zero: {frame.zero_layers}/{cfg.depth}  inf/NaN: {frame.nonfinite_layers}/{cfg.depth}"
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
            self.fields["loss"].setText(f"loss {_fmt(frame.loss)}")
            self.fields["loss"].setToolTip("Training loss of the newest step")
        else:  # a probe's objective is a random projection of h^d, not a loss
            self.fields["loss"].setText(f"⟨g, h^d⟩ {_fmt(frame.loss)}")
            self.fields["loss"].setToolTip(
                "The probe's objective ℓ = mean over the batch of ⟨g, h^d⟩ with g ~ N(0, I): "
                "a random direction whose gradient the plots follow, not a training loss "
                "(it can be any sign and any size)."
            )


def _fmt(x: float) -> str:
    return f"{x:.3g}" if math.isfinite(x) else str(x)
