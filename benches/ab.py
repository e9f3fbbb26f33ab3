#!/usr/bin/env python3
"""Two (or more) builds of one command, interleaved, in one run.

    python3 benches/ab.py --runs 150 --cwd DIR -- OLD/cchc -b board.yaml report --period 2024-Q1 \
        -- NEW/cchc -b board.yaml report --period 2024-Q1 -- target/release/examples/floor board.yaml

Each `--` starts a command; every round runs them all (in reverse order on
odd rounds, after one warm-up round), each spawned with posix_spawn, its
output to /dev/null. Prints each command's median wall time and its ratio to
the last command's (put the floor last). The machine's speed drifts between
runs, so a change is judged by builds measured side by side, never by two
runs of `commands.py`. Reports, never gates: exit 0 whatever the numbers.
"""

import argparse
import os
import statistics
import sys
import time


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
    os.chdir(args.cwd)
    null = os.open(os.devnull, os.O_WRONLY)
    times: list[list[float]] = [[] for _ in cmds]
    for i in range(args.runs + 1):
        order = list(range(len(cmds)))
        if i % 2:
            order.reverse()
        for j in order:
            start = time.perf_counter()
            pid = os.posix_spawnp(
                cmds[j][0],
                cmds[j],
                os.environ,
                file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)],
            )
            os.waitpid(pid, 0)
            if i:
                times[j].append(time.perf_counter() - start)
    last = statistics.median(times[-1])
    for cmd, t in zip(cmds, times):
        m = statistics.median(t)
        print(f"{m * 1000:8.3f} ms  {m / last:5.2f}x  {' '.join(cmd)}")
    print(f"{args.runs} interleaved runs each; load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
