"""Bounded cost on hostile input: how long journeykit takes, and how much memory, to refuse it.

Run from the repository root:

    .venv/bin/python benchmarks/bench_hostile.py [--quick]

Each case is generated in a temporary folder and read in a fresh interpreter
(``journeykit validate`` for programme files, ``read_xes`` for event logs), so
every figure is wall time and peak memory (maximum resident set) of a whole
process, import included. The cases are those of issue 12: a programme with
4,000, 40,000 and (not with ``--quick``) 300,000 unknown keys in 63 MB, an
integer of 4,400 digits, a FIFO and a link to ``/dev/zero``; an XES log of 2.7 MB
with a new attribute key on every event, 300 one-MB values in a gzip of about
300 KB, and a gzip that inflates to 2 GiB. The targets (linear location of
errors: 40,000 keys well under 10 s, the 63 MB file within 30 s; every other
case refused at once) are printed with PASS or FAIL.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from _timing import verdict  # benchmarks/ is on sys.path when a script runs

import journeykit as jk

# -- generators -------------------------------------------------------------------------------------


def unknown_keys(path: Path, count: int, width: int = 0) -> Path:
    """A programme whose top level holds ``count`` unknown keys (values ``width`` long)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("name: Portal\n")
        for n in range(count):
            out.write(f"unknown_key_{n:06d}: {'v' * width or n}\n")
    return path


def huge_integer(path: Path) -> Path:
    path.write_text("name: Portal\npersonas:\n  - id: a\n    name: A\n    size: 1" + "0" * 4399 + "\n")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def dev_zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def xes_key_bomb(path: Path, events: int = 50_000) -> Path:
    """About 2.7 MB of XES whose every event brings a new attribute key."""
    with path.open("w", encoding="utf-8") as out:
        out.write("<log><trace>\n")
        for n in range(events):
            out.write(f'<event><string key="k{n}" value="x"/></event>\n')
        out.write("</trace></log>\n")
    return path


def xes_value_bomb(path: Path, values: int = 300, chars: int = 1_000_000) -> Path:
    """``values`` events each with a value of ``chars`` characters, gzipped to a few hundred KB."""
    event = f'<event><string key="note" value="{"v" * chars}"/></event>\n'.encode()
    with gzip.open(path, "wb") as out:
        out.write(b"<log><trace>\n")
        for _ in range(values):
            out.write(event)
        out.write(b"</trace></log>\n")
    return path


def gzip_bomb(path: Path, gib: int = 2) -> Path:
    """A gzip of a few MB that inflates to ``gib`` GiB of whitespace inside <log>."""
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (64 * 1024 * 1024)
    with path.open("wb") as out:
        out.write(pack.compress(b"<log>\n"))
        for _ in range(gib * 16):
            out.write(pack.compress(block))
        out.write(pack.compress(b"</log>\n") + pack.flush())
    return path


# -- measuring ---------------------------------------------------------------------------------------


def run(code: str, timeout: float) -> tuple[float, float, str]:
    """Wall seconds, peak MB and first line of stderr/stdout of a fresh interpreter running ``code``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT)
        try:
            _, _, usage = _wait(process.pid, timeout)
        except TimeoutError:
            process.kill()
            process.wait()
            return time.perf_counter() - start, 0.0, f"TIMEOUT after {timeout:.0f} s"
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip().splitlines()
    return elapsed, usage.ru_maxrss / 1024, (text[0] if text else "")[:160]


def _wait(pid: int, timeout: float) -> tuple[int, int, os.struct_rusage]:  # type: ignore[name-defined]
    deadline = time.monotonic() + timeout
    while True:
        found, status, usage = os.wait4(pid, os.WNOHANG)
        if found:
            return found, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.02)


VALIDATE = "import sys; from journeykit.cli import main; sys.exit(main(['validate', {path!r}]))"
READ_XES = (
    "from journeykit.analytics import read_xes\n"
    "from journeykit.exceptions import JourneyKitError\n"
    "try:\n    read_xes({path!r})\nexcept JourneyKitError as err:\n    print(err)\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the 63 MB programme")
    args = parser.parse_args()
    cases: list[tuple[str, str, Callable[[Path], Path], str, float]] = [
        # label, file name, generator, code, target seconds
        ("programme, 4,000 unknown keys", "k4000.yaml", lambda p: unknown_keys(p, 4_000), VALIDATE, 2),
        ("programme, 40,000 unknown keys", "k40000.yaml", lambda p: unknown_keys(p, 40_000), VALIDATE, 10),
        ("programme, integer of 4,400 digits", "int.yaml", huge_integer, VALIDATE, 2),
        ("programme, FIFO", "fifo.yaml", fifo, VALIDATE, 2),
        ("programme, link to /dev/zero", "zero.yaml", dev_zero, VALIDATE, 2),
        ("XES, new key on every event (2.7 MB)", "keys.xes", xes_key_bomb, READ_XES, 10),
        ("XES, 300 one-MB values (gzip)", "values.xes.gz", xes_value_bomb, READ_XES, 60),
        ("XES, gzip inflating to 2 GiB", "bomb.xes.gz", gzip_bomb, READ_XES, 120),
    ]
    if not args.quick:
        cases.insert(
            2,
            (
                "programme, 300,000 unknown keys (63 MB)",
                "k300000.yaml",
                lambda p: unknown_keys(p, 300_000, 190),
                VALIDATE,
                30,
            ),
        )
    print(f"journeykit {jk.__version__}, Python {platform.python_version()}, {platform.machine()}\n")
    print("| case | input | wall s | peak MB | target | verdict | answer |")
    print("|---|---:|---:|---:|---:|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for label, name, make, code, target in cases:
            path = make(Path(folder) / name)
            size = path.lstat().st_size if path.is_symlink() or not path.is_file() else path.stat().st_size
            elapsed, peak, answer = run(code.format(path=str(path)), timeout=max(10 * target, 60))
            answer = answer.replace(str(path), name).replace("|", "\\|")
            print(
                f"| {label} | {size / 1e6:.2f} MB | {elapsed:.2f} | {peak:.0f} | {target:g} s "
                f"| {verdict(elapsed <= target)} | {answer} |"
            )
            if path.is_file() and not path.is_symlink():
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
