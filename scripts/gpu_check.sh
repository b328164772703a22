#!/usr/bin/env bash
# The one prepared run for a lent CUDA machine (about 4 minutes): its CUDA tests, the
# engine tests on a machine that has CUDA, and the benchmark's cuda item, each with its
# own time limit so that one hang cannot eat the lease. Results land in $OUT (the device
# tool brings that folder back), to be copied into benchmarks/results/.
#
#   run: bash scripts/gpu_check.sh            (device machine: python3 holds CUDA torch)
set -u -o pipefail
OUT=${OUT:-/tmp/gpu_check}
PY=${PYTHON:-python3}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

{
  date -u
  nvidia-smi -L
  "$PY" -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0))"
} 2>&1 | tee "$OUT/gpu.txt"

# The CUDA tests first (real fp16/bf16, the memory budget, out-of-memory), then the
# engine tests that look at devices, now with one present.
timeout 150 "$PY" -m pytest -q -p no:cacheprovider -o addopts="" \
  tests/engine/test_cuda_device.py tests/engine/test_probe.py tests/engine/test_service.py \
  2>&1 | tee "$OUT/tests.log"

# GPU vs CPU steps/s (width 1024, depths 100 and 500), real fp16 vs the CPU emulation
# on the two half presets, change → frame with the engine on the GPU.
timeout 240 "$PY" -m benchmarks --only cuda --out "$OUT" 2>&1 | tee "$OUT/bench.log"
ls -l "$OUT"
