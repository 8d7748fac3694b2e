#!/usr/bin/env bash
# Orchestrator benchmark (not a test): no-op tasks/s through the coordinator with every result
# committed to SQLite, per-task overhead, coordinator memory with a 100 000-task sweep, and the time
# to expand a 1 000 000-point grid. Results: docs/benchmarks.md, section "Orchestrator".
#
#   Benchmarks/orchestrator.sh                 # release build, then every measurement
#   SKIP_BUILD=1 TASKS=5000 Benchmarks/orchestrator.sh
#   SKIP_BUILD=1 BIN=/path/to/other/physweep Benchmarks/orchestrator.sh   # another build, side by side
#   SKIP_BUILD=1 ONLY=curve Benchmarks/orchestrator.sh   # only the CURVE table: plain vs CURVE, same launch
#
# Throughput is read back from the store: tasks / (last finished_at - first started_at), i.e. the
# steady rate of the coordinator + workers + SQLite, without process start-up or the final report.
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS=${TASKS:-20000}
BIG=${BIG:-100000}
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --product physweep >&2
BIN=${BIN:-$PWD/.build/release/physweep}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

noop_spec() { # FILE NAME SEEDS
    printf 'name: %s\nsystems:\n  noop: {models: [none]}\nseeds: %s\nobjectives: [{test_mse: minimize}, {train_wall_s: minimize}]\n' "$2" "$3" > "$1"
}

# Prints "tasks seconds tasks/s" for the sweep stored in DB.
rate() {
    python3 - "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n, first, last = db.execute("SELECT COUNT(*), MIN(started_at), MAX(finished_at) FROM tasks WHERE state = 'done'").fetchone()
results = db.execute("SELECT COUNT(*), COUNT(DISTINCT sweep || task_key) FROM results").fetchone()
assert results[0] == results[1] == n, f"results {results} vs done tasks {n}"
print(n, f"{last - first:.3f}", f"{n / (last - first):.0f}")
EOF
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The encrypted channel's cost: `coordinator --until-done` and WORKERS `worker` processes on loopback,
# plain TCP and CURVE (every frame encrypted, keys checked by the ZAP handler), alternated, the
# same launch otherwise (so the two columns compare; the table above uses `physweep run`).
curve_table() {
    "$BIN" keys new coordinator --dir "$WORK/keys" >/dev/null
    "$BIN" keys new worker --dir "$WORK/keys/allowed" >/dev/null
    echo "| workers | prefetch | channel | tasks | seconds | tasks/s | CPU µs per task (all processes) |"
    echo "|---|---|---|---|---|---|---|"
    for workers in 2 8; do
        for prefetch in 0 auto; do
            for channel in plain curve; do
                local server=() client=()
                if [ "$channel" = curve ]; then
                    server=(--key "$WORK/keys/coordinator.key" --allow "$WORK/keys/allowed")
                    client=(--coordinator-key "$WORK/keys/coordinator.pub" --key "$WORK/keys/allowed/worker.key")
                fi
                rm -f "$WORK"/curve.sqlite*
                local port
                port=$(free_port)
                /usr/bin/time -f "%U %S" -o "$WORK/cpu-coordinator.txt" "$BIN" coordinator --bind "tcp://127.0.0.1:$port" \
                    --db "$WORK/curve.sqlite" --until-done --log-level warning "${server[@]}" "$WORK/noop.yaml" >/dev/null 2>&1 &
                local coordinator=$! pids=()
                for i in $(seq 1 "$workers"); do
                    /usr/bin/time -f "%U %S" -o "$WORK/cpu-worker-$i.txt" "$BIN" worker --connect "tcp://127.0.0.1:$port" \
                        --prefetch "$prefetch" --give-up-after 10 --log-level warning "${client[@]}" >/dev/null 2>&1 &
                    pids+=($!)
                done
                wait "$coordinator"
                # A worker that connected only after the last task was served gives up instead of getting BYE.
                wait "${pids[@]}" || true
                read -r n seconds per_second < <(rate "$WORK/curve.sqlite")
                cpu=$(cat "$WORK"/cpu-*.txt | awk -v n="$n" '{t += $1 + $2} END {printf "%.0f", t * 1e6 / n}')
                rm -f "$WORK"/cpu-*.txt
                echo "| $workers | $prefetch | $channel | $n | $seconds | $per_second | $cpu |"
            done
        done
    done
}

if [ "${ONLY:-}" = curve ]; then
    noop_spec "$WORK/noop.yaml" noop "$TASKS"
    curve_table
    exit 0
fi

echo "| workers | prefetch | tasks | seconds | tasks/s | µs per task (wall) | CPU µs per task (all processes) |"
echo "|---|---|---|---|---|---|---|"
noop_spec "$WORK/noop.yaml" noop "$TASKS"
for workers in 1 2 8; do
    for prefetch in 0 auto; do
        rm -f "$WORK"/tp.sqlite*
        # CPU of the coordinator and every worker (children), start-up and store creation included.
        /usr/bin/time -f "%U %S" -o "$WORK/cpu.txt" \
            "$BIN" run "$WORK/noop.yaml" --workers "$workers" --prefetch "$prefetch" --db "$WORK/tp.sqlite" --no-report >/dev/null 2>&1
        read -r n seconds per_second < <(rate "$WORK/tp.sqlite")
        cpu=$(awk -v n="$n" '{printf "%.0f", ($1 + $2) * 1e6 / n}' "$WORK/cpu.txt")
        echo "| $workers | $prefetch | $n | $seconds | $per_second | $(python3 -c "print(f'{1e6 / $per_second:.0f}')") | $cpu |"
    done
done

echo
echo "plain TCP and CURVE, coordinator + worker processes:"
curve_table

echo
echo "coordinator with a $BIG-task sweep (2 workers, default prefetch):"
noop_spec "$WORK/big.yaml" big "$BIG"
PORT=$(free_port)
/usr/bin/time -v "$BIN" coordinator --bind "tcp://127.0.0.1:$PORT" --db "$WORK/big.sqlite" --until-done \
    --log-level warning "$WORK/big.yaml" 2> "$WORK/time.txt" &
COORDINATOR=$!
for i in 1 2; do "$BIN" worker --connect "tcp://127.0.0.1:$PORT" --log-level warning & done
wait $COORDINATOR
wait
read -r n seconds per_second < <(rate "$WORK/big.sqlite")
echo "  $n tasks in $seconds s ($per_second tasks/s)"
echo "  coordinator peak RSS: $(awk '/Maximum resident set size/ {printf "%.0f MB", $6 / 1024}' "$WORK/time.txt")"
echo "  coordinator wall (submit + serve): $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")"

echo
echo "expanding a 1 000 000-point grid (100 widths x 100 depths x 100 seeds):"
{
    printf 'name: grid\nsystems:\n  noop: {models: [none]}\ngrid:\n  width: [%s]\n  depth: [%s]\nseeds: 100\n' \
        "$(seq -s, 1 100)" "$(seq -s, 1 100)"
    printf 'objectives: [{test_mse: minimize}, {train_wall_s: minimize}]\n'
} > "$WORK/grid.yaml"
"$BIN" validate --count "$WORK/grid.yaml" | sed 's/^/  /'
