#!/usr/bin/env bash
# The JSON of the per-task messages (TASK, RESULT, CREDIT), hand-written against Foundation's
# coders and the generic CompactJSON path, in instructions per operation under callgrind: load
# does not change them, so they can be measured on a busy machine. Results: docs/benchmarks.md,
# "JSON on the per-task paths".
#
#   Benchmarks/wire-json.sh                    # release build, then every case
#   SKIP_BUILD=1 Benchmarks/wire-json.sh task-read-hand result-read-hand
#
# Each figure is (Ir at 1200 operations - Ir at 200) / 1000, so start-up and one-time costs cancel;
# the last column is a rough wall time per operation (20 000 operations, no valgrind).
set -euo pipefail
export SWIFT_DETERMINISTIC_HASHING=1   # the same hash seeds, so the same counts, on every run
cd "$(dirname "$0")"
# -enable-testing: the harness calls the coordinator's and worker's internal readers and writers.
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release -Xswiftc -enable-testing --product WireJSONCost >&2
BIN=$(mktemp)
trap 'rm -f "$BIN"' EXIT
strip -o "$BIN" .build/release/WireJSONCost   # valgrind cannot read the debug info Swift 6.3 writes
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$1" "$2" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
CASES=("$@")
[ ${#CASES[@]} -gt 0 ] || CASES=(task-write-hand task-write-foundation task-write-foundation+config-decode
    task-read-hand task-read-compact task-read-foundation result-write-hand result-write-foundation
    result-read-hand result-read-compact result-read-foundation credit-write-foundation
    credit-read-compact credit-read-foundation)
printf '%-36s %14s %10s\n' case instructions "µs (wall)"
for c in "${CASES[@]}"; do
    low=$(ir "$c" 200); high=$(ir "$c" 1200)
    wall=$("$BIN" "$c" 20000 | sed -n 's/.*s, \([0-9.]*\) µs each.*/\1/p')
    printf '%-36s %14d %10.2f\n' "$c" $(( (high - low) / 1000 )) "$wall"
done
