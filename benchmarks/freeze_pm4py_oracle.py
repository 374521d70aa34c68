"""Freeze PM4Py's answers on the shared event logs into tests/data/oracle/*.json.

PM4Py is AGPL: journeykit never imports it. This script runs in a separate
virtual environment, and the tests compare ``journeykit.analytics.discover``
with the small JSON files it writes::

    python3 -m venv /tmp/pm4py-venv && /tmp/pm4py-venv/bin/pip install pm4py
    /tmp/pm4py-venv/bin/python benchmarks/freeze_pm4py_oracle.py

For each log in ``<repo>/../shared/data/eventlogs/`` (CSV read with pandas,
timestamps parsed with ``pandas.to_datetime(utc=True)``; XES read with
``pm4py.read_xes``) it runs ``pm4py.format_dataframe``, then
``discover_dfg``, ``discover_performance_dfg`` and ``get_variants``, and
stores the edge counts and durations (seconds, rounded to the microsecond),
the start and end activities and the variants: the ``TOP_VARIANTS`` most
frequent, the number of variants and a SHA-256 of the whole sorted list (see
``variant_digest``). Activities are stored once, in ``"activities"``; edges,
starts, ends and variants refer to them by index, to keep the files small.

PM4Py orders the events of a case by (timestamp, row): ``format_dataframe``
sorts by (case, timestamp, row index) and the DFG functions sort again by
(case, timestamp, timestamp), a multi-column ``sort_values`` that is stable.
To be sure, the script also computes the directly-follows counts, starts,
ends and variants itself from a stable sort by (case, timestamp, original
row) and records in ``"pm4py_matches_row_order"`` whether PM4Py agrees; where
it does not, the differing edges are listed under ``"row_order_differences"``.
It agrees on every shared log.

One exception to PM4Py's order: when the table has a ``start_timestamp``
column, ``discover_dfg`` sorts by (case, start_timestamp, timestamp) while
``get_variants`` and the start and end activities keep (case, timestamp,
row) -- PM4Py contradicts itself there. journeykit orders by (timestamp, row)
always, so for such logs (``interval_event_log.csv``) the script drops the
column before asking PM4Py and stores, under
``"edges_when_ordered_by_start_timestamp"``, the edges whose counts the start
order would change.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pm4py

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "eventlogs"
OUT = ROOT / "tests" / "data" / "oracle"

CASE, ACTIVITY, TIMESTAMP = "case:concept:name", "concept:name", "time:timestamp"
START_TIMESTAMP = "start_timestamp"
TOP_VARIANTS = 50
SEPARATOR = "\x1f"  # joins the activities of a variant for hashing; no activity contains it


def variant_digest(variants: dict[tuple[str, ...], int]) -> str:
    """SHA-256 of the variants sorted by their activities, one ``count<TAB>a<US>b...`` line each.

    The tests compute the same digest from journeykit's result.
    """
    lines = [f"{count}\t{SEPARATOR.join(v)}" for v, count in sorted(variants.items())]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def dump(result: dict[str, Any]) -> str:
    """Compact JSON, one top-level key a line (so diffs stay readable)."""
    items = [
        f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}"
        for k, v in result.items()
    ]
    return "{\n" + ",\n".join(items) + "\n}\n"


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        frame = pd.read_csv(path)
        frame[TIMESTAMP] = pd.to_datetime(frame[TIMESTAMP], utc=True, format="ISO8601")
        return frame
    frame = pm4py.read_xes(str(path))
    if not isinstance(frame, pd.DataFrame):  # older PM4Py returned an EventLog
        frame = pm4py.convert_to_dataframe(frame)
    return frame


def by_row_order(
    frame: pd.DataFrame,
) -> tuple[Counter[tuple[str, str]], Counter[str], Counter[str], Counter[Any]]:
    """Directly-follows counts, starts, ends and variants from a stable sort by
    (case, timestamp, original row): the order journeykit uses."""
    f = frame[[CASE, ACTIVITY, TIMESTAMP]].dropna().copy()
    f[CASE] = f[CASE].astype(str)
    f[ACTIVITY] = f[ACTIVITY].astype(str)
    f = f.sort_values([CASE, TIMESTAMP], kind="stable")
    edges: Counter[tuple[str, str]] = Counter()
    variants: Counter[tuple[str, ...]] = Counter()
    for _, acts in f.groupby(CASE, sort=False)[ACTIVITY]:
        seq = tuple(acts)
        variants[seq] += 1
        edges.update(itertools.pairwise(seq))
    starts = Counter({v[0]: 0 for v in variants})
    ends = Counter({v[-1]: 0 for v in variants})
    for v, n in variants.items():
        starts[v[0]] += n
        ends[v[-1]] += n
    return edges, starts, ends, variants


def freeze(path: Path) -> dict[str, Any]:
    raw = read(path)
    events = len(raw)
    by_start: list[list[Any]] = []
    if START_TIMESTAMP in raw.columns:
        # With a start_timestamp column, PM4Py's DFG (not its variants, starts
        # or ends) orders events by (start_timestamp, timestamp). journeykit
        # orders by (timestamp, row) always, so the oracle drops the column and
        # records which edges the other order changes.
        start_dfg, _, _ = pm4py.discover_dfg(pm4py.format_dataframe(raw.copy()))
        raw = raw.drop(columns=[START_TIMESTAMP])
        plain_dfg, _, _ = pm4py.discover_dfg(pm4py.format_dataframe(raw.copy()))
        by_start = sorted(
            [a, b, int(start_dfg.get((a, b), 0)), int(plain_dfg.get((a, b), 0))]
            for a, b in set(start_dfg) | set(plain_dfg)
            if start_dfg.get((a, b), 0) != plain_dfg.get((a, b), 0)
        )
    formatted = pm4py.format_dataframe(raw.copy())
    t0 = time.perf_counter()
    dfg, starts, ends = pm4py.discover_dfg(formatted)
    perf, _, _ = pm4py.discover_performance_dfg(formatted)
    variants = pm4py.get_variants(formatted)
    seconds = time.perf_counter() - t0
    variants = {tuple(v): int(n if isinstance(n, int) else len(n)) for v, n in variants.items()}

    names = sorted(
        {a for edge in dfg for a in edge} | set(starts) | set(ends) | {a for v in variants for a in v}
    )
    index = {name: i for i, name in enumerate(names)}
    edges = []
    for (a, b), count in sorted(dfg.items(), key=lambda item: (-item[1], item[0])):
        stats = perf[(a, b)]
        seconds_ = [round(float(stats[key]), 6) for key in ("mean", "median", "min", "max")]
        edges.append([index[a], index[b], int(count), *seconds_])
    own_edges, own_starts, own_ends, own_variants = by_row_order(raw)
    differences = sorted(
        [a, b, int(dfg.get((a, b), 0)), int(own_edges.get((a, b), 0))]
        for a, b in set(dfg) | set(own_edges)
        if dfg.get((a, b), 0) != own_edges.get((a, b), 0)
    )
    matches = (
        not differences
        and dict(own_starts) == {k: int(v) for k, v in starts.items()}
        and dict(own_ends) == {k: int(v) for k, v in ends.items()}
        and dict(own_variants) == variants
    )
    ordered = sorted(variants.items(), key=lambda item: (-item[1], item[0]))
    result: dict[str, Any] = {
        "log": path.name,
        "pm4py_version": pm4py.__version__,
        "pm4py_seconds": round(seconds, 3),
        "events": events,
        "events_used": len(formatted),
        "cases": sum(variants.values()),
        "activities": names,
        "edges": edges,
        "starts": sorted(([index[k], int(v)] for k, v in starts.items()), key=lambda kv: (-kv[1], kv[0])),
        "ends": sorted(([index[k], int(v)] for k, v in ends.items()), key=lambda kv: (-kv[1], kv[0])),
        "variant_count": len(variants),
        "variants_sha256": variant_digest(variants),
        "variants_top": [[[index[a] for a in v], n] for v, n in ordered[:TOP_VARIANTS]],
        "pm4py_matches_row_order": matches,
    }
    if differences:
        result["row_order_differences"] = differences
    if by_start:
        # [source, target, PM4Py's count ordering by start_timestamp, by timestamp]
        result["edges_when_ordered_by_start_timestamp"] = by_start
    return result


def main(argv: list[str]) -> int:
    if not DATA.is_dir():
        print(f"no event logs at {DATA}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(argv)
    for path in sorted(DATA.iterdir()):
        if path.suffix not in {".csv", ".xes", ".gz"} or (wanted and path.name not in wanted):
            continue
        t0 = time.perf_counter()
        result = freeze(path)
        name = path.name.removesuffix(".gz")
        (OUT / f"{name}.json").write_text(dump(result), encoding="utf-8")
        print(
            f"{path.name}: {result['events']} events, {len(result['edges'])} edges, "
            f"{result['variant_count']} variants, pm4py {result['pm4py_seconds']} s, "
            f"row order {'agrees' if result['pm4py_matches_row_order'] else 'DIFFERS'} "
            f"({time.perf_counter() - t0:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
