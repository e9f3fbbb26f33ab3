#!/usr/bin/env python3
"""Two (or more) builds of one command, interleaved, in one run.

    python3 benches/ab.py --runs 150 --cwd DIR -- OLD/cchc -b board.yaml report --period 2024-Q1 \
        -- NEW/cchc -b board.yaml report --period 2024-Q1 -- target/release/examples/floor board.yaml

Each `--` starts a command; every round runs them all (in reverse order on
odd rounds, after one warm-up round), each spawned as `commands.py` spawns
them (`run_once`: posix_spawn, output to /dev/null; an exit code other than
0 or 1 stops the run, so a failing command is never timed). Prints each command's median wall time and its ratio to
the last command's (put the floor last). The machine's speed drifts between
runs, so a change is judged by builds measured side by side, never by two
runs of `commands.py`. Reports, never gates: exit 0 whatever the numbers.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

from commands import run_once


def main() -> int:
    argv = sys.argv[1:]
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    head, rest = argv[: argv.index("--")], argv[argv.index("--") :]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--cwd", default=".")
    args = ap.parse_args(head)
    cmds: list[list[str]] = []
    for a in rest:
        if a == "--":
            cmds.append([])
        else:
            cmds[-1].append(a)
    if not all(cmds):
        print("ab: an empty command", file=sys.stderr)
        return 2
    cwd = Path(args.cwd).resolve()
    env = dict(os.environ)
    times: list[list[float]] = [[] for _ in cmds]
    for i in range(args.runs + 1):
        order = list(range(len(cmds)))
        if i % 2:
            order.reverse()
        for j in order:
            elapsed, _ = run_once(cmds[j], (0, 1), env, cwd)
            if i:
                times[j].append(elapsed)
    last = statistics.median(times[-1])
    for cmd, t in zip(cmds, times):
        m = statistics.median(t)
        print(f"{m * 1000:8.3f} ms  {m / last:5.2f}x  {' '.join(cmd)}")
    print(f"{args.runs} interleaved runs each; load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
