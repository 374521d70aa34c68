"""The event logs of ``bench_analytics.py``: synthetic ones (numpy) and BPIC 2012.

``synthetic_log``: about 10 events a case, 30 activities, each with four
likely successors (0.6, 0.25, 0.1, 0.05), so a few variants are frequent;
rows in timestamp order, cases interleaved, as a stream arrives.

``shuffled_log``: the log as it arrives from a warehouse export or a merge of
sources -- rows in random order, cases of 3 to 17 events (10 on average), a
random walk over 30 activities with 12 equally likely successors each, so
nearly every case takes a path of its own. It flatters no one: no contender
finds its input sorted, and the variants cannot be counted from a few
frequent paths.

Both: numpy, deterministic for a seed; exponential gaps of an hour on
average, 5% of them zero so that events tie; XES column names, case and
activity as pandas strings, timestamps ``datetime64[us, UTC]``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ACTIVITY", "BPIC", "CASE", "TIMESTAMP", "bpic2012", "shuffled_log", "synthetic_log"]

ROOT = Path(__file__).resolve().parent.parent
BPIC = ROOT.parent / "shared" / "data" / "eventlogs" / "bpic2012.xes.gz"
CASE, ACTIVITY, TIMESTAMP = "case:concept:name", "concept:name", "time:timestamp"


def synthetic_log(events: int, *, activities: int = 30, per_case: int = 10, seed: int = 0) -> pd.DataFrame:
    """``events`` events in about ``events / per_case`` cases, deterministic for a seed.

    Case lengths come from cutting the events at random places (geometric,
    ``per_case`` on average); the first activity is one of three, each next
    one of four successors of the one before (probabilities 0.6, 0.25, 0.1,
    0.05), so a few variants are frequent and many are rare.
    """
    rng = np.random.default_rng(seed)
    cases = max(1, events // per_case)
    cuts = np.sort(rng.choice(np.arange(1, events), size=cases - 1, replace=False))
    first = np.concatenate([[0], cuts])
    lengths = np.diff(np.concatenate([first, [events]]))
    successors = np.array([rng.permutation(activities)[:4] for _ in range(activities)])
    act = np.empty(events, dtype=np.int64)
    act[first] = rng.choice(3, size=cases, p=[0.7, 0.2, 0.1])
    for k in itertools.count(1):
        at = first[lengths > k] + k
        if len(at) == 0:
            break
        act[at] = successors[act[at - 1], rng.choice(4, size=len(at), p=[0.6, 0.25, 0.1, 0.05])]
    return _frame(rng, lengths, act, activities, shuffle=False)


def shuffled_log(
    events: int,
    *,
    activities: int = 30,
    shortest: int = 3,
    longest: int = 17,
    successors: int = 12,
    seed: int = 0,
) -> pd.DataFrame:
    """``events`` events in cases of ``shortest`` to ``longest`` events (uniform;
    the last case is cut to make up the count), rows in random order.

    Each case starts at any activity and moves to one of ``successors``
    activities of the one before, all equally likely: with the defaults,
    100,072 cases and 96,555 variants at 1,000,000 events.
    """
    rng = np.random.default_rng(seed)
    lengths = rng.integers(shortest, longest + 1, size=events // shortest + 1)
    total = np.cumsum(lengths)
    cases = int(np.searchsorted(total, events)) + 1
    lengths = lengths[:cases].copy()
    lengths[-1] -= total[cases - 1] - events
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    following = np.array([rng.permutation(activities)[:successors] for _ in range(activities)])
    act = np.empty(events, dtype=np.int64)
    act[first] = rng.integers(0, activities, size=cases)
    for k in range(1, int(lengths.max())):
        at = first[lengths > k] + k
        act[at] = following[act[at - 1], rng.integers(0, successors, size=len(at))]
    return _frame(rng, lengths, act, activities, shuffle=True)


def _frame(
    rng: np.random.Generator, lengths: np.ndarray, act: np.ndarray, activities: int, *, shuffle: bool
) -> pd.DataFrame:
    """The events of cases of ``lengths`` (one after another in ``act``) as a
    frame, with timestamps drawn here; rows in random order when ``shuffle``,
    else in timestamp order with cases interleaved."""
    events, cases = len(act), len(lengths)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    case_of = np.repeat(np.arange(cases), lengths)
    gaps = np.rint(rng.exponential(3600.0, size=events)).astype(np.int64)
    gaps[rng.random(events) < 0.05] = 0  # ties
    gaps[first] = 0
    elapsed = np.cumsum(gaps)
    begin = rng.integers(1_704_067_200, 1_735_689_600, size=cases)  # in 2024
    seconds = begin[case_of] + elapsed - elapsed[first][case_of]
    order = rng.permutation(events) if shuffle else np.argsort(seconds, kind="stable")
    names = np.array([f"activity {i:02d}" for i in range(activities)], dtype=object)
    ids = np.array([f"case {i:08d}" for i in range(cases)], dtype=object)
    return pd.DataFrame(
        {
            CASE: pd.Series(ids[case_of[order]], dtype="str"),
            ACTIVITY: pd.Series(names[act[order]], dtype="str"),
            TIMESTAMP: pd.to_datetime(seconds[order], unit="s", utc=True).astype("datetime64[us, UTC]"),
        }
    )


def bpic2012() -> pd.DataFrame:
    """BPI Challenge 2012 from the shared event logs, read with ``read_xes`` (pandas)."""
    from journeykit.analytics import read_xes

    return read_xes(BPIC)
