"""What the analytics tests share: the shared logs, reading them, tie-preserving shuffles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

import pandas as pd
import pytest
from hypothesis import strategies as st

import journeykit as jk

from ..conftest import LOGS, needs_logs

__all__ = [
    "ACTIVITY",
    "CASE",
    "LOGS",
    "SPARK_PANDAS_WARNING",
    "START",
    "TIMESTAMP",
    "event_logs",
    "needs_logs",
    "read_csv",
    "running_journey",
    "tie_preserving",
]

CASE, ACTIVITY, TIMESTAMP = "case:concept:name", "concept:name", "time:timestamp"
#: PySpark warns about the pandas version; tests that use Spark filter exactly that.
SPARK_PANDAS_WARNING = "ignore:PySpark does not yet fully support pandas:FutureWarning"


@cache
def _read_csv(name: str) -> pd.DataFrame:
    frame = pd.read_csv(LOGS / name)
    for column in (TIMESTAMP, "start_timestamp"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame


def read_csv(name: str) -> pd.DataFrame:
    """A shared CSV log as PM4Py's oracle read it: pandas, timestamps in UTC (a fresh copy)."""
    if not LOGS.is_dir():
        pytest.skip(f"the shared event logs are not at {LOGS}")
    return _read_csv(name).copy()


def tie_preserving(order: list[int], frame: pd.DataFrame) -> list[int]:
    """``order`` with the events of each (case, timestamp) put back in their original
    relative order: the shuffles under which the result is defined not to change."""
    groups: dict[tuple[Any, Any], list[int]] = {}
    for slot, row in enumerate(order):
        groups.setdefault((frame[CASE].iloc[row], frame[TIMESTAMP].iloc[row]), []).append(slot)
    fixed = list(order)
    for slots in groups.values():
        for slot, row in zip(slots, sorted(order[s] for s in slots), strict=True):
            fixed[slot] = row
    return fixed


START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@st.composite
def event_logs(
    draw: st.DrawFn,
    *,
    cases: int,
    activities: Sequence[str],
    moments: int = 7,
    unit: dt.timedelta = dt.timedelta(minutes=1),
    personas: Sequence[str | None] = (),
) -> pd.DataFrame:
    """Small logs with many (case, timestamp) ties: ``cases`` cases, ``activities``,
    timestamps at ``moments`` distinct multiples of ``unit``, in any row order; with
    ``personas``, a persona column that may be missing and change inside a case."""
    fields = [
        st.sampled_from([f"c{i}" for i in range(1, cases + 1)]),
        st.sampled_from(list(activities)),
        st.integers(0, moments - 1),
    ]
    if personas:
        fields.append(st.sampled_from(list(personas)))
    rows = draw(st.lists(st.tuples(*fields), max_size=40))
    columns: dict[str, pd.Series] = {
        CASE: pd.Series([r[0] for r in rows], dtype="str"),
        ACTIVITY: pd.Series([r[1] for r in rows], dtype="str"),
        TIMESTAMP: pd.Series([START + unit * r[2] for r in rows], dtype="datetime64[us, UTC]"),
    }
    if personas:
        columns["persona"] = pd.Series([r[3] for r in rows], dtype="object")
    return pd.DataFrame(columns)


def running_journey(*, appeal: bool = False) -> jk.Journey:
    """The running example's process as a designed journey (step names are its
    activities), a little stricter than the log: no reinitiation. With ``appeal``,
    a last step no case of the log takes."""
    step = jk.Step
    close = [
        step(id="decide", name="decide", next=["pay", "reject"]),
        step(id="pay", name="pay compensation", next=[]),
        step(id="reject", name="reject request", next=[]),
    ]
    if appeal:
        close.append(step(id="appeal", name="appeal", next=[]))
    return jk.Journey(
        id="request",
        name="Compensation request",
        stages=[
            jk.Stage(id="intake", name="Intake", steps=[step(id="register", name="register request")]),
            jk.Stage(
                id="work",
                name="Work",
                steps=[
                    step(id="examine-casually", name="examine casually", next=["check-ticket", "decide"]),
                    step(id="examine-thoroughly", name="examine thoroughly", next=["check-ticket", "decide"]),
                    step(id="check-ticket", name="check ticket", next=["decide"]),
                ],
            ),
            jk.Stage(id="close", name="Close", steps=close),
        ],
    )
