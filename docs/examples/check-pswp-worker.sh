#!/usr/bin/env bash
# Checks that the Python example worker interoperates with `physweep coordinator`:
#   1. two Python workers finish a sweep of noop/sleep tasks; `fail: error` tasks are quarantined
#      after max_attempts with the worker's error text;
#   2. the coordinator is kill -9ed mid-sweep and restarted on the same file after more than the
#      liveness window: the worker reconnects with back-off, reports the tasks it was running (and
#      sends again results not acknowledged), every task ends done, none ran twice, every result is
#      stored under the worker's id.
# Needs python3 with pyzmq (`pip install pyzmq`) and a built physweep (default: .build/debug/physweep).
#   bash docs/examples/check-pswp-worker.sh [PATH-TO-physweep]
set -euo pipefail
physweep="$(realpath "${1:-.build/debug/physweep}")"
worker="$(realpath "$(dirname "$0")/pswp_worker.py")"
dir="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"' EXIT
cd "$dir"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
fail() { echo "FAIL: $*" >&2; tail -n 20 ./*.log >&2; exit 1; }
expect_status() { # DB TEXT
  "$physweep" status --db "$1" > status.log 2>&1 || true
  grep -q "$2" status.log || fail "status lacks '$2'"
}

echo "1. sweep with two Python workers"
cat > one.yaml <<'EOF'
name: pyworkers
systems:
  noop: {models: [none]}
  sleep: {models: [none], fixed: {sleep_seconds: 0.2}}
grid: {fail: [none, error]}
seeds: 5
objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
max_attempts: 2
EOF
port=$(free_port)
"$physweep" coordinator one.yaml --bind "tcp://127.0.0.1:$port" --db one.sqlite --until-done --heartbeat-ms 200 > coordinator1.log 2>&1 &
coordinator=$!; pids+=($coordinator)
python3 "$worker" --connect "tcp://127.0.0.1:$port" --slots 2 --id py-a --give-up-after 20 > worker-a.log 2>&1 & pids+=($!)
python3 "$worker" --connect "tcp://127.0.0.1:$port" --slots 1 --id py-b --give-up-after 20 > worker-b.log 2>&1 & pids+=($!)
wait "$coordinator" || true   # exit status 1: the fail: error tasks are quarantined, as intended
expect_status one.sqlite "10 done, 10 failed"
grep -q "noop task configured with fail: error" status.log || fail "the worker's error text was not stored"
grep -q "coordinator says bye" worker-a.log || fail "worker a did not get BYE"

echo "2. coordinator killed and restarted under a Python worker"
cat > two.yaml <<'EOF'
name: pyrestart
systems:
  sleep: {models: [none], fixed: {sleep_seconds: 0.3}}
seeds: 16
objectives: [{test_mse: minimize}, {train_wall_s: minimize}]
max_attempts: 3
EOF
port=$(free_port)
"$physweep" coordinator two.yaml --bind "tcp://127.0.0.1:$port" --db two.sqlite --until-done --heartbeat-ms 200 > coordinator2.log 2>&1 &
coordinator=$!; pids+=($coordinator)
python3 "$worker" --connect "tcp://127.0.0.1:$port" --slots 2 --id py-r --give-up-after 20 > worker-r.log 2>&1 &
restarted_worker=$!; pids+=($restarted_worker)
sleep 1.5
kill -9 "$coordinator"; wait "$coordinator" 2>/dev/null || true
sleep 1.5
"$physweep" coordinator --bind "tcp://127.0.0.1:$port" --db two.sqlite --until-done --heartbeat-ms 200 > coordinator3.log 2>&1 &
coordinator=$!; pids+=($coordinator)
wait "$coordinator" || fail "restarted coordinator exited with $?"
wait "$restarted_worker" || fail "worker exited with $?"
expect_status two.sqlite "16 done, 0 failed"
grep -q "reconnecting in" worker-r.log || fail "worker did not reconnect"
python3 - two.sqlite <<'EOF' || fail "a task ran twice or a result lacks its worker"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
reruns = db.execute("SELECT id, attempts, last_error FROM tasks WHERE attempts != 1").fetchall()
workers = {row[0] for row in db.execute("SELECT worker FROM results")}
if reruns or workers != {"py-r"}:
    sys.exit(f"tasks run more than once: {reruns}; results stored under {workers}")
EOF

echo "OK: the Python worker speaks PSWP1 (revision 2) with physweep coordinator"
