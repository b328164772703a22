"""The control panel: every experiment setting, one widget each, editing one LabConfig.

Widgets write into the config through `_change(field=value)`; the config is written
back into the widgets with signals blocked (`show_config`), so model → view never
writes back. Tooltips come from the registries, so they always match what runs.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from engine import ACTIVATIONS, INITS, ConfigError, LabConfig
from engine.presets import load_presets

from .widgets import LogSlider, blocked


class ControlPanel(QtWidgets.QWidget):
    configChanged = QtCore.Signal(object)  # LabConfig
    runToggled = QtCore.Signal(bool)
    stepRequested = QtCore.Signal()
    presetApplied = QtCore.Signal(str)

    def __init__(self, config: LabConfig, parent=None):
        super().__init__(parent)
        self.config = config
        form = QtWidgets.QVBoxLayout(self)
        form.setContentsMargins(8, 8, 8, 8)
        form.addWidget(self._preset_box())
        form.addWidget(self._network_box())
        form.addWidget(self._numerics_box())
        form.addWidget(self._stabiliser_box())
        form.addWidget(self._training_box())
        form.addWidget(self._run_box())
        form.addStretch(1)
        self.show_config(config)

    # ----- building ---------------------------------------------------------------
    def _preset_box(self):
        box = QtWidgets.QGroupBox("Scenario")
        lay = QtWidgets.QVBoxLayout(box)
        self.preset_combo = QtWidgets.QComboBox(objectName="presetCombo")
        self.preset_combo.addItem("— choose a lesson scenario —", "")
        for p in load_presets().values():
            self.preset_combo.addItem(p.title, p.name)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1, p.see, QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.preset_combo.setToolTip("Apply one of the lesson's scenarios (N: next scenario)")
        self.preset_combo.activated.connect(self._on_preset_chosen)
        self.preset_text = QtWidgets.QLabel("", wordWrap=True, objectName="presetText")
        self.preset_text.setStyleSheet("color: palette(dark); font-style: italic;")
        lay.addWidget(self.preset_combo)
        lay.addWidget(self.preset_text)
        return box

    def _network_box(self):
        box = QtWidgets.QGroupBox("Network")
        grid = QtWidgets.QFormLayout(box)
        self.depth_slider = QtWidgets.QSlider(
            QtCore.Qt.Orientation.Horizontal, objectName="depthSlider"
        )
        self.depth_slider.setRange(1, 1000)
        self.depth_slider.setPageStep(10)
        self.depth_spin = QtWidgets.QSpinBox(objectName="depthSpin")
        self.depth_spin.setRange(1, 1000)
        self.depth_spin.setAccelerated(True)
        tip = (
            "Number of layers d (1–1000). Drag for large depths, type or use ↑/↓ in the "
            "box for exact small ones. Gradients are products of d − t Jacobians."
        )
        self.depth_slider.setToolTip(tip)
        self.depth_spin.setToolTip(tip)
        self.depth_slider.valueChanged.connect(self._on_depth_slider)
        self.depth_spin.valueChanged.connect(self._on_depth_spin)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.depth_slider, 1)
        row.addWidget(self.depth_spin)
        grid.addRow("Depth", row)

        self.width_spin = QtWidgets.QSpinBox(objectName="widthSpin")
        self.width_spin.setRange(2, 4096)
        self.width_spin.setToolTip("Units per layer n (2–4096). Theory is exact as n → ∞.")
        self.width_spin.valueChanged.connect(lambda v: self._change(width=v))
        grid.addRow("Width", self.width_spin)
        self.batch_spin = QtWidgets.QSpinBox(objectName="batchSpin")
        self.batch_spin.setRange(1, 4096)
        self.batch_spin.setToolTip("Inputs x ~ N(0, 1) per step (1–4096)")
        self.batch_spin.valueChanged.connect(lambda v: self._change(batch=v))
        grid.addRow("Batch", self.batch_spin)

        self.activation_combo = QtWidgets.QComboBox(objectName="activationCombo")
        for a in ACTIVATIONS.values():
            self.activation_combo.addItem(a.label, a.name)
            self.activation_combo.setItemData(
                self.activation_combo.count() - 1,
                f"{a.label}(x) = {a.formula}\n{a.note}",
                QtCore.Qt.ItemDataRole.ToolTipRole,
            )
        self.activation_combo.currentIndexChanged.connect(
            lambda _: self._change(activation=self.activation_combo.currentData())
        )
        grid.addRow("Activation", self.activation_combo)

        self.init_combo = QtWidgets.QComboBox(objectName="initCombo")
        for i in INITS.values():
            self.init_combo.addItem(i.label, i.name)
        self.init_combo.currentIndexChanged.connect(
            lambda _: self._change(init=self.init_combo.currentData())
        )
        grid.addRow("Init", self.init_combo)
        return box

    def _numerics_box(self):
        box = QtWidgets.QGroupBox("Numerics")
        grid = QtWidgets.QFormLayout(box)
        self.fp16_check = QtWidgets.QCheckBox("fp16 (half precision)", objectName="fp16Check")
        self.fp16_check.setToolTip(
            "Run in IEEE half precision: values below 6.1e-5 lose precision and flush to 0, "
            "values above 65504 become inf (F)"
        )
        self.fp16_check.toggled.connect(lambda on: self._change(precision="fp16" if on else "fp32"))
        grid.addRow(self.fp16_check)
        self.precision_combo = QtWidgets.QComboBox(objectName="precisionCombo")
        for p, tip in (
            ("fp32", "single precision: range 1.2e-38 … 3.4e38"),
            ("fp16", "half: range 6.1e-5 … 65504"),
            ("bf16", "bfloat16: fp32's range, 3 significant digits"),
        ):
            self.precision_combo.addItem(p, p)
            self.precision_combo.setItemData(
                self.precision_combo.count() - 1, tip, QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.precision_combo.setToolTip("Number format the network computes in")
        self.precision_combo.currentIndexChanged.connect(
            lambda _: self._change(precision=self.precision_combo.currentData())
        )
        grid.addRow("Precision", self.precision_combo)
        self.device_combo = QtWidgets.QComboBox(objectName="deviceCombo")
        self.set_devices(["cpu"])  # until the engine reports what torch finds here
        self.device_combo.setToolTip("Where the network runs: only devices present are listed")
        self.device_combo.currentIndexChanged.connect(
            lambda _: self._change(device=self.device_combo.currentData())
        )
        grid.addRow("Device", self.device_combo)
        self.theory_combo = QtWidgets.QComboBox(objectName="theoryCombo")
        self.theory_combo.addItem("mean-field (any activation)", "mean_field")
        self.theory_combo.addItem("linear (the lesson's §4–6)", "linear")
        self.theory_combo.setToolTip(
            "Dashed theory line. Linear: each layer scales variance by n·γ·f'(0)². "
            "Mean-field: q ← n·γ·E[φ(√q z)²], exact for wide networks."
        )
        self.theory_combo.currentIndexChanged.connect(
            lambda _: self._change(theory=self.theory_combo.currentData())
        )
        grid.addRow("Theory", self.theory_combo)
        return box

    def _stabiliser_box(self):
        box = QtWidgets.QGroupBox("Stabilisers")
        grid = QtWidgets.QFormLayout(box)
        self.residual_check = QtWidgets.QCheckBox(
            "residual  h ← h + s·f(W h)", objectName="residualCheck"
        )
        self.residual_check.setToolTip("Turn the product of Jacobians into a sum (ResNet)")
        self.residual_check.toggled.connect(lambda on: self._change(residual=on))
        grid.addRow(self.residual_check)
        self.residual_scale = QtWidgets.QDoubleSpinBox(objectName="residualScaleSpin")
        self.residual_scale.setRange(0.001, 10.0)
        self.residual_scale.setDecimals(3)
        self.residual_scale.setSingleStep(0.1)
        self.residual_scale.setToolTip("Scale s of the residual branch")
        self.residual_scale.valueChanged.connect(lambda v: self._change(residual_scale=v))
        grid.addRow("Branch scale", self.residual_scale)
        self.norm_combo = QtWidgets.QComboBox(objectName="normCombo")
        for label, key in (("none", "none"), ("LayerNorm", "layer"), ("BatchNorm", "batch")):
            self.norm_combo.addItem(label, key)
        self.norm_combo.setToolTip("Normalise each layer's pre-activations (no learned scale)")
        self.norm_combo.currentIndexChanged.connect(
            lambda _: self._change(norm=self.norm_combo.currentData())
        )
        grid.addRow("Normalisation", self.norm_combo)
        self.clip_spin = QtWidgets.QDoubleSpinBox(objectName="clipSpin")
        self.clip_spin.setRange(0.0, 1e6)
        self.clip_spin.setDecimals(3)
        self.clip_spin.setSpecialValueText("off")
        self.clip_spin.setToolTip("Clip the global gradient norm to this value (0 = off)")
        self.clip_spin.valueChanged.connect(lambda v: self._change(clip=v))
        grid.addRow("Clip norm", self.clip_spin)
        return box

    def _training_box(self):
        box = QtWidgets.QGroupBox("Training")
        grid = QtWidgets.QFormLayout(box)
        self.mode_combo = QtWidgets.QComboBox(objectName="modeCombo")
        self.mode_combo.addItem("probe (measure only)", "probe")
        self.mode_combo.addItem("train on a task", "train")
        self.mode_combo.setToolTip("Probe measures a fixed network; train also updates it")
        self.mode_combo.currentIndexChanged.connect(
            lambda _: self._change(mode=self.mode_combo.currentData())
        )
        grid.addRow("Mode", self.mode_combo)
        self.task_combo = QtWidgets.QComboBox(objectName="taskCombo")
        self.task_combo.addItem("teacher–student regression", "teacher")
        self.task_combo.addItem("2-D spiral (3 classes)", "spiral")
        self.task_combo.currentIndexChanged.connect(
            lambda _: self._change(task=self.task_combo.currentData())
        )
        grid.addRow("Task", self.task_combo)
        self.optimizer_combo = QtWidgets.QComboBox(objectName="optimizerCombo")
        self.optimizer_combo.addItem("SGD", "sgd")
        self.optimizer_combo.addItem("Adam", "adam")
        self.optimizer_combo.currentIndexChanged.connect(
            lambda _: self._change(optimizer=self.optimizer_combo.currentData())
        )
        grid.addRow("Optimiser", self.optimizer_combo)
        self.lr_slider = LogSlider(1e-5, 10.0, objectName="lrSlider")
        self.lr_slider.setToolTip("Learning rate on a log scale, 1e-5 … 10")
        self.lr_slider.valueChanged.connect(lambda v: self._change(lr=v))
        grid.addRow("Learning rate", self.lr_slider)
        return box

    def _run_box(self):
        box = QtWidgets.QGroupBox("Run")
        grid = QtWidgets.QGridLayout(box)
        self.run_button = QtWidgets.QPushButton("Pause", objectName="runButton")
        self.run_button.setCheckable(True)
        self.run_button.setChecked(True)
        self.run_button.setToolTip("Run or pause the engine (Space)")
        self.run_button.toggled.connect(self._on_run_toggled)
        self.step_button = QtWidgets.QPushButton("Step", objectName="stepButton")
        self.step_button.setToolTip("One probe step while paused (S)")
        self.step_button.clicked.connect(self.stepRequested)
        self.seed_spin = QtWidgets.QSpinBox(objectName="seedSpin")
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip("Random seed of the weights and inputs: same seed, same run")
        self.seed_spin.valueChanged.connect(lambda v: self._change(seed=v))
        self.reseed_button = QtWidgets.QPushButton("Reseed", objectName="reseedButton")
        self.reseed_button.setToolTip("Draw new weights: seed + 1 (R)")
        self.reseed_button.clicked.connect(self.reseed)
        grid.addWidget(self.run_button, 0, 0)
        grid.addWidget(self.step_button, 0, 1)
        grid.addWidget(QtWidgets.QLabel("Seed"), 1, 0)
        grid.addWidget(self.seed_spin, 1, 1)
        grid.addWidget(self.reseed_button, 2, 0, 1, 2)
        return box

    # ----- model → view ------------------------------------------------------------
    def show_config(self, config: LabConfig) -> None:
        """Write `config` into every widget without emitting changes."""
        self.config = config
        with blocked(*self._widgets()):
            self.depth_slider.setValue(config.depth)
            self.depth_spin.setValue(config.depth)
            self.width_spin.setValue(config.width)
            self.batch_spin.setValue(config.batch)
            _select(self.activation_combo, config.activation)
            _select(self.init_combo, config.init)
            self.fp16_check.setChecked(config.precision == "fp16")
            _select(self.precision_combo, config.precision)
            if self.device_combo.findData(config.device) < 0:  # not confirmed yet
                self.device_combo.addItem(config.device, config.device)
            _select(self.device_combo, config.device)
            _select(self.theory_combo, config.theory)
            self.residual_check.setChecked(config.residual)
            self.residual_scale.setValue(config.residual_scale)
            _select(self.norm_combo, config.norm)
            self.clip_spin.setValue(config.clip)
            _select(self.mode_combo, config.mode)
            _select(self.task_combo, config.task)
            _select(self.optimizer_combo, config.optimizer)
            self.lr_slider.setValue(config.lr)
            self.seed_spin.setValue(config.seed)
        self._update_dependent()

    def _widgets(self):
        return [
            w
            for w in vars(self).values()
            if isinstance(w, QtWidgets.QWidget) and w is not self.run_button
        ]

    def _update_dependent(self) -> None:
        cfg = self.config
        self.residual_scale.setEnabled(cfg.residual)
        training = cfg.mode == "train"
        for w in (self.task_combo, self.optimizer_combo, self.lr_slider):
            w.setEnabled(training)
        init = INITS[cfg.init]
        self.init_combo.setToolTip(
            f"{init.label}: {init.describe(cfg.width, cfg.width)}\n{init.note}"
        )
        for i in range(self.init_combo.count()):
            it = INITS[self.init_combo.itemData(i)]
            self.init_combo.setItemData(
                i,
                f"{it.describe(cfg.width, cfg.width)}\n{it.note}",
                QtCore.Qt.ItemDataRole.ToolTipRole,
            )
        act = ACTIVATIONS[cfg.activation]
        self.activation_combo.setToolTip(f"{act.label}(x) = {act.formula}\n{act.note}")

    # ----- view → model ------------------------------------------------------------
    def _change(self, **changes) -> None:
        if all(getattr(self.config, k) == v for k, v in changes.items()):
            return
        try:
            config = self.config.with_(**changes)
        except ConfigError as exc:
            QtWidgets.QToolTip.showText(self.mapToGlobal(QtCore.QPoint(0, 0)), str(exc), self)
            self.show_config(self.config)
            return
        self.set_config(config)

    def set_devices(self, present: list[str]) -> None:
        """Offer 'auto' and the devices present here, keeping the current choice."""
        current = self.device_combo.currentData()
        with blocked(self.device_combo):
            self.device_combo.clear()
            for d in ["auto", *present]:
                self.device_combo.addItem(d, d)
            if current is not None and self.device_combo.findData(current) < 0:
                self.device_combo.addItem(current, current)  # the window falls back next
            _select(self.device_combo, current or "auto")

    def set_config(self, config: LabConfig) -> None:
        """Show `config` and announce it (for presets, loaded sessions, resets)."""
        if config == self.config:
            return
        self.show_config(config)
        self.configChanged.emit(config)

    def _on_depth_slider(self, value: int) -> None:
        with blocked(self.depth_spin):
            self.depth_spin.setValue(value)
        self._change(depth=value)

    def _on_depth_spin(self, value: int) -> None:
        with blocked(self.depth_slider):
            self.depth_slider.setValue(value)
        self._change(depth=value)

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.apply_preset(name)

    def apply_preset(self, name: str) -> None:
        preset = load_presets()[name]
        with blocked(self.preset_combo):
            _select(self.preset_combo, name)
        self.preset_text.setText(f"<b>What you should see:</b> {preset.see}")
        self.set_config(preset.config.with_(device=self.config.device))
        self.presetApplied.emit(name)

    def next_preset(self) -> None:
        names = list(load_presets())
        current = self.preset_combo.currentData()
        index = (names.index(current) + 1) % len(names) if current in names else 0
        self.apply_preset(names[index])

    def reseed(self) -> None:
        self._change(seed=(self.config.seed + 1) % (2**31 - 1))

    def _on_run_toggled(self, running: bool) -> None:
        self.run_button.setText("Pause" if running else "Run")
        self.step_button.setEnabled(not running)
        self.runToggled.emit(running)

    def set_running(self, running: bool) -> None:
        self.run_button.setChecked(running)


def _select(combo: QtWidgets.QComboBox, data) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
