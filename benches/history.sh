#!/usr/bin/env bash
# `cchc history ID` over a year of daily commits (issue 4 target: under 2 s for
# 1,000 commits). Builds a throwaway repository of N commits of the shipped
# board, each a `cchc move` of one task, then times `cchc history` for a few
# tasks. Reports; never fails on a slow result.
#
#   cargo build --release --bins
#   bash benches/history.sh [COMMITS]        (default 1000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cchc=${CCHC_BIN:-$root/target/release/cchc}
commits=${1:-1000}
[ -x "$cchc" ] || { echo "build first: cargo build --release --bins" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 CCHC_CONFIG=/nonexistent
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@b
git init -q -b main
cp "$root/boards/so-xay-dung-nam-dinh-2024.yaml" board.yaml
git add board.yaml && git commit -qm "plan"
statuses=(planned in-progress done)
for i in $(seq 1 "$commits"); do
  id=$(( (i * 7) % 43 + 1 ))
  day=$(date -d "2024-01-01 + $(( i % 366 )) days" +%F)
  s=${statuses[$(( (i / 43) % 3 ))]}
  "$cchc" -b board.yaml move "$id" "$s" --as-of "$day" > /dev/null
  GIT_AUTHOR_DATE="$day 12:00" GIT_COMMITTER_DATE="$day 12:00" git commit -qam "day $i" --allow-empty
done
echo "repository: $(git rev-list --count HEAD) commits"
TIMEFORMAT=%R
for id in 1 12 43 99; do
  secs=$( { time "$cchc" -b board.yaml history "$id" > out.txt; } 2>&1 )
  printf 'history %2d: %4d commits changed it, %s s (target 2 s)\n' "$id" "$(grep -c '^[0-9]' out.txt)" "$secs"
done
# The same history read by `git log` alone (issue 12: `history` within 2×),
# medians of 11, with the objects loose (as committed) and then packed (as
# in a clone, or after `git gc`).
ratio() {
  python3 - "$cchc" <<'PY'
import statistics, subprocess, sys, time
runs = {"history 1": [sys.argv[1], "-b", "board.yaml", "history", "1"],
        "git log --raw": ["git", "log", "--no-abbrev", "--raw", "--no-renames", "--date=short",
                          "--format=%x1e%H%x1f%ad%x1f%an%x1f%s", "--", "board.yaml"]}
times = {k: [] for k in runs}
for _ in range(11):
    for k, cmd in runs.items():
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times[k].append(time.perf_counter() - t)
m = {k: statistics.median(v) * 1000 for k, v in times.items()}
print("  " + ", ".join(f"{k} {v:.1f} ms" for k, v in m.items())
      + f": {m['history 1'] / m['git log --raw']:.2f}x (target 2x)")
PY
}
echo "objects loose:"; ratio
git gc -q
echo "objects packed:"; ratio
# The year report as of 14/12, its statuses from the history (issue 8:
# under 1 s over 1,000 commits), in every format.
for fmt in json md html docx xlsx; do
  out=report.$fmt
  rm -f "$out"
  secs=$( { time "$cchc" -b board.yaml --as-of 2025-01-10 report --period 2024 --format "$fmt" -o "$out" --force > /dev/null; } 2>&1 )
  [ -s "$out" ] || { echo "report 2024 ($fmt) wrote nothing" >&2; exit 2; }
  printf 'report 2024 (%s): %s s (target 1 s), %s bytes\n' "$fmt" "$secs" "$(wc -c < "$out")"
done
# The history of the year in the HTML chart: the year report read the
# version of 14/12 from git (no stderr note means it did).
"$cchc" -b board.yaml --as-of 2025-01-10 report --period 2024 --format json -o - 2>&1 >/dev/null | head -2
