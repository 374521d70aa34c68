"""discover on DuckDB and Polars: each engine's own query gives the plain answer, and they agree.

pandas and PyArrow input run in DuckDB, where each case's events are sorted
by a packed integer key (timestamp, row, activity) inside a list; Polars input
is sorted once by (case, timestamp, row) for both the edges and the variants.
Whatever the unit and range of the timestamps, the number of activities or
rows, the two must agree to the last bit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeykit.analytics import discover

from ._shared import ACTIVITY, CASE, TIMESTAMP, event_logs
from .test_discover import assert_matches_reference, assert_same, reference

pl = pytest.importorskip("polars")

UNITS = ["s", "ms", "us", "ns"]
#: Where the timestamps start: before 1970 (negative epochs), in 2024, and far apart.
ORIGINS = [
    dt.datetime(1969, 12, 31, 23, 59, 59),
    dt.datetime(2024, 1, 1),
    dt.datetime(1700, 1, 1),
]


def in_polars(frame: pd.DataFrame) -> Any:
    return pl.from_pandas(frame)


@st.composite
def timed_logs(draw: st.DrawFn, *, start: bool = False) -> pd.DataFrame:
    """Logs in any timestamp unit, with or without a time zone, near or far from
    1970, with ties and, in nanoseconds, events less than a microsecond apart."""
    import numpy as np

    unit = draw(st.sampled_from(UNITS))
    origin = draw(st.sampled_from(ORIGINS))
    if unit == "ns":  # nanoseconds reach 1677 to 2262 only
        origin = max(origin, dt.datetime(1900, 1, 1))
    first = np.datetime64(origin, unit)
    spread = draw(st.sampled_from([5, 10**6, 10**9]))  # in units: ties only, or far apart
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["c1", "c2", "c3"]),
                st.sampled_from(["Visit", "Sign up", "Buy", "Call"]),
                st.integers(0, spread),
                st.one_of(st.none(), st.integers(-spread, spread)),
            ),
            max_size=30,
        )
    )
    aware = unit != "ns" and draw(st.booleans())

    def moments(values: list[Any]) -> pd.Series:
        stamps = [None if v is None else first + np.timedelta64(v, unit) for v in values]
        series = pd.Series(stamps, dtype=f"datetime64[{unit}]")
        return series.dt.tz_localize("UTC") if aware else series

    columns: dict[str, Any] = {
        CASE: pd.Series([r[0] for r in rows], dtype="str"),
        ACTIVITY: pd.Series([r[1] for r in rows], dtype="str"),
        TIMESTAMP: moments([r[2] for r in rows]),
    }
    if start:  # a start before or after the end (overlap: no wait), or none
        columns["started"] = moments([None if r[3] is None else r[2] + r[3] for r in rows])
    return pd.DataFrame(columns)


# -- properties ---------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(frame=timed_logs())
def test_any_timestamps_give_the_plain_answer(frame: pd.DataFrame) -> None:
    assert_matches_reference(discover(frame), reference(frame))


@settings(max_examples=60, deadline=None)
@given(frame=timed_logs())
def test_polars_gives_the_plain_answer(frame: pd.DataFrame) -> None:
    assert_matches_reference(discover(in_polars(frame)), reference(frame))


@settings(max_examples=80, deadline=None)
@given(frame=timed_logs())
def test_duckdb_and_polars_agree_to_the_last_bit(frame: pd.DataFrame) -> None:
    assert_same(discover(frame), discover(in_polars(frame)))


@settings(max_examples=60, deadline=None)
@given(frame=timed_logs(start=True))
def test_waits_from_start_timestamps_agree(frame: pd.DataFrame) -> None:
    assert_same(
        discover(frame, start_timestamp="started"),
        discover(in_polars(frame), start_timestamp="started"),
    )


@settings(max_examples=40, deadline=None)
@given(frame=timed_logs(start=True), data=st.data())
def test_a_duckdb_relation_and_a_shuffle_agree(frame: pd.DataFrame, data: st.DataObject) -> None:
    """A relation numbers its rows itself; shuffling rows that do not tie changes nothing."""
    import duckdb

    relation = duckdb.connect().from_df(frame)
    assert_same(discover(relation, start_timestamp="started"), discover(frame, start_timestamp="started"))
    untied = frame.drop_duplicates([CASE, TIMESTAMP]).reset_index(drop=True)
    shuffled = untied.iloc[data.draw(st.permutations(range(len(untied))))].reset_index(drop=True)
    assert_same(discover(shuffled), discover(untied))


@settings(max_examples=40, deadline=None)
@given(
    frame=event_logs(
        cases=5, activities=["Visit", "Sign up", "Buy"], personas=["new", "old", None], moments=4
    )
)
def test_split_by_persona_agrees(frame: pd.DataFrame) -> None:
    pandas = discover(frame, persona="persona", segment="persona")
    polars = discover(in_polars(frame), persona="persona", segment="persona")
    assert_same(pandas, polars)
    pd.testing.assert_frame_equal(pandas.segments, polars.segments)
    for value in pandas.segments["segment"]:
        assert_same(pandas.for_segment(value), polars.for_segment(value))


# -- the widths of the key ----------------------------------------------------------------


def key_kinds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the kind of key each DuckDB query of discover packs its events into."""
    import sys

    module = sys.modules["journeykit.analytics._discover_duckdb"]
    kinds: list[str] = []
    element = module._element

    def spy(*args: Any) -> Any:
        found = element(*args)
        kinds.append("HUGEINT" if "HUGEINT" in found[0] else "BIGINT" if "BIGINT" in found[0] else "struct")
        return found

    monkeypatch.setattr(module, "_element", spy)
    return kinds


def far_apart() -> pd.DataFrame:
    """Microseconds from the year 1 to 9999: more than 62 bits with the rows and codes."""
    import numpy as np

    moments = np.array(
        [
            "0001-01-01T00:00:00.000001",
            "9999-12-31T00:00:00.000002",
            "0001-01-01T00:00:00.000001",
            "1950-06-01T12:00:00.5",
            "9999-12-31T00:00:00.000002",
        ],
        dtype="datetime64[us]",
    )
    return pd.DataFrame(
        {
            CASE: ["a", "a", "b", "b", "b"],
            ACTIVITY: ["Visit", "Buy", "Visit", "Call", "Visit"],
            TIMESTAMP: pd.Series(moments, dtype="datetime64[us]"),
        }
    )


def test_whole_seconds_pack_into_64_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = far_apart().assign(**{TIMESTAMP: lambda f: f[TIMESTAMP].dt.floor("s")})
    kinds = key_kinds(monkeypatch)
    assert_same(discover(frame), discover(in_polars(frame)))
    assert kinds == ["BIGINT"]


def test_microseconds_over_centuries_take_128_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = far_apart()
    kinds = key_kinds(monkeypatch)
    result = discover(frame)
    assert kinds == ["HUGEINT"]
    assert_same(result, discover(in_polars(frame)))
    assert result.variants.values.tolist() == [[("Visit", "Buy"), 1], [("Visit", "Call", "Visit"), 1]]
    first = result.edges.set_index(["source", "target"]).loc[("Visit", "Buy")]
    assert first["mean"] == pytest.approx(315_537_811_200.000001, rel=1e-15)  # 9,999 years, to the float


@settings(max_examples=40, deadline=None)
@given(frame=timed_logs(start=True))
def test_keys_too_wide_fall_back_to_structs_with_the_same_answer(frame: pd.DataFrame) -> None:
    import sys

    module = sys.modules["journeykit.analytics._discover_duckdb"]
    packed = discover(frame, start_timestamp="started")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "MAX_KEY_BITS", -1)
        kinds = key_kinds(patch)
        unpacked = discover(frame, start_timestamp="started")
    assert kinds in ([], ["struct"])
    assert_same(unpacked, packed)


def test_nanoseconds_apart_keep_their_order() -> None:
    """Two events less than a microsecond apart are ordered by time, not by row;
    their duration, in whole microseconds, is zero."""
    base = pd.Timestamp("1969-12-31 23:59:59.999999")
    frame = pd.DataFrame(
        {
            CASE: ["c", "c", "c"],
            ACTIVITY: ["late", "early", "first"],
            TIMESTAMP: [base + pd.Timedelta(900, "ns"), base + pd.Timedelta(100, "ns"), base],
        }
    )
    result = discover(frame)
    assert result.variants["variant"].tolist() == [("first", "early", "late")]
    assert result.edges.set_index(["source", "target"])["max"].to_dict() == {
        ("first", "early"): 0.0,
        ("early", "late"): 0.0,
    }


def test_hundreds_of_activities() -> None:
    names = [f"page {i:03d}" for i in range(300)]
    frame = pd.DataFrame(
        {
            CASE: [f"c{i % 7}" for i in range(900)],
            ACTIVITY: [names[(i * 37) % 300] for i in range(900)],
            TIMESTAMP: pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(range(900), unit="s"),
        }
    )
    result = discover(frame.iloc[::-1].reset_index(drop=True))
    assert len(result.activities) == 300
    assert_same(result, discover(in_polars(frame.iloc[::-1].reset_index(drop=True))))
    assert_matches_reference(result, reference(frame))


def test_one_activity_and_one_event_cases() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame(
        {
            CASE: ["a", "b", "b", "c"],
            ACTIVITY: ["x", "x", "x", "x"],
            TIMESTAMP: [t, t, t + pd.Timedelta(1, "s"), t],
        }
    )
    result = discover(frame)
    assert result.variants.values.tolist() == [[("x",), 2], [("x", "x"), 1]]
    assert result.edges[["source", "target", "count", "mean"]].values.tolist() == [["x", "x", 1, 1.0]]
    assert_same(result, discover(in_polars(frame)))


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_missing_starts_leave_their_waits_out(engine: str) -> None:
    """A wait is unknown where its start timestamp is missing: the statistics are
    of the known waits, and NaN for an edge with none."""
    t = pd.Timestamp("2024-01-01", tz="UTC")
    second = pd.Timedelta(1, "s")
    frame = pd.DataFrame(
        {
            CASE: ["a", "a", "b", "b", "c", "c"],
            ACTIVITY: ["Visit", "Buy", "Visit", "Buy", "Buy", "Visit"],
            TIMESTAMP: [t, t + 10 * second, t, t + 20 * second, t, t + 5 * second],
            "started": [t, t + 4 * second, t, pd.NaT, t, pd.NaT],
        }
    )
    events = frame if engine == "pandas" else in_polars(frame)
    edges = discover(events, start_timestamp="started").edges.set_index(["source", "target"])
    assert edges.loc[("Visit", "Buy")].tolist() == [2, 4.0, 4.0, 4.0, 4.0]
    assert edges.loc[("Buy", "Visit"), "count"] == 1
    assert edges.loc[("Buy", "Visit")].isna().sum() == 4
