"""The CUDA item: the GPU against the CPU, and real half precision against its emulation.

Runs only where `torch.cuda.is_available()`; elsewhere one row says why it did not.
Steps/s are measured for the same config on each device (width 1024, depths 100 and
500); real fp16 on the GPU is held to the CPU's emulation on the lesson's two half
presets: the same layers whose weight gradients are exactly zero, the same first layer
whose activations are inf or NaN.
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from multiprocessing import Pipe
from types import SimpleNamespace

import numpy as np
import torch

from engine import LabConfig, Probe
from engine.presets import get_preset

from .measure import Row

WIDTH = 1024
DEPTHS = (100, 500)


def _steps_per_second(probe: Probe, seconds: float) -> float:
    probe.step()  # warm-up: kernels chosen, buffers allocated
    if probe.device.type == "cuda":
        torch.cuda.synchronize()
    n, started = 0, time.perf_counter()
    while True:
        probe.step()  # a frame reads its statistics back to the host: synchronised
        n += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds and n >= 3:
            return n / elapsed


def _zero_layers(frame) -> list[int]:
    return (np.flatnonzero(frame.columns["grad_w_norm"] == 0) + 1).tolist()


def _first_nonfinite(frame) -> int | None:
    hits = np.flatnonzero(frame.columns["act_frac_nonfinite"] > 0)
    return int(hits[0]) + 1 if hits.size else None


def _half_agreement(name: str, read, what: str) -> Row:
    config = get_preset(name).config
    gpu = read(Probe(config.with_(device="cuda")).step())
    cpu = read(Probe(config.with_(device="cpu")).step())
    return Row(
        "cuda",
        f"real fp16 on the GPU ≡ CPU emulation: {what}, preset {name}",
        1.0 if gpu == cpu else 0.0,
        target="= 1 (same)",
        passed=gpu == cpu,
        note=f"GPU {gpu} vs CPU {cpu}",
    )


def change_to_frame_ms(device: str, changes: int, depth: int = 30) -> list[float]:
    """Change → frame *received* with the engine loop on `device`, in this process and
    without a window (the GPU machine has no Qt): a new config is announced and sent as
    the window sends it (reseed and depth alternately), and the time runs until the
    first frame of that generation comes out of the events pipe."""
    from engine.protocol import FrameMeasured, Newest, SetConfig, Stop
    from engine.service import serve

    commands_out, commands_in = Pipe(duplex=False)
    events_out, events_in = Pipe(duplex=False)
    newest = Newest(SimpleNamespace(value=0))
    engine = threading.Thread(target=serve, args=(commands_out, events_in, newest), daemon=True)
    engine.start()
    base = LabConfig(device=device, depth=depth)
    times = []
    try:
        for i in range(changes + 1):  # the first change (building the engine) uncounted
            generation = i + 1
            config = base.with_(seed=base.seed + i) if i % 2 else base.with_(depth=depth + i % 4)
            started = time.perf_counter()
            newest.announce(generation)
            commands_in.send(SetConfig(generation, config))
            while True:
                event = events_out.recv()
                if isinstance(event, FrameMeasured) and event.generation == generation:
                    break
            if i:
                times.append((time.perf_counter() - started) * 1000)
    finally:
        newest.stop()
        commands_in.send(Stop())
        with contextlib.suppress(EOFError, OSError):  # the loop closes its end as it ends
            while engine.is_alive():  # ... once the events it is sending are read
                if events_out.poll(0.05):
                    events_out.recv()
        engine.join(5)
    return times


def cuda(quick: bool = False, **_) -> list[Row]:
    if not torch.cuda.is_available():
        return [
            Row(
                "cuda",
                "CUDA rows",
                None,
                note="no CUDA device (torch.cuda.is_available() is False): CUDA rows not run",
            )
        ]
    seconds = 0.5 if quick else 4.0
    name = torch.cuda.get_device_name(0)
    rows = []
    for depth in (10,) if quick else DEPTHS:
        cfg = LabConfig(depth=depth, width=256 if quick else WIDTH)
        gpu = _steps_per_second(Probe(cfg.with_(device="cuda")), seconds)
        cpu = _steps_per_second(Probe(cfg.with_(device="cpu")), seconds)
        half = _steps_per_second(Probe(cfg.with_(device="cuda", precision="fp16")), seconds)
        shape = f"depth {depth}, width {cfg.width}"
        rows.append(
            Row(
                "cuda",
                f"steps/s GPU ÷ CPU, {shape}",
                gpu / cpu,
                "×",
                note=f"{name}: {gpu:.1f} steps/s vs CPU {cpu:.2f} steps/s "
                f"({torch.get_num_threads()} CPU threads)",
            )
        )
        rows.append(
            Row(
                "cuda",
                f"real fp16 ÷ fp32 steps/s on the GPU, {shape}",
                half / gpu,
                "×",
                note=f"{name}: fp16 {half:.1f} steps/s, fp32 {gpu:.1f} steps/s",
            )
        )
    changes = 4 if quick else 30
    latency = {d: statistics.median(change_to_frame_ms(d, changes)) for d in ("cuda", "cpu")}
    rows.append(
        Row(
            "cuda",
            "change → frame received, engine on the GPU, default settings (median)",
            latency["cuda"],
            "ms",
            note=f"no window (the machine has no Qt): engine loop and pipes only; "
            f"on its CPU {latency['cpu']:.0f} ms; {changes} changes, reseed / depth alternately",
        )
    )
    rows.append(_half_agreement("fp16_underflow", _zero_layers, "layers with ∂ℓ/∂W exactly 0"))
    rows.append(
        _half_agreement("fp16_overflow", _first_nonfinite, "first layer with inf/NaN activations")
    )
    return rows
