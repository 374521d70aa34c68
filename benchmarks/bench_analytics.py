"""Speed and memory of ``journeykit.analytics.discover`` against PM4Py, on synthetic logs and BPIC 2012.

PM4Py is AGPL: journeykit never imports it, and it is no journeykit
dependency. This script imports both, so it runs in a virtual environment of
its own, ``.venv-bench``; from the repository root::

    make bench-analytics

makes it on first use (``python3 -m venv .venv-bench``, then ``pip install -e
'.[analytics,spark]' pm4py polars psutil``) and runs
``.venv-bench/bin/python benchmarks/bench_analytics.py``. Only the shuffled
log, against PM4Py (a few minutes)::

    .venv-bench/bin/python benchmarks/bench_analytics.py --logs shuffled --contenders pm4py pandas

Options: ``--logs synthetic shuffled bpic2012`` (which logs; all by
default), ``--sizes 100000 1000000 10000000`` (synthetic events),
``--shuffled-sizes 1000000``, ``--contenders`` (any of ``pm4py pandas polars
duckdb "polars query" spark``; ``pandas`` always runs), ``--repeat 3`` (warm
runs), ``--cold 3`` (fresh processes), ``--pm4py-max 10000000`` (largest
synthetic log PM4Py runs on), ``--spark 1000000`` (the size Spark runs on;
``0`` for none), ``--no-bpic``.

Logs (``_eventlogs.py``): ``synthetic_log`` (numpy, seed 0; about 10 events
a case, 30 activities, each with four likely successors, so a few variants
are frequent; rows in timestamp order, cases interleaved), ``shuffled_log``
(numpy, seed 0; cases of 3 to 17 events, a random walk over 30 activities
with 12 equally likely successors each, so nearly every case has a variant
of its own; rows in random order: the log as a warehouse export or a merge
of sources delivers it, which flatters no one) and ``bpic2012.xes.gz`` from
``../shared/data/eventlogs/`` (read once with ``journeykit.analytics.read_xes``,
pandas, outside any timing). Each is saved as Parquet in a temporary folder.

Contenders, each in a fresh interpreter (this script with ``--child``) that
loads its input from the Parquet file before any measurement:

- ``pm4py``: ``format_dataframe`` (on a shallow copy: it adds columns to the
  frame it gets) + ``discover_dfg`` + ``discover_performance_dfg`` on the
  pandas frame; ``get_variants`` is timed apart, for information (``discover``
  computes the variants too, the PM4Py figure does not include them);
- ``discover`` on the pandas frame (run in DuckDB), on a Polars
  ``DataFrame`` and on a DuckDB relation (a table in an in-memory database);
- ``polars query``: a hand-written Polars query with the same result (edges
  with count, mean, median, min and max duration; starts; ends; variants;
  activity counts): one sort by (case, timestamp, row), then shifts and
  ``group_by``;
- ``spark``: ``discover`` on a cached Spark ``DataFrame``, ``local[*]``.

Warm time: the median of ``--repeat`` runs in one process, after a warm-up
run on the first 1,000 events; wall seconds (``perf_counter``) and CPU
seconds (``process_time``: every thread of the process, so a run on two
cores can show twice its wall time; for Spark, plus the CPU time of the JVM).
Cold time (``pm4py`` and ``pandas``): one run in a fresh interpreter,
imports included -- the process reads the Parquet file first (pandas and
PyArrow, which every contender needs for it), then the clock runs over
importing PM4Py or journeykit and the one run on the whole log; the median
of ``--cold`` processes. Memory: peak extra RSS, the peak resident memory
during the first full warm run minus the resident memory just before it (so
imports are not counted). The peak is the kernel's high-water mark
``VmHWM``, reset through ``/proc/self/clear_refs`` before the run; Spark's
JVM is a process of its own and is not counted.

Every result is checked before any figure is printed: ``discover`` on each
input, the Polars query and PM4Py must agree on the edge counts, starts and
ends (durations within a millisecond, the variant count exact).

Targets, as ratios in the same run: ``discover`` on the pandas frame at
least 4x faster than PM4Py at 1,000,000 events and on bpic2012 (wall time,
warm and cold; the CPU ratio is shown beside the warm one), with at most
half PM4Py's peak extra memory; ``discover`` on Polars input within 1.25x of
the Polars query (wall); 10x the events at most 11x the time (wall, for each
input).
"""

from __future__ import annotations

import argparse
import compileall
import gc
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from _eventlogs import ACTIVITY, CASE, TIMESTAMP, bpic2012, shuffled_log, synthetic_log
from _timing import verdict  # benchmarks/ is on sys.path when a script runs

CONTENDERS = ("pm4py", "pandas", "polars", "duckdb", "polars query", "spark")
COLD = ("pm4py", "pandas")  # the contenders also timed cold, in fresh interpreters
LOGS = ("synthetic", "shuffled", "bpic2012")
WARM_UP = 1_000
TOLERANCE = 1e-3  # seconds PM4Py's durations and ours may differ by


# -- the contenders (run in a child process) ---------------------------------------


def load(contender: str, path: str) -> tuple[Any, Any]:
    """The input of ``contender`` from the Parquet file, and its first events for the warm-up."""
    if contender == "polars" or contender == "polars query":
        import polars as pl

        frame = pl.read_parquet(path)
        return frame, frame.head(WARM_UP)
    if contender == "duckdb":
        import duckdb

        connection = duckdb.connect()
        connection.execute(f"CREATE TABLE events AS SELECT * FROM read_parquet('{path}')")
        connection.execute(f"CREATE TABLE head AS SELECT * FROM events LIMIT {WARM_UP}")
        return connection.table("events"), connection.table("head")
    if contender == "spark":
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master("local[*]")
            .appName("bench_analytics")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1)))
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        frame = spark.read.parquet(path).cache()
        frame.count()
        return frame, frame.limit(WARM_UP)
    frame = pd.read_parquet(path)
    return frame, frame.head(WARM_UP)


def run_pm4py(frame: pd.DataFrame) -> dict[str, Any]:
    import pm4py

    formatted = pm4py.format_dataframe(
        frame.copy(deep=False), case_id=CASE, activity_key=ACTIVITY, timestamp_key=TIMESTAMP
    )
    dfg, starts, ends = pm4py.discover_dfg(formatted)
    performance, _, _ = pm4py.discover_performance_dfg(formatted)
    return {
        "edges": {
            (a, b): (int(n), *(float(performance[a, b][k]) for k in ("mean", "median", "min", "max")))
            for (a, b), n in dfg.items()
        },
        "starts": {k: int(v) for k, v in starts.items()},
        "ends": {k: int(v) for k, v in ends.items()},
        "formatted": formatted,
    }


def run_discover(events: Any) -> dict[str, Any]:
    from journeykit.analytics import discover

    observed = discover(events)
    return {
        "edges": {(r[0], r[1]): tuple(r[2:]) for r in observed.edges.itertuples(index=False)},
        "starts": dict(zip(observed.starts["activity"], observed.starts["count"].tolist(), strict=True)),
        "ends": dict(zip(observed.ends["activity"], observed.ends["count"].tolist(), strict=True)),
        "variants": len(observed.variants),
    }


def polars_query(frame: Any) -> list[Any]:
    """The hand-written Polars query: what a Polars user would write for the same result."""
    import polars as pl

    ordered = frame.lazy().with_row_index("row").sort(CASE, TIMESTAMP, "row")
    same_case = pl.col(CASE) == pl.col(CASE).shift(1)
    seconds = (pl.col(TIMESTAMP) - pl.col(TIMESTAMP).shift(1)).dt.total_microseconds() / 1_000_000
    edges = (
        ordered.with_columns(source=pl.col(ACTIVITY).shift(1), seconds=seconds)
        .filter(same_case)
        .group_by("source", ACTIVITY)
        .agg(
            pl.len().alias("count"),
            pl.col("seconds").mean().alias("mean"),
            pl.col("seconds").median().alias("median"),
            pl.col("seconds").min().alias("min"),
            pl.col("seconds").max().alias("max"),
        )
    )
    per_case = ordered.group_by(CASE, maintain_order=True).agg(pl.col(ACTIVITY))
    variants = per_case.group_by(ACTIVITY).len().sort("len", ACTIVITY, descending=[True, False])
    starts = per_case.group_by(pl.col(ACTIVITY).list.first()).len()
    ends = per_case.group_by(pl.col(ACTIVITY).list.last()).len()
    activities = frame.lazy().group_by(ACTIVITY).len()
    return pl.collect_all([edges, starts, ends, variants, activities])


def run_polars_query(frame: Any) -> dict[str, Any]:
    edges, starts, ends, variants, _ = polars_query(frame)
    return {
        "edges": {(r[0], r[1]): tuple(r[2:]) for r in edges.iter_rows()},
        "starts": dict(starts.iter_rows()),
        "ends": dict(ends.iter_rows()),
        "variants": len(variants),
    }


def cpu_seconds(contender: str) -> float:
    """CPU time of this process (all threads) and, for Spark, of the JVM it started."""
    total = time.process_time()
    if contender == "spark":
        import psutil

        for child in psutil.Process().children(recursive=True):
            try:
                times = child.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
    return total


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(contender: str, path: str, repeat: int) -> dict[str, Any]:
    runner: Callable[[Any], dict[str, Any]] = {
        "pm4py": run_pm4py,
        "polars query": run_polars_query,
    }.get(contender, run_discover)
    frame, head = load(contender, path)
    runner(head)  # warm-up: lazy imports, first-call set-up
    gc.collect()
    before = rss()
    with open("/proc/self/clear_refs", "w") as refs:  # reset VmHWM to the current RSS
        refs.write("5")
    walls, cpus = [], []
    result: dict[str, Any] = {}
    for i in range(repeat):
        gc.collect()
        cpu, wall = cpu_seconds(contender), time.perf_counter()
        answer = runner(frame)
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds(contender) - cpu)
        if i == 0:
            peak = peak_rss() - before
            result = answer
        del answer
    if contender == "pm4py":  # for information: PM4Py's variants, apart
        import pm4py

        formatted = result.pop("formatted")
        start = time.perf_counter()
        result["variants"] = len(pm4py.get_variants(formatted))
        result["pm4py_variants_wall"] = time.perf_counter() - start
    result["edges"] = [[a, b, int(v[0]), *map(float, v[1:])] for (a, b), v in result["edges"].items()]
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "peak_mb": peak / 2**20,
        **result,
    }


def cold_child(contender: str, path: str) -> dict[str, Any]:
    """One call in this fresh interpreter, imports included: the input is read
    first (pandas and PyArrow, which every contender needs to read it), then
    the clock runs over importing the contender and its one run."""
    frame = pd.read_parquet(path)
    gc.collect()
    wall = time.perf_counter()
    if contender == "pm4py":
        import pm4py

        formatted = pm4py.format_dataframe(
            frame.copy(deep=False), case_id=CASE, activity_key=ACTIVITY, timestamp_key=TIMESTAMP
        )
        pm4py.discover_dfg(formatted)
        pm4py.discover_performance_dfg(formatted)
    else:
        from journeykit.analytics import discover

        discover(frame)
    return {"cold": time.perf_counter() - wall}


# -- the parent ----------------------------------------------------------------------


def measure(contender: str, path: Path, repeat: int, cold: int) -> dict[str, Any]:
    """The warm figures from one child, and the median of ``cold`` fresh children's cold time."""
    answer = _run_child(["--child", contender, str(path), "--repeat", str(repeat)], contender, path)
    if cold and contender in COLD:
        colds = [
            _run_child(["--cold-child", contender, str(path)], contender, path)["cold"] for _ in range(cold)
        ]
        answer["cold"] = statistics.median(colds)
    return answer


def _run_child(arguments: list[str], contender: str, path: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{contender} on {path.name} failed:\n{done.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def check(log: str, results: dict[str, dict[str, Any]]) -> None:
    """Every contender must give the reference's edges, starts, ends and variant count."""
    reference_name = "pm4py" if "pm4py" in results else "pandas"
    reference = results[reference_name]
    want = {(e[0], e[1]): e[2:] for e in reference["edges"]}
    for name, result in results.items():
        got = {(e[0], e[1]): e[2:] for e in result["edges"]}
        problems = []
        if set(got) != set(want):
            problems.append(f"edges differ: {sorted(set(got) ^ set(want))[:5]}")
        else:
            for edge, values in want.items():
                if got[edge][0] != values[0] or any(
                    not math.isclose(g, w, abs_tol=TOLERANCE)
                    for g, w in zip(got[edge][1:], values[1:], strict=True)
                ):
                    problems.append(f"{edge}: {got[edge]} != {values}")
        for key in ("starts", "ends", "variants"):
            if result[key] != reference[key]:
                problems.append(f"{key} differ")
        if problems:
            raise SystemExit(f"{log}: {name} does not agree with {reference_name}: {problems[:5]}")


def describe(frame: pd.DataFrame) -> dict[str, int]:
    return {"events": len(frame), "cases": int(frame[CASE].nunique())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", nargs="+", choices=LOGS, default=list(LOGS))
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--shuffled-sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--contenders", nargs="+", choices=CONTENDERS, default=list(CONTENDERS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--pm4py-max", type=int, default=10_000_000)
    parser.add_argument("--spark", type=int, default=1_000_000)
    parser.add_argument("--no-bpic", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("CONTENDER", "PARQUET"), help=argparse.SUPPRESS)
    parser.add_argument("--cold-child", nargs=2, metavar=("CONTENDER", "PARQUET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.repeat)))
        return 0
    if args.cold_child:
        print(json.dumps(cold_child(args.cold_child[0], args.cold_child[1])))
        return 0

    from importlib.metadata import version

    import journeykit as jk

    # Cold runs import journeykit as an installed copy does, from bytecode (pip
    # compiles it on install, as it compiled PM4Py's); a source checkout with
    # PYTHONDONTWRITEBYTECODE set would compile every module in every process.
    compileall.compile_dir(Path(jk.__file__).parent, quiet=1)

    logs: list[tuple[str, str, int | None, Callable[[], pd.DataFrame]]] = []
    if "synthetic" in args.logs:
        logs += [(f"synthetic {n:,}", "synthetic", n, lambda n=n: synthetic_log(n)) for n in args.sizes]
    if "shuffled" in args.logs:
        logs += [(f"shuffled {n:,}", "shuffled", n, lambda n=n: shuffled_log(n)) for n in args.shuffled_sizes]
    if "bpic2012" in args.logs and not args.no_bpic:
        logs.append(("bpic2012", "bpic2012", None, bpic2012))
    contenders = [c for c in CONTENDERS if c in args.contenders or c == "pandas"]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, kind, size, make in logs:
            frame = make()
            info = describe(frame)
            path = Path(folder) / "log.parquet"
            frame.to_parquet(path)
            del frame
            gc.collect()
            wanted = [
                c
                for c in contenders
                if (c != "pm4py" or size is None or size <= args.pm4py_max)
                and (c != "spark" or (kind == "synthetic" and size == args.spark))
            ]
            results = {}
            for contender in wanted:
                results[contender] = measure(contender, path, args.repeat, args.cold)
                print(f"  {label}: {contender} {results[contender]['wall']:.3f} s", file=sys.stderr)
            check(label, results)
            rows.append(
                {
                    "log": label,
                    "kind": kind,
                    "size": size,
                    **info,
                    "variants": results["pandas"]["variants"],
                    **results,
                }
            )
    report(rows, args, version, jk.__version__)
    return 0


def report(rows: list[dict[str, Any]], args: argparse.Namespace, version: Any, ours: str) -> None:
    """The tables of docs/benchmarks.md."""
    print(
        f"journeykit {ours}, PM4Py {version('pm4py')}, DuckDB {version('duckdb')}, "
        f"Polars {version('polars')}, PySpark {version('pyspark')}, pandas {pd.__version__}, "
        f"Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; warm: median of {args.repeat}; "
        "wall s / CPU s / peak extra MB\n"
    )
    shown = [c for c in CONTENDERS if any(c in r for r in rows)]
    print("| log | events | cases | variants | " + " | ".join(shown) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(shown))
    for r in rows:
        cells = [
            f"{r[c]['wall']:.3f} / {r[c]['cpu']:.3f} / {r[c]['peak_mb']:.0f}" if c in r else "-"
            for c in shown
        ]
        print(
            f"| {r['log']} | {r['events']:,} | {r['cases']:,} | {r['variants']:,} | "
            + " | ".join(cells)
            + " |"
        )
    if args.cold:
        print(f"\nCold (a fresh process, imports included), median of {args.cold}, wall s: ", end="")
        print(
            "; ".join(
                f"{r['log']}: " + ", ".join(f"{c} {r[c]['cold']:.3f}" for c in COLD if "cold" in r.get(c, {}))
                for r in rows
            )
        )
    if any("pm4py" in r for r in rows):
        print("\nPM4Py `get_variants` (not in the PM4Py column), wall s: ", end="")
        print(", ".join(f"{r['log']} {r['pm4py']['pm4py_variants_wall']:.3f}" for r in rows if "pm4py" in r))

    print("\n| target | measured (wall) | measured (CPU) | verdict (wall) |")
    print("|---|---:|---:|---|")
    for r in rows:
        if "pm4py" not in r or r["size"] not in (None, 1_000_000):
            continue
        wall = r["pm4py"]["wall"] / r["pandas"]["wall"]
        cpu = r["pm4py"]["cpu"] / r["pandas"]["cpu"]
        print(
            f"| `discover` (pandas input) at least 4x faster than PM4Py, {r['log']}, warm "
            f"| {wall:.2f}x | {cpu:.2f}x | {verdict(wall >= 4)} |"
        )
        if "cold" in r["pm4py"] and "cold" in r["pandas"]:
            cold = r["pm4py"]["cold"] / r["pandas"]["cold"]
            print(
                f"| `discover` (pandas input) at least 4x faster than PM4Py, {r['log']}, cold "
                f"({r['pandas']['cold']:.2f} s vs {r['pm4py']['cold']:.2f} s) | {cold:.2f}x | | "
                f"{verdict(cold >= 4)} |"
            )
        share = r["pandas"]["peak_mb"] / r["pm4py"]["peak_mb"]
        print(
            f"| `discover` (pandas input) peak extra memory at most half PM4Py's, {r['log']} "
            f"({r['pandas']['peak_mb']:.0f} MB vs {r['pm4py']['peak_mb']:.0f} MB) | {share:.2f}x | | "
            f"{verdict(share <= 0.5)} |"
        )
    for r in rows:
        if "polars" not in r or "polars query" not in r:
            continue
        wall = r["polars"]["wall"] / r["polars query"]["wall"]
        cpu = r["polars"]["cpu"] / r["polars query"]["cpu"]
        print(
            f"| `discover` (Polars input) within 1.25x of the Polars query, {r['log']} "
            f"| {wall:.2f}x | {cpu:.2f}x | {verdict(wall <= 1.25)} |"
        )
    for small, big in itertools.pairwise(r for r in rows if r["size"] is not None):
        if small["kind"] != big["kind"]:
            continue
        factor = big["size"] / small["size"]
        allowed = 11 * factor / 10
        for name in ("pandas", "polars", "duckdb"):
            if name not in small or name not in big:
                continue
            wall = big[name]["wall"] / small[name]["wall"]
            cpu = big[name]["cpu"] / small[name]["cpu"]
            print(
                f"| `discover` ({name} input): {factor:.0f}x the events ({small['size']:,} to "
                f"{big['size']:,}) at most {allowed:.0f}x the time | {wall:.1f}x | {cpu:.1f}x "
                f"| {verdict(wall <= allowed)} |"
            )


if __name__ == "__main__":
    sys.exit(main())
