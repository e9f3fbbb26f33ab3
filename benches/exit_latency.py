#!/usr/bin/env python3
"""Exit latency after a dropped connection (issue #18).

Each run starts the board in a tmux server of its own (80x24), makes one
unsaved edit, waits until the pane shows it, then kills the tmux server (as
a dropped SSH connection closes the terminal) and measures how long the
`cchc` process takes to be gone (polling /proc every millisecond). Prints
the median, min and max of the runs, and checks that every run left the
edit in the recovery file and no lock file.

    python3 benches/exit_latency.py --bin target/debug/cchc --runs 20
"""

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BOARD = os.path.join(HERE, "..", "boards", "so-xay-dung-nam-dinh-2024.yaml")


def tmux(sock, tmpdir, *args, check=True):
    env = dict(os.environ, TMUX_TMPDIR=tmpdir, LANG="C.UTF-8")
    env.pop("TMUX", None)
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", *args],
                          env=env, capture_output=True, text=True, check=check)


def children(pid):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rfind(")") + 2:].split()
        if int(rest[1]) == pid and "(cchc" in s:
            out.append(int(p))
    return out


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except OSError:
        return False


def one(binary, n):
    work = tempfile.mkdtemp()
    tmpdir = tempfile.mkdtemp()
    sock = f"cchc-exit-{os.getpid()}-{n}"
    try:
        shutil.copy(BOARD, os.path.join(work, "board.yaml"))
        script = (f"cd '{work}' && CCHC_CONFIG=/nonexistent CCHC_TODAY=2024-04-02 '{binary}' "
                  f"-b board.yaml --lang en")
        tmux(sock, tmpdir, "new-session", "-d", "-s", "main", "-x", "80",
             "-y", "24", "sh", "-c", script)
        shell = int(tmux(sock, tmpdir, "display-message", "-p", "-t", "main",
                         "#{pane_pid}").stdout.strip())
        deadline = time.monotonic() + 10
        pid = None
        while pid is None and time.monotonic() < deadline:
            found = children(shell)
            if not found:
                time.sleep(0.01)
                continue
            pid = found[0]
            time.sleep(0.01)
        while "Kế hoạc" not in tmux(sock, tmpdir, "capture-pane", "-p",
                                    "-t", "main").stdout:
            time.sleep(0.01)
        tmux(sock, tmpdir, "send-keys", "-t", "main", "-l", "L")
        while "● unsaved" not in tmux(sock, tmpdir, "capture-pane", "-p",
                                      "-t", "main").stdout:
            time.sleep(0.01)
        start = time.monotonic()
        tmux(sock, tmpdir, "kill-server", check=False)
        while alive(pid):
            if time.monotonic() - start > 30:
                os.kill(pid, 9)
                raise SystemExit("cchc did not exit within 30 s")
            time.sleep(0.001)
        took = time.monotonic() - start
        left = sorted(os.listdir(work))
        ok = ".board.yaml.cchc-recovery" in left and not any(
            f.endswith(".lock") for f in left)
        return took, ok, left
    finally:
        tmux(sock, tmpdir, "kill-server", check=False)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(tmpdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target",
                                                  "debug", "cchc"))
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args()
    times = []
    for n in range(a.runs):
        took, ok, left = one(os.path.abspath(a.bin), n)
        times.append(took)
        if not ok:
            print(f"run {n}: recovery file missing or lock left: {left}")
    ms = [t * 1000 for t in times]
    print(f"{a.bin}: {a.runs} runs, exit after kill-server: median "
          f"{statistics.median(ms):.0f} ms, min {min(ms):.0f} ms, "
          f"max {max(ms):.0f} ms")


if __name__ == "__main__":
    main()
