"""Time and size of the example's HTML report, against the code of an earlier commit.

Run from the repository root:

    .venv/bin/python benchmarks/bench_report.py [--baseline 4506590] [--repeat 3]

The same measurement runs on two source trees with the same interpreter:
this working tree's ``src`` and the ``src`` of ``--baseline`` (a commit,
taken out with ``git archive`` into a temporary folder; or the folder of an
old tree, such as a ``git worktree``). Each tree reports its own example.
Each run is a fresh Python process that imports journeykit, loads the
example and builds its report twice:

- cold: from the process start to the first report written, imports included;
- warm: the second report, built in the same process.

Both are CPU seconds of the whole process tree (the process, and the
Graphviz ``dot`` it runs), best of ``--repeat`` processes, since other jobs
on a shared machine take the CPU away at random; wall seconds are shown
next to them. The sizes are those of the English and the Spanish example's
reports. The target (issue 11): the new report built in at most half the
baseline's time, and at most 1.5 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What one fresh process runs: its times and the sizes, as JSON on stdout.
CHILD = r"""
import json, os, resource, sys, time

def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

out, start_wall = sys.argv[1], float(sys.argv[2])
import journeykit as jk
program = jk.example()
jk.report(program, os.path.join(out, "en.html"))
cold_cpu, cold_wall = cpu(), time.time() - start_wall
before_cpu, before_wall = cpu(), time.perf_counter()
jk.report(program, os.path.join(out, "en.html"))
warm_cpu, warm_wall = cpu() - before_cpu, time.perf_counter() - before_wall
jk.report(jk.example(language="es"), os.path.join(out, "es.html"))
sizes = {name: os.path.getsize(os.path.join(out, name + ".html")) for name in ("en", "es")}
print(json.dumps({"cold_cpu": cold_cpu, "cold_wall": cold_wall, "warm_cpu": warm_cpu,
                  "warm_wall": warm_wall, "journeykit": jk.__file__, **sizes}))
"""


def measure(src: Path, repeat: int) -> dict[str, float]:
    """Best of ``repeat`` fresh processes running ``CHILD`` with ``src`` first on the path."""
    runs = []
    for _unused in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            import time

            env = {**os.environ, "PYTHONPATH": str(src), "MPLBACKEND": "agg"}
            done = subprocess.run(
                [sys.executable, "-c", CHILD, out, repr(time.time())],
                capture_output=True,
                text=True,
                env=env,
                check=False,
                cwd=out,
            )
        if done.returncode != 0:
            raise SystemExit(f"the report failed with {src}:\n{done.stderr}")
        run = json.loads(done.stdout.strip().splitlines()[-1])
        if not Path(run["journeykit"]).resolve().is_relative_to(src.resolve()):
            raise SystemExit(f"{run['journeykit']} was imported instead of the tree in {src}")
        runs.append(run)
    best = {key: min(run[key] for run in runs) for key in ("cold_cpu", "cold_wall", "warm_cpu", "warm_wall")}
    return {**best, "en": runs[0]["en"], "es": runs[0]["es"]}


def baseline_src(baseline: str, folder: Path) -> Path:
    """The ``src`` of ``baseline``: a folder as it is, or a commit taken out of git (with its
    ``examples``, which a source tree reads the example from)."""
    given = Path(baseline)
    if given.is_dir():
        return given / "src" if (given / "src" / "journeykit").is_dir() else given
    archive = subprocess.run(
        ["git", "archive", "--format=tar", baseline, "src", "examples"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="4506590", help="a commit, or a folder with an old tree's src")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old = measure(baseline_src(args.baseline, Path(folder)), args.repeat)
    new = measure(ROOT / "src", args.repeat)
    print(f"Python {sys.version.split()[0]}; best of {args.repeat} fresh processes each\n")
    print(f"{'':28}{'baseline':>12}{'now':>12}{'now/baseline':>14}")
    for key, label in (
        ("cold_cpu", "cold, CPU s (with imports)"),
        ("warm_cpu", "warm, CPU s"),
        ("cold_wall", "cold, wall s"),
        ("warm_wall", "warm, wall s"),
    ):
        print(f"{label:28}{old[key]:12.2f}{new[key]:12.2f}{new[key] / old[key]:14.2f}")
    for key, label in (("en", "size, English (MB)"), ("es", "size, Spanish (MB)")):
        print(f"{label:28}{old[key] / 1e6:12.2f}{new[key] / 1e6:12.2f}{new[key] / old[key]:14.2f}")
    fast = new["cold_cpu"] <= old["cold_cpu"] / 2 and new["warm_cpu"] <= old["warm_cpu"] / 2
    small = max(new["en"], new["es"]) <= 1.5e6
    verdict = {True: "PASS", False: "FAIL"}
    print(f"\ntarget: at most half the time {verdict[fast]}; at most 1.5 MB {verdict[small]}")


if __name__ == "__main__":
    main()
