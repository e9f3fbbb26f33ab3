#!/usr/bin/env python3
"""Process-level measures of the interactive board, driven through tmux.

  cargo build --release --bins --examples
  python3 benches/tui_process.py [--runs N]

For the shipped board and a generated 10,000-task board (made with
`examples/gen_board` if missing), it reports:

- start: from fork/exec of `cchc` on an 80x24 pseudo-terminal until the first
  card (`#1 `) has been written to it (median and min of N runs); the cursor
  position query is answered like a terminal would. (Polling a tmux pane adds
  tens of milliseconds of its own, so the pty is measured directly.)
- idle: bytes the board writes to the terminal and CPU time it uses over 3 s
  with no input (tmux pipe-pane and /proc/PID/stat).

- git: from the first card until the header's git state (`git: …`, `not in
  git`) is written (the shipped board in this repository; the generated one
  outside any).

Targets (issue 3): first frame under 30 ms (shipped) and 150 ms (10,000 tasks);
nothing written while idle and idle CPU near zero; (issue 12) the git state
within 50 ms of the first card. It reports; it never fails.
"""
import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CCHC = os.path.join(ROOT, "target", "release", "cchc")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen_board")
SHIPPED = os.path.join(ROOT, "boards", "so-xay-dung-nam-dinh-2024.yaml")
RUN = [0]


def tmux(*args, check=True):
    # A fresh server per run: reusing a socket right after kill-server races.
    socket = f"cchc-bench-{os.getpid()}-{RUN[0]}"
    r = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"tmux {args[0]} failed: {r.stderr.strip()}")
    return r


def start_until_card(board, marker):
    """Time from exec of `cchc` until `marker` is on screen. The tmux server
    and a shell waiting on `read` are started first, outside the timing."""
    tmux("kill-server", check=False)
    RUN[0] += 1
    tmux("new-session", "-d", "-x", "80", "-y", "24",
         f"read _; CCHC_CONFIG=/nonexistent CCHC_TODAY=2024-07-01 exec {CCHC} -b {board}")
    time.sleep(0.05)
    t0 = time.perf_counter()
    tmux("send-keys", "Enter")
    while True:
        screen = tmux("capture-pane", "-p", check=False).stdout
        if marker in screen:
            return (time.perf_counter() - t0) * 1000
        if time.perf_counter() - t0 > 10:
            raise SystemExit(f"no card after 10 s; the pane shows:\n{screen}")


def start_on_pty(board, marker, then=None):
    """Milliseconds from fork until `marker` is in what cchc wrote; with
    `then` (a list of texts), also the milliseconds from `marker` until one of
    them is written (the header's git state after the first card)."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ.update(CCHC_CONFIG="/nonexistent", TERM="xterm-256color", CCHC_TODAY="2024-07-01")
        os.execv(CCHC, ["cchc", "-b", board])
    seen = b""
    try:
        def until(found):
            nonlocal seen
            while not found(seen):
                ready, _, _ = select.select([fd], [], [], 10)
                if not ready:
                    raise SystemExit(f"nothing after 10 s; output ends: {seen[-200:]!r}")
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise SystemExit("cchc exited before drawing")
                seen += chunk
                if b"\x1b[6n" in chunk:  # cursor position query
                    os.write(fd, b"\x1b[1;1R")
            return time.perf_counter()

        t1 = until(lambda s: marker.encode() in s)
        first = (t1 - t0) * 1000
        if then is None:
            return first
        mark = len(seen)
        t2 = until(lambda s: any(t.encode() in s[mark:] for t in then))
        return first, (t2 - t1) * 1000
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def idle(board, marker):
    start_until_card(board, marker)
    pid = int(tmux("list-panes", "-F", "#{pane_pid}").stdout.split()[0])
    with tempfile.NamedTemporaryFile(delete=False) as f:
        out = f.name
    time.sleep(0.5)
    tmux("pipe-pane", "-o", f"cat >> {out}")

    def cpu():
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    c0 = cpu()
    time.sleep(3)
    c1 = cpu()
    tmux("pipe-pane")
    written = os.path.getsize(out)
    os.unlink(out)
    tmux("kill-server", check=False)
    return written, (c1 - c0) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    if not os.path.exists(CCHC):
        sys.exit("build first: cargo build --release --bins --examples")
    big = os.path.join(tempfile.gettempdir(), "cchc-bench-10000.yaml")
    if not os.path.exists(big):
        subprocess.run([GEN, "--tasks", "10000", "--out", big], check=True)
    cases = [("shipped-43", SHIPPED, 30), ("generated-10000", big, 150)]
    print(f"{'board':<18}{'start median':>14}{'start min':>11}{'target':>8}{'idle bytes':>12}{'idle CPU':>10}{'git after card':>16}")
    for name, board, target in cases:
        marker = "#1 "
        runs = [start_on_pty(board, marker, ["git:", "not in git"]) for _ in range(args.runs)]
        times = [r[0] for r in runs]
        git = statistics.median(r[1] for r in runs)
        written, cpu_ms = idle(board, marker)
        med = statistics.median(times)
        verdict = "PASS" if med < target else "FAIL"
        git_verdict = "PASS" if git < 50 else "FAIL"
        print(f"{name:<18}{med:>11.1f} ms{min(times):>8.1f} ms{target:>5} ms{written:>10} B{cpu_ms:>7.0f} ms{git:>10.1f} ms  {verdict}/{git_verdict}")
    tmux("kill-server", check=False)


if __name__ == "__main__":
    main()
