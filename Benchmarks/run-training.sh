#!/usr/bin/env bash
# The training-core benchmarks side by side with the JAX / PyTorch anchors, in one run:
#   1. builds the benchmark package (release);
#   2. checks that OpenBLAS gives the same numbers with the machine's OPENBLAS_* variables and
#      without them (GEMM checksums on the cases' shapes, losses after 20 steps), and records the
#      GEMM speeds and FLOPs per step;
#   3. runs physweep's TrainingCore benchmarks with both settings;
#   4. runs the anchors (JAX jit, torch eager, torch.compile for osc-mlp) back to back;
#   5. prints the table of µs per step and ratios (training-table.py).
# Results go to .build/training-results/<UTC time>/ (never committed).
# Environment: ANCHORS (default /work/shared/anchors), ANCHORS_PY (default /tmp/anchors-venv/bin/python),
# SKIP_ANCHORS=1 to time physweep only.
set -euo pipefail
cd "$(dirname "$0")"
ANCHORS=${ANCHORS:-/work/shared/anchors}
ANCHORS_PY=${ANCHORS_PY:-/tmp/anchors-venv/bin/python}
OUT=.build/training-results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
UNSET=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

echo "== machine" | tee "$OUT/machine.txt"
{
  date -u +"measured %Y-%m-%dT%H:%M:%SZ"
  uptime
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|L[123])' || true
  grep PRETTY_NAME /etc/os-release || true
  swift --version 2>&1 | head -1
  dpkg-query -W -f='${Package} ${Version}\n' 'libopenblas0*' 2>/dev/null || true
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
} | tee -a "$OUT/machine.txt"

echo "== build"
# SwiftPM can keep a stale build plan after the root package's manifest changed (e.g. a new target:
# "no such module"); dropping the plan makes it re-read both manifests. Compiled objects are kept.
rm -f .build/release.yaml .build/release/description.json
swift build -c release --product TrainingCheck 2>&1 | tail -1

echo "== OpenBLAS agreement check (as set / unset)"
CHECK=$(swift build -c release --show-bin-path)/TrainingCheck
"$CHECK" > "$OUT/check-as-set.tsv"
"${UNSET[@]}" "$CHECK" > "$OUT/check-unset.tsv"
python3 training-table.py agree "$OUT/check-as-set.tsv" "$OUT/check-unset.tsv"

run_physweep() { # $1 = setting name, rest = command prefix
  local name=$1; shift
  echo "== physweep TrainingCore, OPENBLAS $name"
  "$@" swift package --allow-writing-to-package-directory benchmark --target TrainingCore \
    --format histogramSamples --path "$OUT/physweep-$name" --no-progress 2>&1 | tail -3
}
mkdir -p "$OUT/physweep-as-set" "$OUT/physweep-unset"
run_physweep as-set env
run_physweep unset "${UNSET[@]}"

if [[ "${SKIP_ANCHORS:-0}" != 1 ]]; then
  echo "== anchors (OPENBLAS unset, as their README prescribes)"
  for task in osc-mlp osc-pinn burgers-pinn; do
    (cd "$ANCHORS" && "${UNSET[@]}" ANCHORS_RESULTS="$OUT/anchors.jsonl" "$ANCHORS_PY" train_jax.py --task "$task") >/dev/null
    (cd "$ANCHORS" && "${UNSET[@]}" ANCHORS_RESULTS="$OUT/anchors.jsonl" "$ANCHORS_PY" train_torch.py --task "$task") >/dev/null
  done
  (cd "$ANCHORS" && "${UNSET[@]}" ANCHORS_RESULTS="$OUT/anchors.jsonl" "$ANCHORS_PY" train_torch.py --task osc-mlp --compile) >/dev/null
fi
date -u +"finished %Y-%m-%dT%H:%M:%SZ" | tee -a "$OUT/machine.txt"
uptime | tee -a "$OUT/machine.txt"

echo "== results ($OUT)"
python3 training-table.py table "$OUT"
