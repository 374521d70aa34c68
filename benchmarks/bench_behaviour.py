"""Speed of ``journeykit.personas.behaviour`` against a hand-written DuckDB ``PIVOT``, at 1,000,000 events.

Run from the repository root:

    .venv/bin/python benchmarks/bench_behaviour.py [--events 1000000] [--repeat 7] [--cold 3]

The log (``synthetic_log``: numpy, seed 0) has ``--events`` events of about
``events / 10`` users and 30 activities, rows shuffled. Each user belongs to
one of four made-up segments, and each segment has its own preferences among
the activities (a Dirichlet draw), so the matrix has the structure NMF looks
for. Columns: ``user`` and ``activity`` as pandas strings, ``seconds`` (whole
seconds, exponential, mean 60, as floats). It is saved as Parquet in a
temporary folder and every process below reads it from there.

Contenders, each returning a pandas ``DataFrame`` with one row per user
(sorted) and one column per activity (sorted):

- ``behaviour(frame, user="user", activity="activity")`` on the pandas frame
  (which runs in DuckDB);
- the DuckDB ``PIVOT`` a DuckDB user would write on the same frame, registered
  on a connection: ``PIVOT events ON activity USING count(*) GROUP BY "user"
  ORDER BY "user"``, fetched with ``.df()``;
- the same two with ``weight="seconds"`` and ``USING coalesce(sum(seconds), 0)``;
- for information, ``behaviour`` on a Polars ``DataFrame`` (runs in Polars)
  against the Polars query a Polars user would write: ``group_by("user",
  "activity").len()``, ``pivot``, ``fill_null(0)``, sorted.

Warm: every contender in one process, after one call on the first 1,000
events (imports, first-call set-up); then ``--repeat`` rounds, each running
every contender once in turn, so that drift on a shared machine hits all of
them alike. The figure is the median wall time (``perf_counter``), with the
median CPU time (``process_time``: every thread of the process, so up to
twice the wall time on two cores) beside it.

Cold: one call in a fresh interpreter, imports included: the process reads
the Parquet file (importing pandas and PyArrow) before the clock starts,
then imports what the contender needs (journeykit, narwhals and DuckDB; or
DuckDB alone), makes the matrix and stops. The figure is the median over
``--cold`` processes.

Every result is checked before any figure is printed: the matrices of all
contenders must be equal (counts exactly, weights to 1e-9).

Target, as a ratio in the same run: ``behaviour`` on the pandas frame within
1.5x of the DuckDB ``PIVOT`` (wall time, warm and cold).
"""

from __future__ import annotations

import argparse
import json
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

import numpy as np
import pandas as pd
from _timing import verdict  # benchmarks/ is on sys.path when a script runs

USER, ACTIVITY, WEIGHT = "user", "activity", "seconds"
PIVOT = 'PIVOT events ON activity USING count(*) GROUP BY "user" ORDER BY "user"'
PIVOT_WEIGHTS = 'PIVOT events ON activity USING coalesce(sum(seconds), 0) GROUP BY "user" ORDER BY "user"'
WARM_UP = 1_000
TARGET = 1.5


# -- the log -------------------------------------------------------------------------


def synthetic_log(events: int, *, activities: int = 30, per_user: int = 10, seed: int = 0) -> pd.DataFrame:
    """``events`` events of about ``events / per_user`` users, in random order."""
    rng = np.random.default_rng(seed)
    users = max(1, events // per_user)
    preferences = rng.dirichlet(np.full(activities, 0.3), size=4)  # four segments' tastes
    user = rng.integers(0, users, size=events)
    segment = user % 4
    # One activity per event from its user's segment: inverse CDF on each row's preferences.
    cumulative = np.cumsum(preferences, axis=1)[segment]
    activity = np.minimum((cumulative < rng.random((events, 1))).sum(axis=1), activities - 1)
    ids = np.array([f"user {i:06d}" for i in range(users)], dtype=object)
    names = np.array([f"activity {i:02d}" for i in range(activities)], dtype=object)
    return pd.DataFrame(
        {
            USER: pd.Series(ids[user], dtype="str"),
            ACTIVITY: pd.Series(names[activity], dtype="str"),
            WEIGHT: np.rint(rng.exponential(60.0, size=events)),
        }
    )


# -- the contenders (run in a child process) ------------------------------------------


def contenders(pandas_frame: pd.DataFrame, polars_frame: Any) -> dict[str, Callable[[], pd.DataFrame]]:
    """Name -> a call that makes the matrix, as pandas (Polars results converted outside the clock)."""
    import duckdb
    import polars as pl

    from journeykit.personas import behaviour

    connection = duckdb.connect()
    connection.register("events", pandas_frame)

    def polars_query() -> Any:
        counts = polars_frame.group_by(USER, ACTIVITY).len()
        wide = counts.pivot(on=ACTIVITY, index=USER, values="len").fill_null(0).sort(USER)
        return wide.select(USER, *sorted(c for c in wide.columns if c != USER)).with_columns(
            pl.exclude(USER).cast(pl.Int64)
        )

    return {
        "behaviour": lambda: behaviour(pandas_frame, user=USER, activity=ACTIVITY),
        "pivot": lambda: connection.sql(PIVOT).df(),
        "behaviour weights": lambda: behaviour(pandas_frame, user=USER, activity=ACTIVITY, weight=WEIGHT),
        "pivot weights": lambda: connection.sql(PIVOT_WEIGHTS).df(),
        "behaviour polars": lambda: behaviour(polars_frame, user=USER, activity=ACTIVITY),
        "polars query": polars_query,
    }


def as_pandas(result: Any) -> pd.DataFrame:
    return result if isinstance(result, pd.DataFrame) else result.to_pandas()


def agree(results: dict[str, Any]) -> list[str]:
    """Problems, if any: every count matrix must equal ``behaviour``'s, every weight matrix too."""
    problems = []
    for name, reference in (("behaviour", "behaviour"), ("behaviour weights", "behaviour weights")):
        want = as_pandas(results[reference])
        for other in results:
            if ("weights" in other) != ("weights" in name) or other == reference:
                continue
            got = as_pandas(results[other])
            if list(got.columns) != list(want.columns) or got[USER].tolist() != want[USER].tolist():
                problems.append(f"{other}: columns or users differ from {reference}")
                continue
            a, b = got.iloc[:, 1:].to_numpy(dtype=float), want.iloc[:, 1:].to_numpy(dtype=float)
            if not np.allclose(a, b, rtol=0, atol=1e-9):
                problems.append(f"{other}: values differ from {reference}")
    return problems


def warm(path: str, repeat: int) -> dict[str, Any]:
    import polars as pl

    frame = pd.read_parquet(path)
    polars_frame = pl.from_pandas(frame)
    for run in contenders(frame.head(WARM_UP), polars_frame.head(WARM_UP)).values():
        run()
    calls = contenders(frame, polars_frame)
    walls: dict[str, list[float]] = {name: [] for name in calls}
    cpus: dict[str, list[float]] = {name: [] for name in calls}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, run in calls.items():
            cpu, wall = time.process_time(), time.perf_counter()
            result = run()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
            results.setdefault(name, result)
            del result
    return {
        "wall": {name: statistics.median(times) for name, times in walls.items()},
        "cpu": {name: statistics.median(times) for name, times in cpus.items()},
        "problems": agree(results),
        "users": len(results["behaviour"]),
        "activities": results["behaviour"].shape[1] - 1,
    }


def cold(contender: str, path: str) -> dict[str, Any]:
    frame = pd.read_parquet(path)  # pandas and PyArrow are imported here, before the clock
    cpu, wall = time.process_time(), time.perf_counter()
    if contender == "behaviour":
        from journeykit.personas import behaviour

        result = behaviour(frame, user=USER, activity=ACTIVITY)
    else:
        import duckdb

        connection = duckdb.connect()
        connection.register("events", frame)
        result = connection.sql(PIVOT).df()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "shape": list(result.shape)}


# -- the parent ------------------------------------------------------------------------


def child(*args: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7, help="warm rounds (median)")
    parser.add_argument("--cold", type=int, default=3, help="fresh processes per cold contender (median)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        answer = warm(rest[0], args.repeat) if mode == "warm" else cold(rest[0], rest[1])
        print(json.dumps(answer))
        return 0

    from importlib.metadata import version

    import journeykit as jk

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "events.parquet")
        synthetic_log(args.events).to_parquet(path)
        print("warm ...", file=sys.stderr)
        warmed = child("warm", path, "--repeat", str(args.repeat))
        colds: dict[str, list[dict[str, Any]]] = {"behaviour": [], "pivot": []}
        for i in range(args.cold):  # alternated, for the same reason as the warm rounds
            for name in colds:
                print(f"cold {name} {i + 1}/{args.cold} ...", file=sys.stderr)
                colds[name].append(child("cold", name, path))
    if warmed["problems"]:
        raise SystemExit("the contenders disagree: " + "; ".join(warmed["problems"]))
    if len({tuple(run["shape"]) for runs in colds.values() for run in runs}) != 1:
        raise SystemExit("the cold runs made matrices of different shapes")
    load_after = os.getloadavg()[0]

    wall, cpu = warmed["wall"], warmed["cpu"]
    cold_wall = {name: statistics.median(r["wall"] for r in runs) for name, runs in colds.items()}
    cold_cpu = {name: statistics.median(r["cpu"] for r in runs) for name, runs in colds.items()}
    print(
        f"journeykit {jk.__version__}, DuckDB {version('duckdb')}, narwhals {version('narwhals')}, "
        f"Polars {version('polars')}, pandas {pd.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load_before:.1f} before and "
        f"{load_after:.1f} after; {args.events:,} events, {warmed['users']:,} users, "
        f"{warmed['activities']} activities; warm: median of {args.repeat} rounds, cold: median of "
        f"{args.cold} fresh processes; wall s / CPU s\n"
    )
    rows = [
        ("counts, pandas in and out, warm", wall["behaviour"], cpu["behaviour"], "DuckDB `PIVOT`", "pivot"),
        (
            "sums of `seconds`, pandas, warm",
            wall["behaviour weights"],
            cpu["behaviour weights"],
            "DuckDB `PIVOT`",
            "pivot weights",
        ),
        (
            "counts, Polars in and out, warm",
            wall["behaviour polars"],
            cpu["behaviour polars"],
            "Polars `pivot`",
            "polars query",
        ),
    ]
    print("| job | `behaviour` | reference | ratio (wall) |")
    print("|---|---:|---:|---:|")
    for job, ours_wall, ours_cpu, label, reference in rows:
        print(
            f"| {job} | {ours_wall:.3f} / {ours_cpu:.3f} | {label}: {wall[reference]:.3f} / "
            f"{cpu[reference]:.3f} | {ours_wall / wall[reference]:.2f}x |"
        )
    print(
        f"| counts, pandas, cold (fresh process, imports included) | {cold_wall['behaviour']:.3f} / "
        f"{cold_cpu['behaviour']:.3f} | DuckDB `PIVOT`: {cold_wall['pivot']:.3f} / {cold_cpu['pivot']:.3f} "
        f"| {cold_wall['behaviour'] / cold_wall['pivot']:.2f}x |"
    )
    print(
        f"| for information: `behaviour` on Polars against the DuckDB `PIVOT` (pandas), warm | "
        f"{wall['behaviour polars']:.3f} / {cpu['behaviour polars']:.3f} | {wall['pivot']:.3f} / "
        f"{cpu['pivot']:.3f} | {wall['behaviour polars'] / wall['pivot']:.2f}x |"
    )

    print("\n| target | measured (wall) | measured (CPU) | verdict (wall) |")
    print("|---|---:|---:|---|")
    for label, ours, theirs, ours_c, theirs_c in [
        ("warm", wall["behaviour"], wall["pivot"], cpu["behaviour"], cpu["pivot"]),
        ("cold", cold_wall["behaviour"], cold_wall["pivot"], cold_cpu["behaviour"], cold_cpu["pivot"]),
    ]:
        ratio = ours / theirs
        print(
            f"| `behaviour` (pandas) within {TARGET}x of the DuckDB `PIVOT`, {args.events:,} events, "
            f"{label} | {ratio:.2f}x | {ours_c / theirs_c:.2f}x | {verdict(ratio <= TARGET)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
