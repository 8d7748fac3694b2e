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
# Then it compares the night with the newest earlier *complete* night (`physweep compare`) into
# DIR/YYYY-MM-DD-compare/ (compare.md, compare.json, compare.html; kept, one per night) and points
# DIR/latest-compare at it. DIR/index.html lists every night, newest first: complete, partial or
# failed, the comparison's verdict, and links to its report and comparison. A night is complete when its `physweep run` exited 0 (every task done);
# it is then marked DIR/YYYY-MM-DD.complete and becomes the base of the next comparison. A partial
# night (quarantined or missing tasks) is compared but reported as partial (exit 4), and never
# becomes a base; a night that stored nothing gets a compare.md saying so.
#
# Exit status: 0 complete and nothing regressed (or the first night); 3 something regressed;
# 4 partial night; otherwise the failed run's or compare's own status. Any non-zero status makes
# systemd's OnFailure= (or cron's mail) fire.
#
# Environment (optional):
#   PHYSWEEP_BIN  the binary (default: the release build of the checkout this script is in)
#   WORKERS       local worker processes (default: nproc)
#   UPDATE=1      first `git pull --ff-only` the checkout and rebuild (needs swift on PATH: cron's
#                 PATH is short, so set it in the crontab)
#   NIGHT         the night's date instead of today's (UTC), e.g. to redo a missed night
#   TOLERANCE     compare's --tolerance (default 0.01)
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

day="${NIGHT:-$(date -u +%F)}"
status=0
"$bin" run "$spec" --db "$dir/$day.sqlite" --out "$dir/$day-report" --workers "${WORKERS:-$(nproc)}" \
  >> "$dir/$day.log" 2>&1 || status=$?
if [ -d "$dir/$day-report" ]; then ln -sfn "$day-report" "$dir/latest"; fi
echo "physweep-nightly: $spec -> $dir/$day.sqlite, exit $status (log: $dir/$day.log)"
rm -f "$dir/$day.complete"
if [ "$status" = 0 ]; then touch "$dir/$day.complete"; fi

# DIR/index.html: one row per night, newest first (written on every exit from here on).
write_index() {
  {
    printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>physweep nightly</title>\n'
    printf '<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px}td,th{border:1px solid #ddd;padding:4px 8px}'
    printf 'table{border-collapse:collapse}.regressed,.incomplete,.failed,.partial{background:#fde2e2}</style>\n</head>\n<body>\n'
    printf '<h1>physweep nightly</h1>\n<table>\n<tr><th>night</th><th>run</th><th>compared with the last complete night</th><th>report</th></tr>\n'
    local logs=("$dir"/????-??-??.log) i
    for ((i = ${#logs[@]} - 1; i >= 0; i--)); do
      [ -e "${logs[i]}" ] || continue
      local n; n=$(basename "${logs[i]}" .log)
      local run=failed verdict="" report="" comparison=""
      if [ -e "$dir/$n.complete" ]; then run=complete; elif [ -f "$dir/$n.sqlite" ]; then run=partial; fi
      if [ -f "$dir/$n-compare/compare.json" ]; then
        verdict=$(sed -n 's/^  "verdict" : "\([a-z]*\)".*/\1/p' "$dir/$n-compare/compare.json")
        comparison="<a href=\"$n-compare/compare.html\">$verdict</a>"
      elif [ -f "$dir/$n-compare/compare.md" ]; then
        comparison="<a href=\"$n-compare/compare.md\">none</a>"
      fi
      if [ -f "$dir/$n-report/index.html" ]; then report="<a href=\"$n-report/index.html\">report</a>"; fi
      printf '<tr><td>%s</td><td class="%s">%s</td><td class="%s">%s</td><td>%s</td></tr>\n' \
        "$n" "$run" "$run" "$verdict" "$comparison" "$report"
    done
    printf '</table>\n</body>\n</html>\n'
  } > "$dir/index.html.tmp" && mv "$dir/index.html.tmp" "$dir/index.html"
}
trap write_index EXIT

# The base: the newest earlier night marked complete (names sort by date).
base=""
for marker in "$dir"/????-??-??.complete; do
  night=$(basename "$marker" .complete)
  if [ -e "$marker" ] && [[ "$night" < "$day" ]] && [ -f "$dir/$night.sqlite" ]; then base="$night"; fi
done
out="$dir/$day-compare"
rm -rf "$out"
mkdir -p "$out"
ln -sfn "$day-compare" "$dir/latest-compare"
if [ ! -f "$dir/$day.sqlite" ]; then
  printf '# physweep nightly %s: failed\n\nThe run exited %s before storing a sweep; nothing to compare. See %s.\n' \
    "$day" "$status" "$dir/$day.log" > "$out/compare.md"
  echo "physweep-nightly: $day failed (exit $status), nothing stored; no comparison"
  exit "$status"
fi
if [ -z "$base" ]; then
  printf '# physweep nightly %s\n\nNo earlier complete night in %s to compare with; run exit status %s.\n' \
    "$day" "$dir" "$status" > "$out/compare.md"
  echo "physweep-nightly: $day: no earlier complete night to compare with"
  exit "$status"
fi
compared=0
"$bin" compare "$dir/$base.sqlite" "$dir/$day.sqlite" --out "$out" --tolerance "${TOLERANCE:-0.01}" --quiet \
  >> "$dir/$day.log" 2>&1 || compared=$?
echo "physweep-nightly: compared $day with $base: exit $compared (0 nothing regressed, 3 regressed, 4 partial; $out/compare.md)"
if [ "$compared" != 0 ]; then exit "$compared"; fi
exit "$status"
