"""Cold start to the first frame, and peak memory, measured from outside the process.

Each run starts the real command in a pseudo-terminal (100 x 30 cells), reads
what it writes, and stops the clock when the terminal receives the marker
text: for Second Heart the last row of the checklist, for the floor the text
of its Static. The process then lingers for a moment (so work done after the
first frame, such as the guide pane, shows in the lingering figure), is asked
to quit with ctrl+q. Peak memory is the high-water mark when the first frame
appeared (the issue's "peak memory of the same two"), and again after lingering.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

COLUMNS, ROWS = 100, 30
LINGER = 0.8  # seconds the app stays up after its first frame
TIMEOUT = 30.0


@dataclass
class StartRun:
    seconds: float  # Popen to the marker on the terminal
    frame_kib: int  # peak resident set size up to the first frame (VmHWM when it appeared)
    peak_kib: int  # peak resident set size while running (VmHWM before quitting)
    max_rss_kib: int  # peak resident set size over the whole life, exit included
    output_bytes: int


def _high_water_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class StartFailed(RuntimeError):
    pass


def _controlling_tty() -> None:  # runs in the child before exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def bench_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "SECONDHEART"))}
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        SECONDHEART_DATA_DIR=str(home / "data"),
        SECONDHEART_CONFIG_DIR=str(home / "config"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # any value, even "0", turns caching off
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env.pop("NO_COLOR", None)
    return env


def cold_start(
    argv: list[str], marker: str, env: dict[str, str], linger: float = LINGER
) -> StartRun:
    """Start ``argv`` in a pty; time until ``marker`` is on screen; its peak memory."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    needle = marker.encode()
    tail = b""
    total = 0
    seen_at: float | None = None
    quit_sent = False
    peak = frame_peak = 0
    rusage = None
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        preexec_fn=_controlling_tty,  # noqa: PLW1509 - single-threaded parent
    )
    os.close(slave)
    deadline = started + TIMEOUT
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    data = os.read(master, 1 << 16)
                except OSError:  # EIO: the child closed the terminal
                    data = b""
                if data:
                    total += len(data)
                    if seen_at is None:
                        window = tail + data
                        if needle in window:
                            seen_at = time.perf_counter()
                            frame_peak = _high_water_kib(proc.pid)
                        tail = window[-len(needle) :]
            now = time.perf_counter()
            if seen_at is not None and not quit_sent and now >= seen_at + linger:
                peak = _high_water_kib(proc.pid)
                os.write(master, b"\x11")  # ctrl+q
                quit_sent = True
                deadline = now + 5
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                rusage = usage
                break
            if now > deadline:
                proc.send_signal(signal.SIGKILL if quit_sent else signal.SIGTERM)
                _, status, rusage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
    finally:
        os.close(master)
    if seen_at is None:
        raise StartFailed(f"{' '.join(argv)}: {marker!r} never appeared (exit {proc.returncode})")
    return StartRun(
        seen_at - started, frame_peak or peak, peak or rusage.ru_maxrss, rusage.ru_maxrss, total
    )


def floor_argv() -> list[str]:
    return [sys.executable, str(Path(__file__).with_name("bench_floor.py"))]


def app_argv(db: Path) -> list[str]:
    script = Path(sys.executable).with_name("secondheart")
    return [str(script), "--db", str(db)]
