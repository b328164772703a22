"""The stability probe: run the lesson's experiment step by step and measure every layer.

`Probe(config)` builds the network on the chosen device and precision; each `step()`
draws a fresh input x ~ N(0, 1) and a fresh top gradient g ~ N(0, I), runs forward and
backward, and returns an immutable `Frame`. `stream(config)` is the same as a generator
that is cheap to stop between any two steps. A new probe gets a new run id, so consumers
can tell frames of an outdated config from current ones.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import torch

from . import buffers, network, plain_pass, route, statistics, theory, zeros
from . import gram as gram_path
from .config import LabConfig
from .devices import describe, resolve_device, resolve_or_auto
from .frame import Frame, freeze
from .memory import check_memory
from .network import StepCancelled
from .plain_pass import Stacked
from .precision import DTYPES, compute_dtype, round_to_format
from .statistics import layer_statistics
from .training import Trainer
from .weight_draws import initial_weights

_run_ids = itertools.count(1)
SAMPLE_SIZE = 4096
GRAM_MIN_DEPTH = route.GRAM_MIN_DEPTH


class LazyWeightGradients:
    """∂ℓ/∂W^t = δ^tᵀ h^(t−1), formed only for the layers asked for (the histogram's
    sample layer): the fast path never forms the others."""

    def __init__(self, deltas: list[torch.Tensor], inputs: list[torch.Tensor]):
        self.deltas, self.inputs = deltas, inputs
        self.scale = 1.0  # clipping's factor

    def __getitem__(self, t: int) -> torch.Tensor:
        return self._scaled(self.deltas[t].T @ self.inputs[t])

    def flat_sample(self, t: int, stride: int) -> torch.Tensor:
        """`self[t].reshape(-1)[::stride]` without the rest of ∂ℓ/∂W^t: where the
        stride divides the width, those entries are the columns h[:, ::stride] give."""
        width = self.inputs[t].shape[1]
        if stride > 1 and width % stride == 0:
            return self._scaled(self.deltas[t].T @ self.inputs[t][:, ::stride]).reshape(-1)
        return self[t].reshape(-1)[::stride]

    def _scaled(self, g: torch.Tensor) -> torch.Tensor:
        return g if self.scale == 1.0 else g * self.scale


@dataclass(frozen=True)
class Pass:
    """One forward and backward pass, before it is measured (`Probe.run`)."""

    started: float  # perf_counter at its start
    x: torch.Tensor
    acts: list[torch.Tensor] | torch.Tensor  # h^1 … h^d, detached (stacked: a view)
    grads: tuple[torch.Tensor, ...]  # ∂ℓ/∂W (or ∂ℓ/∂z on the Gram path), then ∂ℓ/∂h
    loss: torch.Tensor
    gram: bool
    sample_layer: int  # the layer whose ∂ℓ/∂W the frame samples
    stacked: Stacked | None = None  # a pass without autograd: all of it in one buffer


class Probe:
    def __init__(
        self,
        config: LabConfig,
        memory_budget: int | None = None,
        exact_counts: bool = False,
        fast: bool = True,
        device_fallback: bool = False,
        cancelled: Callable[[], bool] | None = None,
    ):
        """`fast=False` keeps a probe off the Gram path (`route`), for benchmarks.
        `device_fallback`: run on 'auto' when `config.device` is absent, and say so in
        every frame's `device_note` (the config keeps what was asked for).
        `cancelled`: as for `step`, from the weight draw on (StepCancelled)."""
        self.config = config
        if device_fallback:
            self.device, self.device_note = resolve_or_auto(config.device)
        else:
            self.device, self.device_note = resolve_device(config.device), None
        check_memory(config, self.device, memory_budget)
        self.device_name = describe(self.device)  # what the frames say they ran on
        self.dtype, self.emulate = compute_dtype(config.precision, self.device)
        self.run_id = next(_run_ids)
        self.step_index = 0
        self.exact_counts = exact_counts  # count zeros in full rather than from a sample
        self.sample_layer = 1  # which layer's ∂ℓ/∂W the frame samples for the histogram
        self.cancelled = cancelled  # see `step`
        weights = initial_weights(config, cancelled)
        copy = config.mode == "train"  # training changes its weights in place: own copies
        self.weights = [  # detached: the kept draw itself never requires grad
            w.detach().to(self.device, self.dtype, copy=copy).requires_grad_(True) for w in weights
        ]
        # A probe's weights never change: emulating half, round them once here rather
        # than on every forward pass (the same values; their gradients still round).
        self.weights_rounded = self.emulate and config.mode != "train"
        if self.weights_rounded:
            self.weights = [
                round_to_format(w.detach(), config.precision).requires_grad_(True)
                for w in self.weights
            ]
        biases = network.init_biases(config)
        if biases is not None:
            biases = [b.to(self.device, self.dtype) for b in biases]
            if self.weights_rounded:
                biases = [round_to_format(b, config.precision) for b in biases]
        self.biases = biases
        self.widths = config.layer_widths()
        self.gen = torch.Generator(device=self.device).manual_seed(config.seed + 1)
        self.prediction = theory.predict(config)
        self.trainer = (
            Trainer(config, self.weights, self.device, self.dtype)
            if (config.mode == "train")
            else None
        )
        self.route = route.choose(config, self.device, self.dtype, self.emulate, exact_counts, fast)
        self._constant_columns = _constant_columns(config, self.widths, self.prediction)
        # a small net's measure in one go (`_measure_small`): unclipped (clipping scales
        # the sample in the gradients' own precision), its sample a column slice
        width = self.widths[0]
        self.small_measure = (
            self.route.plain
            and self.route.gram
            and not config.clip
            and gram_path.small(config.depth, width, config.batch)
            and width % _sample_stride(width, width) == 0
        )

    def _random(self, batch: int, width: int) -> torch.Tensor:
        """A (batch × width) sample of N(0, 1), drawn unit-major: the transpose of a
        contiguous (width × batch) draw, which is how a plain pass stores it."""
        return torch.randn(
            (width, batch), generator=self.gen, device=self.device, dtype=self.dtype
        ).t()

    def step(self) -> Frame:
        """One forward and backward pass, measured. With `self.cancelled` set, the step
        looks at it every `network.CHECK_EVERY` layers, forward and backward, and raises
        StepCancelled when it returns true (nothing is updated then): a window can drop a
        deep step of an outdated config at once instead of waiting up to a whole step.
        """
        return self.measure(self.run())

    def run(self) -> Pass:
        """The pass half of `step`: forward and backward, nothing measured yet. A probe
        that does not train may run the next pass while another thread measures this
        one (`engine/service.py`): the two halves depend on nothing of each other."""
        cfg = self.config
        started = time.perf_counter()
        check = None
        cancelled = self.cancelled
        if cancelled is not None:

            def check(*_):
                if cancelled():
                    raise StepCancelled()

        if self.route.plain:
            return self._run_plain(started, check)
        if self.trainer is not None:
            x, loss_fn = self.trainer.batch(self.gen)
        else:
            x = self._random(cfg.batch, self.widths[0])
            g = self._random(cfg.batch, self.widths[-1])

            def loss_fn(top):
                return network.probe_loss(top, g, cfg, self.emulate)

        gram = self.route.gram
        pre: list[torch.Tensor] | None = [] if gram else None
        with torch.enable_grad():
            acts = network.forward(
                self.weights, x, cfg, self.emulate, check, pre, self.weights_rounded, self.biases
            )
            loss = loss_fn(acts[-1])
            if check is not None:  # the same looks while the gradient runs back down
                for h in acts[network.CHECK_EVERY - 1 :: network.CHECK_EVERY]:
                    h.register_hook(check)
            # The fast path asks for ∂ℓ/∂z instead of ∂ℓ/∂W: autograd then never forms
            # the weight gradients (a third of the backward pass), see engine/gram.py.
            wanted = pre if gram else self.weights
            grads = torch.autograd.grad(loss, [*wanted, *acts])
        if check is not None:
            check()
        acts = [a.detach() for a in acts]
        return Pass(started, x, acts, grads, loss.detach(), gram, self._sampled_layer())

    def _pass_buffers(self) -> Stacked:
        """Buffers for one plain pass: its layers (see `Stacked`), and ∂ℓ/∂W off the
        Gram path."""
        cfg, gram = self.config, self.route.gram
        width = self.widths[0]  # one width (`plain_pass.supports`)
        return Stacked.take(cfg.depth, width, cfg.batch, self.dtype, self.device, not gram)

    def _run_plain(self, started: float, check) -> Pass:
        cfg = self.config

        def draw(out: torch.Tensor) -> None:
            torch.randn(out.shape, generator=self.gen, out=out)

        into = self._pass_buffers()
        round_to = DTYPES[cfg.precision] if self.emulate else None
        weights, biases = self.weights, self.biases
        if self.emulate and not self.weights_rounded:
            weights = [round_to_format(w.detach(), cfg.precision) for w in weights]
            if biases is not None:
                biases = [round_to_format(b, cfg.precision) for b in biases]
        loss = plain_pass.run(weights, cfg.activation, draw, into, check, round_to, biases)
        gram = self.route.gram
        return Pass(started, into.inputs[0], into.acts, (), loss, gram, self._sampled_layer(), into)

    def measure(self, done: Pass) -> Frame:
        """The measuring half of `step`: per-layer statistics of a pass, as a Frame
        (and, when training, the update)."""
        try:
            return self._measure(done)
        finally:
            if done.stacked is not None:  # nothing below reads the buffer any more
                done.stacked.give_back()

    def _measure(self, done: Pass) -> Frame:
        if self.small_measure and done.stacked is not None and done.gram:
            frame = self._measure_small(done)
            if frame is not None:
                return frame
        cfg, gram, stacked, d = self.config, done.gram, done.stacked, self.config.depth
        if stacked is not None:  # the stacks the statistics read, as the pass laid them out
            moments = stacked.moments_stack
            acts, grad_acts = moments[:d], moments[d:]
            if gram:
                grad_w = LazyWeightGradients(stacked.deltas, stacked.inputs)
                gram_layers = stacked.gram_stack
            else:
                grad_w = stacked.weight_grads
        else:
            acts, grad_acts, moments = done.acts, done.grads[d:], None
            grad_w = list(done.grads[:d])  # δ on the Gram path, else ∂ℓ/∂W
            if gram:
                gram_layers = (grad_w, [done.x, *done.acts[:-1]])
                grad_w = LazyWeightGradients(*gram_layers)
        with torch.no_grad():
            stats = layer_statistics(
                acts,
                grad_acts,
                None if gram else grad_w,
                cfg.precision,
                self.emulate,
                self.exact_counts,
                gram_layers if gram else None,
                moments,
            )
            before = after = _total_norm(stats["grad_w_norm"])
            if cfg.clip and math.isfinite(before) and before > cfg.clip:
                scale = cfg.clip / before
                if gram:
                    grad_w.scale = scale
                else:
                    grad_w = torch._foreach_mul(list(grad_w), scale)
                stats["grad_w_norm"] = stats["grad_w_norm"] * scale
                after = cfg.clip
            update_ratio = None
            if self.trainer is not None:
                update_ratio = self.trainer.update(grad_w)
            sample = self._sample(grad_w, done.sample_layer)
        loss_value = float(done.loss.double())
        columns = {**stats, **self._constant_columns}
        if update_ratio is not None:
            columns["update_ratio"] = update_ratio.cpu().numpy()
        return self._frame(done, columns, loss_value, before, after, sample)

    def _frame(self, done: Pass, columns, loss_value, before, after, sample) -> Frame:
        pred = self.prediction
        self.step_index += 1
        return Frame(
            run_id=self.run_id,
            step=self.step_index,
            config=self.config,
            device=self.device_name,
            device_note=self.device_note,
            columns=columns,
            loss=loss_value,
            grad_norm_before=before,
            grad_norm_after=after,
            sample_layer=done.sample_layer,  # the layer actually sampled
            grad_sample=sample,
            theory_note=pred.note,
            step_seconds=time.perf_counter() - done.started,
            diverged=not math.isfinite(loss_value),
        )

    def _measure_small(self, done: Pass) -> Frame | None:
        """`_measure` of a small plain fp32 pass (`gram.small`) in one go: the moments,
        the Gram rows, the histogram's sample and the loss cross to the host in one
        transfer. None where a layer needs the guard (`_measure` then does it all)."""
        stacked, d, width = done.stacked, self.config.depth, self.widths[0]
        moments, gram_stack = stacked.moments_stack, stacked.gram_stack
        t, stride = done.sample_layer - 1, _sample_stride(width, width)
        size = moments.numel() + gram_path.scratch_size(d, width, self.config.batch)
        scratch = buffers.take((size,), torch.float32, self.device)
        try:
            with torch.no_grad():
                deviations = scratch[: moments.numel()].view(moments.shape)
                mean, spread = statistics.centred_norms(moments, deviations)
                rows = gram_path.chunk_rows(gram_stack, scratch[moments.numel() :])
                sample = stacked.buffer[t] @ stacked.buffer[d + t].T[:, ::stride]
                parts = (mean[:d], spread[:d], mean[d:], spread[d:], *rows)
                host = torch.cat([*parts, sample.view(-1), done.loss.view(1)]).double().numpy()
        finally:
            buffers.give_back(scratch)
        table = host[: 8 * d].reshape(8, d)
        if not statistics.nothing_to_redo(table):
            return None
        columns = statistics.plain_columns(table, moments[0].numel(), zeros.counted(width, width))
        before = _total_norm(columns["grad_w_norm"])
        columns = {**columns, **self._constant_columns}
        return self._frame(done, columns, float(host[-1]), before, before, host[8 * d : -1].copy())

    @property
    def plain_pass(self) -> bool:
        """Whether a step runs without autograd (`route`, engine/plain_pass.py)."""
        return self.route.plain

    @property
    def gram_path(self) -> bool:
        """Whether a step gets ‖∂ℓ/∂W‖ from Gram matrices (`route`, engine/gram.py)."""
        return self.route.gram

    def _sampled_layer(self) -> int:
        """`sample_layer` within 1 … depth: a window may ask for a layer of its previous,
        deeper config before it has told the engine about the new one."""
        return min(max(int(self.sample_layer), 1), self.config.depth)

    def _sample(self, grad_w, layer: int) -> np.ndarray:
        """Every stride-th entry of `layer`'s ∂ℓ/∂W, about SAMPLE_SIZE of them."""
        t = layer - 1
        stride = _sample_stride(self.widths[t], self.widths[t + 1])
        if isinstance(grad_w, LazyWeightGradients):
            flat = grad_w.flat_sample(t, stride)
        else:
            flat = grad_w[t].reshape(-1)[::stride]
        return flat.detach().double().cpu().numpy()


def _sample_stride(fan_in: int, fan_out: int) -> int:
    """Every how many entries of a layer's ∂ℓ/∂W the histogram samples."""
    return max(1, fan_in * fan_out // SAMPLE_SIZE)


def _total_norm(w_norm: np.ndarray) -> float:
    """‖∂ℓ/∂W‖ over all layers, from the layers' norms."""
    return math.sqrt(float(w_norm @ w_norm))


def _constant_columns(config: LabConfig, widths, pred) -> dict[str, np.ndarray]:
    """The columns every frame of a probe shares, frozen once (frames keep them as they
    are): layer numbers, widths, the theory's predictions, and no update ratio."""
    depth = config.depth
    columns = {
        "layer": np.arange(1, depth + 1),
        "width_in": widths[:-1],
        "width_out": widths[1:],
        "act_mean_theory": pred.act_mean,
        "act_var_theory": pred.act_var,
        "grad_h_var_theory": pred.grad_h_var,
        "update_ratio": np.full(depth, np.nan),
    }
    return {name: freeze(values) for name, values in columns.items()}


def stream(config: LabConfig, steps: int | None = None) -> Iterator[Frame]:
    """Frames of one run; stop by simply not asking for the next one."""
    probe = Probe(config)
    for _ in range(steps) if steps is not None else itertools.count():
        yield probe.step()
