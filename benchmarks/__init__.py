"""Stability Lab's benchmark suite: `python -m benchmarks [--quick] [--only NAME,...]`.

Each item measures one promise of the lab against its target (engine overhead, fp16 on
the CPU, responsiveness, smoothness, throughput, start-up, memory, a notebook baseline,
CUDA where present) and the suite writes benchmarks/results/latest.md and latest.json.
Window items run the real window offscreen, each in its own process.
"""
