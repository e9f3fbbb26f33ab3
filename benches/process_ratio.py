#!/usr/bin/env python3
"""Process-level comparison of `cchc overdue` with the floor.

Prerequisite (this script builds nothing):

    cargo build --release --examples --bins

Then, from the repository root:

    python3 benches/process_ratio.py            # 30 runs of each per board
    python3 benches/process_ratio.py --runs 50

For each board (the shipped one and a generated 10,000-task one, written with
`target/release/examples/gen_board` to target/bench-boards/ when missing), runs

    CCHC_TODAY=2024-07-01 target/release/cchc -b BOARD overdue --format json > /dev/null
    target/release/examples/floor BOARD > /dev/null

a few times to warm up, then N times each, interleaved (cchc, floor, cchc, ...)
so that drift in the machine's speed hits both alike. Each process is started
with posix_spawn and reaped with os.wait4, which gives that child's own rusage:
wall time is measured around spawn..reap, peak memory is the child's ru_maxrss
(KiB on Linux).

Prints, per board: median and min wall time of each program and the ratio of
the medians against the 1.2x target; cchc's peak RSS against the 40 MB target
(MB here means MiB, 2^20 bytes, the stricter reading); and, for information,
the median CPU time (user + system, from the same rusage), since cchc parses
large boards on several threads and its CPU time can then exceed its wall time.
It reports and never gates: the exit status is 0 whatever the numbers (2 only
when a program is missing or fails). `--bin-dir DIR` runs binaries copied
elsewhere, so that a concurrent `cargo build` cannot swap them mid-run.

One limit of ru_maxrss: Linux records the spawning process's high-water mark
in the child at exec (the child starts on the parent's address space), so no
child of this script reads lower than the script's own peak RSS (about 15 MiB
for python3). A reading at or under that floor is printed as "<=N" (the true
peak is lower; `/usr/bin/time -f %M` shows it). The 10,000-task board is well
above it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
SHIPPED = ROOT / "boards" / "so-xay-dung-nam-dinh-2024.yaml"
AS_OF = "2024-07-01"
RATIO_TARGET = 1.2
MEMORY_TARGET_MIB = 40.0


def run_once(
    argv: list[str], ok_codes: tuple[int, ...], env: dict[str, str]
) -> tuple[float, float, int]:
    """Runs argv with stdout to /dev/null; returns (wall s, CPU s, peak RSS KiB)."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        print(f"process_ratio: {' '.join(argv)} exited {code}", file=sys.stderr)
        sys.exit(2)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def rss_text(child_mib: float, own_mib: float) -> str:
    """A child's peak; readings swamped by the parent's own RSS are upper bounds."""
    if child_mib <= own_mib + 0.5:
        return f"<={own_mib:.1f}"
    return f"{child_mib:.1f}"


def ensure_generated(gen: Path, tasks: int) -> Path:
    path = ROOT / "target" / "bench-boards" / f"board-{tasks}.yaml"
    if not path.exists():
        subprocess.run([str(gen), "--tasks", str(tasks), "--out", str(path)], check=True)
    return path


def measure(
    bins: dict[str, Path], board: Path, runs: int, warmup: int, env: dict[str, str]
) -> dict[str, dict[str, list]]:
    # Today is AS_OF (`CCHC_TODAY`, set in main): the everyday check, no history.
    cchc = [str(bins["cchc"]), "-b", str(board), "overdue", "--format", "json"]
    floor = [str(bins["floor"]), str(board)]
    # `overdue` exits 1 when something is overdue: that is success here.
    for _ in range(warmup):
        run_once(cchc, (0, 1), env)
        run_once(floor, (0,), env)
    times: dict[str, list[float]] = {"cchc": [], "floor": []}
    cpu: dict[str, list[float]] = {"cchc": [], "floor": []}
    rss: dict[str, list[int]] = {"cchc": [], "floor": []}
    for i in range(runs):
        # Alternate which goes first, so neither always runs on a just-warmed cache.
        order = [("cchc", cchc, (0, 1)), ("floor", floor, (0,))]
        if i % 2:
            order.reverse()
        for name, argv, ok in order:
            t, c, r = run_once(argv, ok, env)
            times[name].append(t)
            cpu[name].append(c)
            rss[name].append(r)
    return {"times": times, "cpu": cpu, "rss": rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each program per board")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    parser.add_argument("--tasks", type=int, default=10_000, help="size of the generated board")
    parser.add_argument(
        "--bin-dir",
        type=Path,
        default=RELEASE,
        help="where cchc and examples/ are (default target/release; point it at a copy "
        "so that a rebuild cannot swap binaries mid-run)",
    )
    args = parser.parse_args()

    bins = {
        "cchc": args.bin_dir / "cchc",
        "floor": args.bin_dir / "examples" / "floor",
        "gen": args.bin_dir / "examples" / "gen_board",
    }
    missing = [p for p in bins.values() if not p.exists()]
    if missing:
        print(
            "process_ratio: missing " + ", ".join(str(p) for p in missing)
            + "\nbuild first: cargo build --release --examples --bins",
            file=sys.stderr,
        )
        return 2

    # A user config could point elsewhere or fail: measure the board only.
    env = dict(os.environ)
    env["CCHC_CONFIG"] = str(ROOT / "target" / "bench-boards" / "no-config.yaml")
    env.pop("CCHC_BOARD", None)
    env["CCHC_TODAY"] = AS_OF

    boards = [SHIPPED, ensure_generated(bins["gen"], args.tasks)]
    ms = lambda s: s * 1000.0  # noqa: E731
    mib = lambda k: k / 1024.0  # noqa: E731

    load_before = os.getloadavg()
    rows = []
    for board in boards:
        result = measure(bins, board, args.runs, args.warmup, env)
        tc, tf = result["times"]["cchc"], result["times"]["floor"]
        cc, cf = result["cpu"]["cchc"], result["cpu"]["floor"]
        rc, rf = result["rss"]["cchc"], result["rss"]["floor"]
        tasks = subprocess.run(
            [str(bins["floor"]), str(board)], check=True, capture_output=True, text=True
        ).stdout.strip()
        ratio = statistics.median(tc) / statistics.median(tf)
        peak = mib(max(rc))
        own = mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        rows.append(
            {
                "board": f"{board.name} ({tasks} tasks, {board.stat().st_size / 1e6:.2f} MB)",
                "cchc_med": ms(statistics.median(tc)),
                "cchc_min": ms(min(tc)),
                "floor_med": ms(statistics.median(tf)),
                "floor_min": ms(min(tf)),
                "ratio": ratio,
                "ratio_min": min(tc) / min(tf),
                "cchc_cpu": ms(statistics.median(cc)),
                "floor_cpu": ms(statistics.median(cf)),
                "cpu_ratio": statistics.median(cc) / statistics.median(cf),
                "cchc_mib": peak,
                "floor_mib": mib(max(rf)),
                "own_mib": own,
                "time_ok": ratio <= RATIO_TARGET,
                "mem_ok": peak < MEMORY_TARGET_MIB,
            }
        )

    print(
        f"CCHC_TODAY={AS_OF} cchc -b BOARD overdue --format json > /dev/null  vs  "
        f"examples/floor BOARD; {args.runs} interleaved runs each after {args.warmup} warm-up"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}; "
        f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}"
    )
    print()
    header = (
        f"{'board':<52} {'cchc ms':>15} {'floor ms':>15} {'ratio':>6} {'target':>6} {'':>4}"
        f"  {'cchc MiB':>8} {'floor MiB':>9} {'target':>6} {'':>4}"
        f"  {'CPU ms cchc':>11} {'floor':>6} {'ratio':>6}"
    )
    print(header)
    print(f"{'':<52} {'median (min)':>15} {'median (min)':>15}")
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['board']:<52} "
            f"{r['cchc_med']:>7.2f} ({r['cchc_min']:>5.2f}) "
            f"{r['floor_med']:>7.2f} ({r['floor_min']:>5.2f}) "
            f"{r['ratio']:>5.2f}x {RATIO_TARGET:>5.1f}x {'PASS' if r['time_ok'] else 'FAIL':>4}  "
            f"{rss_text(r['cchc_mib'], r['own_mib']):>8} {rss_text(r['floor_mib'], r['own_mib']):>9} "
            f"{MEMORY_TARGET_MIB:>6.0f} {'PASS' if r['mem_ok'] else 'FAIL':>4}  "
            f"{r['cchc_cpu']:>11.2f} {r['floor_cpu']:>6.2f} {r['cpu_ratio']:>5.2f}x"
        )
    print()
    print(
        "ratio = median wall time cchc / median floor (the target); "
        "CPU = median user+system time (not judged; more than wall when cchc uses threads)."
    )
    print("min cchc / min floor wall time, for reference (not judged):")
    for r in rows:
        print(f"  {r['board']}: {r['ratio_min']:.2f}x")
    print(
        "memory = the largest ru_maxrss of any timed run; MiB = 2^20 bytes; "
        "'<=N': at or under this script's own peak RSS, so the true peak is lower."
    )
    print("This script reports; it does not gate CI (exit status 0).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
