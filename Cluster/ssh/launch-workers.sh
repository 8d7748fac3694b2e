#!/usr/bin/env bash
# Starts physweep workers on other machines over ssh, detached, and returns.
#
#   Cluster/ssh/launch-workers.sh [--dry-run] HOST...
#   Cluster/ssh/launch-workers.sh --stop HOST...
#
# Each host runs SLOTS / SLOTS_PER_PROCESS worker processes:
#   physweep worker --connect COORDINATOR --slots SLOTS_PER_PROCESS --id HOST-i --give-up-after GIVE_UP_AFTER
# A later launch to the same host numbers its workers on from those listed in ~/.physweep/workers.pid.
# Their process ids go to ~/.physweep/workers.pid on the host and their logs to ~/.physweep/logs/.
# --stop kills the processes listed there that are still physweep workers. Workers also exit by
# themselves when a `coordinator --until-done` finishes the sweep, or after GIVE_UP_AFTER seconds
# without a coordinator.
#
# Settings, from the environment (all optional):
#   COORDINATOR        endpoint the workers connect to (default: tcp://<this host's name>:5555)
#   PHYSWEEP_BIN       physweep on the hosts, relative to the remote home or absolute
#                      (default: physweep/.build/release/physweep)
#   SLOTS              tasks at once per host (default: the host's `nproc`)
#   SLOTS_PER_PROCESS  tasks per worker process (default 1: one process per task, so each task's CPU
#                      time and peak memory are its own; see docs/measurement.md)
#   GIVE_UP_AFTER      seconds a worker waits for a lost coordinator before exiting (default 900)
#   PHYSWEEP_GIT_COMMIT  the commit recorded with results (default: HEAD of this checkout)
#   COORDINATOR_KEY    CURVE: the coordinator's public key file on the hosts (with WORKER_KEY; both
#                      relative to the remote home or absolute); needed unless it runs --insecure
#   WORKER_KEY         CURVE: the workers' secret key file on the hosts (mode 0600; its .pub must be
#                      in the coordinator's --allow directory). One key per host: `physweep keys new HOST`
#   SSH                the ssh command (default: ssh -o BatchMode=yes -o ConnectTimeout=10)
set -euo pipefail

mode=launch
case "${1:-}" in
  --dry-run) mode=dry-run; shift ;;
  --stop) mode=stop; shift ;;
esac
if [ $# -eq 0 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi

coordinator="${COORDINATOR:-tcp://$(hostname -f 2>/dev/null || hostname):5555}"
bin="${PHYSWEEP_BIN:-physweep/.build/release/physweep}"
slots="${SLOTS:-}"
per_process="${SLOTS_PER_PROCESS:-1}"
give_up="${GIVE_UP_AFTER:-900}"
commit="${PHYSWEEP_GIT_COMMIT:-$(git -C "$(dirname "$0")" rev-parse HEAD 2>/dev/null || true)}"
coordinator_key="${COORDINATOR_KEY:-}"
worker_key="${WORKER_KEY:-}"
if { [ -n "$coordinator_key" ] && [ -z "$worker_key" ]; } || { [ -z "$coordinator_key" ] && [ -n "$worker_key" ]; }; then
  echo "set both COORDINATOR_KEY and WORKER_KEY (CURVE), or neither" >&2
  exit 2
fi
read -r -a ssh_command <<< "${SSH:-ssh -o BatchMode=yes -o ConnectTimeout=10}"

# Runs on each host with the settings as positional arguments, so nothing needs shell quoting.
# shellcheck disable=SC2016  # expanded remotely, on purpose
remote='set -eu
bin=$1 coordinator=$2 slots=${3:-$(nproc)} per_process=$4 give_up=$5 commit=$6
if [ -n "$7" ]; then set -- --coordinator-key "$7" --key "$8"; else set --; fi
[ -x "$bin" ] || { echo "$(hostname): no executable physweep at $bin (set PHYSWEEP_BIN)" >&2; exit 1; }
mkdir -p ~/.physweep/logs
processes=$(( (slots + per_process - 1) / per_process ))
# Numbered on from the workers an earlier launch listed, so that no two share a name.
first=$(( $(cat ~/.physweep/workers.pid 2>/dev/null | wc -l) + 1 ))
for i in $(seq "$first" $(( first + processes - 1 ))); do
  PHYSWEEP_GIT_COMMIT=$commit nohup "$bin" worker --connect "$coordinator" --slots "$per_process" \
    --id "$(hostname -s)-$i" --give-up-after "$give_up" "$@" \
    >> ~/.physweep/logs/worker-"$i".log 2>&1 < /dev/null &
  echo $! >> ~/.physweep/workers.pid
done
echo "$(hostname): $processes worker process(es) x $per_process slot(s) -> $coordinator"'

# Kills only listed processes that are still physweep workers: a stale pid may have been reused.
# shellcheck disable=SC2016
stop='pids=~/.physweep/workers.pid stopped=0
[ -f "$pids" ] || { echo "$(hostname): no workers.pid"; exit 0; }
while read -r pid; do
  if tr "\0" " " 2>/dev/null < "/proc/$pid/cmdline" | grep -q " worker --connect "; then
    kill "$pid" && stopped=$((stopped + 1))
  fi
done < "$pids"
rm -f "$pids"
echo "$(hostname): stopped $stopped worker process(es)"'

arguments=$(printf '%q ' "$bin" "$coordinator" "$slots" "$per_process" "$give_up" "$commit" "$coordinator_key" "$worker_key")
status=0
for host in "$@"; do
  case "$mode" in
    dry-run) echo "${ssh_command[*]} $host bash -s -- $arguments  <<< (the script below)" ;;
    stop) "${ssh_command[@]}" "$host" "bash -s" <<< "$stop" || { echo "$host: stop failed" >&2; status=1; } ;;
    launch) "${ssh_command[@]}" "$host" "bash -s -- $arguments" <<< "$remote" || { echo "$host: launch failed" >&2; status=1; } ;;
  esac
done
if [ "$mode" = dry-run ]; then printf '%s\n' "$remote"; fi
exit "$status"
