"""What the analytics tests share: the shared logs, reading them, tie-preserving shuffles."""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd
import pytest

from ..conftest import LOGS, needs_logs

__all__ = [
    "ACTIVITY",
    "CASE",
    "LOGS",
    "SPARK_PANDAS_WARNING",
    "TIMESTAMP",
    "needs_logs",
    "read_csv",
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
