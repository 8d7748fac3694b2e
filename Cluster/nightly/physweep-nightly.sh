#!/usr/bin/env bash
# Runs a sweep into a dated SQLite file and report, for cron or a systemd timer:
#
#   Cluster/nightly/physweep-nightly.sh SPEC.yaml [DIR]        (DIR default: ~/physweep-nightly)
#
# writes DIR/YYYY-MM-DD.sqlite, DIR/YYYY-MM-DD-report/, DIR/YYYY-MM-DD.log (dates in UTC) and points
# DIR/latest at the newest report. Running it again on the same day resumes that day's sweep: results
# already in the file are reused. While one run holds DIR/.lock, another exits at once, so a slow
# night does not compete with the next one for the cores.
#
# Environment (optional):
#   PHYSWEEP_BIN  the binary (default: the release build of the checkout this script is in)
#   WORKERS       local worker processes (default: nproc)
#   UPDATE=1      first `git pull --ff-only` the checkout and rebuild (needs swift on PATH: cron's
#                 PATH is short, so set it in the crontab)
set -euo pipefail

if [ $# -lt 1 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
spec=$(realpath "$1")
dir="${2:-$HOME/physweep-nightly}"
checkout=$(cd "$(dirname "$0")/../.." && pwd)
bin="${PHYSWEEP_BIN:-$checkout/.build/release/physweep}"
mkdir -p "$dir"

exec 9> "$dir/.lock"
flock -n 9 || { echo "physweep-nightly: another run holds $dir/.lock; not starting" >&2; exit 0; }

if [ "${UPDATE:-0}" = 1 ]; then
  git -C "$checkout" pull --ff-only
  (cd "$checkout" && swift build -c release --product physweep)
fi
PHYSWEEP_GIT_COMMIT="${PHYSWEEP_GIT_COMMIT:-$(git -C "$checkout" rev-parse HEAD 2>/dev/null || true)}"
export PHYSWEEP_GIT_COMMIT

day=$(date -u +%F)
status=0
"$bin" run "$spec" --db "$dir/$day.sqlite" --out "$dir/$day-report" --workers "${WORKERS:-$(nproc)}" \
  >> "$dir/$day.log" 2>&1 || status=$?
if [ -d "$dir/$day-report" ]; then ln -sfn "$day-report" "$dir/latest"; fi
echo "physweep-nightly: $spec -> $dir/$day.sqlite, exit $status (log: $dir/$day.log)"
exit "$status"
