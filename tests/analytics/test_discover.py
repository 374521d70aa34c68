"""discover: the observed journey, checked against PM4Py's frozen answers, across engines."""

from __future__ import annotations

import hashlib
import json
import re
import statistics
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analytics import EventLogError, ObservedJourney, discover, read_xes
from journeykit.exceptions import JourneyKitError

from ._shared import (
    ACTIVITY,
    CASE,
    LOGS,
    SPARK_PANDAS_WARNING,
    TIMESTAMP,
    event_logs,
    needs_logs,
    read_csv,
    tie_preserving,
)

ORACLE = Path(__file__).resolve().parents[1] / "data" / "oracle"

#: Seconds PM4Py's durations and ours may differ by (ours are in microseconds).
TOLERANCE = 1e-3


# -- helpers -----------------------------------------------------------------------


def oracle_files() -> list[str]:
    return sorted(p.name for p in ORACLE.glob("*.json"))


def load_oracle(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ORACLE / name).read_text(encoding="utf-8"))
    return data


def variant_digest(variants: dict[tuple[str, ...], int]) -> str:
    """The digest ``benchmarks/freeze_pm4py_oracle.py`` stores."""
    lines = [f"{count}\t{chr(0x1F).join(v)}" for v, count in sorted(variants.items())]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def assert_matches_oracle(result: ObservedJourney, oracle: dict[str, Any]) -> None:
    names = oracle["activities"]
    expected = {(names[e[0]], names[e[1]]): e[2:] for e in oracle["edges"]}
    got = {
        (r.source, r.target): (r.count, r.mean, r.median, r.min, r.max)
        for r in result.edges.itertuples(index=False)
    }
    assert set(got) == set(expected)
    for edge, (count, *seconds) in expected.items():
        assert got[edge][0] == count, edge
        for ours, theirs, stat in zip(got[edge][1:], seconds, ("mean", "median", "min", "max"), strict=True):
            assert abs(ours - theirs) <= TOLERANCE, (edge, stat, ours, theirs)
    assert list(result.starts.itertuples(index=False, name=None)) == [
        (names[i], n) for i, n in oracle["starts"]
    ]
    assert list(result.ends.itertuples(index=False, name=None)) == [(names[i], n) for i, n in oracle["ends"]]
    assert result.cases == oracle["cases"]
    assert result.events == oracle["events_used"]
    assert len(result.variants) == oracle["variant_count"]
    variants = dict(zip(result.variants["variant"], result.variants["count"], strict=True))
    assert variant_digest(variants) == oracle["variants_sha256"]
    top = [(tuple(names[i] for i in v), n) for v, n in oracle["variants_top"]]
    assert list(result.variants.head(len(top)).itertuples(index=False, name=None)) == top


def assert_same(left: ObservedJourney, right: ObservedJourney) -> None:
    """Identical results, to the last bit of every duration (sums are exact integers)."""
    assert left.cases == right.cases
    for name in ("edges", "starts", "ends", "variants", "activities"):
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), check_exact=True)
    assert left == right


def reference(frame: pd.DataFrame) -> dict[str, Any]:
    """What discover must find, the plain way: a stable sort by (case, timestamp)."""
    f = frame.dropna(subset=[CASE, ACTIVITY, TIMESTAMP]).sort_values([CASE, TIMESTAMP], kind="stable")
    durations: dict[tuple[str, str], list[float]] = {}
    variants: Counter[tuple[str, ...]] = Counter()
    for _, case in f.groupby(CASE, sort=False):
        acts = [str(a) for a in case[ACTIVITY]]
        times = list(case[TIMESTAMP])
        variants[tuple(acts)] += 1
        for i in range(1, len(acts)):
            durations.setdefault((acts[i - 1], acts[i]), []).append((times[i] - times[i - 1]).total_seconds())
    edges = {
        e: (len(d), statistics.fmean(d), statistics.median(d), min(d), max(d)) for e, d in durations.items()
    }
    return {"edges": edges, "variants": dict(variants)}


def assert_matches_reference(result: ObservedJourney, expected: dict[str, Any]) -> None:
    got = {(r.source, r.target): r[2:] for r in result.edges.itertuples(index=False)}
    assert set(got) == set(expected["edges"])
    for edge, values in expected["edges"].items():
        assert got[edge][0] == values[0]
        assert got[edge][1:] == pytest.approx(values[1:], abs=1e-6)
    assert (
        dict(zip(result.variants["variant"], result.variants["count"], strict=True)) == expected["variants"]
    )
    starts: Counter[str] = Counter()
    for v, n in expected["variants"].items():
        starts[v[0]] += n
    assert dict(zip(result.starts["activity"], result.starts["count"], strict=True)) == dict(starts)


# -- against PM4Py ------------------------------------------------------------------


def parse_dfg(path: Path) -> tuple[dict[tuple[str, str], int], dict[str, int], dict[str, int]]:
    """PM4Py's .dfg export: activities, start and end activities, then ``a>bxcount`` edges."""
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    names = [next(lines) for _ in range(int(next(lines)))]

    def counts() -> dict[str, int]:
        pairs = (next(lines).split("x") for _ in range(int(next(lines))))
        return {names[int(i)]: int(n) for i, n in pairs}

    starts, ends = counts(), counts()
    edges = {}
    for line in lines:
        found = re.fullmatch(r"(\d+)>(\d+)x(\d+)", line)
        assert found, line
        a, b, n = (int(g) for g in found.groups())
        edges[(names[a], names[b])] = n
    return edges, starts, ends


@needs_logs
def test_running_example_matches_pm4py_dfg_export() -> None:
    edges, starts, ends = parse_dfg(LOGS / "running-example.dfg")
    result = discover(read_csv("running-example.csv"))
    pairs = zip(result.edges["source"], result.edges["target"], strict=True)
    assert dict(zip(pairs, result.edges["count"], strict=True)) == edges
    assert dict(zip(result.starts["activity"], result.starts["count"], strict=True)) == starts
    assert dict(zip(result.ends["activity"], result.ends["count"], strict=True)) == ends
    assert result.cases == 6


@needs_logs
@pytest.mark.parametrize("oracle", [name for name in oracle_files() if ".csv" in name])
def test_csv_logs_match_the_frozen_pm4py_answers(oracle: str) -> None:
    expected = load_oracle(oracle)
    assert expected["pm4py_matches_row_order"], "PM4Py broke ties differently; see the freeze script"
    assert_matches_oracle(discover(read_csv(expected["log"])), expected)


@needs_logs
@pytest.mark.parametrize(
    "oracle",
    [
        pytest.param(name, marks=pytest.mark.slow) if name.startswith(("16_", "17_", "bpic")) else name
        for name in oracle_files()
        if ".xes" in name
    ],
)
def test_xes_logs_match_the_frozen_pm4py_answers(oracle: str) -> None:
    expected = load_oracle(oracle)
    events = read_xes(LOGS / expected["log"])
    assert_matches_oracle(discover(events), expected)


def test_the_oracle_covers_every_shared_log() -> None:
    if not LOGS.is_dir():
        pytest.skip(f"the shared event logs are not at {LOGS}")
    names = sorted(p.name for p in LOGS.iterdir() if p.suffix in {".csv", ".xes", ".gz"})
    assert [load_oracle(name)["log"] for name in oracle_files()] == sorted(
        names, key=lambda n: n.removesuffix(".gz")
    )


def test_the_oracle_stays_small() -> None:
    assert sum(p.stat().st_size for p in ORACLE.glob("*.json")) < 300_000


# -- engines ------------------------------------------------------------------------


def engines(frame: pd.DataFrame) -> dict[str, Any]:
    """The same events as every in-process engine's table."""
    import duckdb
    import polars as pl
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    return {
        "pyarrow": table,
        "polars": pl.from_arrow(table),
        "polars-lazy": pl.from_arrow(table).lazy(),  # type: ignore[union-attr]
        "duckdb": duckdb.connect().from_arrow(table),
    }


TIED_LOGS = ["running-example.csv", "reviewing.csv", "roadtraffic100traces.csv"]


@needs_logs
@pytest.mark.parametrize("engine", ["pyarrow", "polars", "polars-lazy", "duckdb"])
@pytest.mark.parametrize("log", TIED_LOGS)
def test_every_engine_gives_the_same_result(log: str, engine: str) -> None:
    frame = read_csv(log)[[CASE, ACTIVITY, TIMESTAMP]]
    assert_same(discover(engines(frame)[engine]), discover(frame))


@needs_logs
def test_a_duckdb_scan_of_the_file_breaks_ties_in_file_order() -> None:
    import duckdb

    path = (LOGS / "reviewing.csv").as_posix().replace("'", "''")
    relation = duckdb.connect().sql(f"SELECT * FROM read_csv('{path}')")
    assert_same(discover(relation), discover(read_csv("reviewing.csv")))


@needs_logs
@pytest.mark.slow
@pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)
@pytest.mark.parametrize("log", ["running-example.csv", "reviewing.csv"])
def test_spark_gives_the_same_result(spark: Any, log: str) -> None:
    import pyarrow as pa

    frame = read_csv(log)[[CASE, ACTIVITY, TIMESTAMP]]
    events = spark.createDataFrame(pa.Table.from_pandas(frame, preserve_index=False))
    assert_same(discover(events), discover(frame))


# -- properties ---------------------------------------------------------------------


#: Small logs with many (case, timestamp) ties: few cases, few distinct minutes.
logs = partial(event_logs, cases=4, activities=["Visit", "Sign up", "Buy", "Call", "Leave"])


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_discover_agrees_with_a_plain_stable_sort(data: st.DataObject) -> None:
    frame = data.draw(logs())
    assert_matches_reference(discover(frame), reference(frame))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_shuffling_rows_changes_nothing(data: st.DataObject) -> None:
    """Shuffling the rows never changes any result -- as long as events of one case
    that share a timestamp keep their relative order, since that order *is* the
    tie-breaker. Without such ties, any shuffle qualifies."""
    frame = data.draw(logs())
    order = tie_preserving(data.draw(st.permutations(range(len(frame)))), frame)
    shuffled = frame.iloc[order].reset_index(drop=True)
    assert_same(discover(shuffled), discover(frame))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_without_ties_any_shuffle_changes_nothing(data: st.DataObject) -> None:
    frame = data.draw(logs()).drop_duplicates([CASE, TIMESTAMP]).reset_index(drop=True)
    shuffled = frame.iloc[data.draw(st.permutations(range(len(frame))))].reset_index(drop=True)
    assert_same(discover(shuffled), discover(frame))


def test_ties_follow_the_original_row_order() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame({CASE: ["c", "c"], ACTIVITY: ["b", "a"], TIMESTAMP: [t, t]})
    assert discover(frame).variants["variant"].tolist() == [("b", "a")]
    assert discover(frame.iloc[::-1]).variants["variant"].tolist() == [("a", "b")]


# -- the caller's data, errors, edge cases --------------------------------------------


@needs_logs
def test_the_callers_frame_is_not_changed() -> None:
    import polars as pl

    frame = read_csv("reviewing.csv").sample(frac=1.0, random_state=7)
    before = frame.copy()
    discover(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(frame.index) == list(before.index)
    polars_frame = pl.from_pandas(frame[[CASE, ACTIVITY, TIMESTAMP]])
    discover(polars_frame)
    assert polars_frame.columns == [CASE, ACTIVITY, TIMESTAMP]


def small_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "session": ["s1", "s1", "s1", "s2", "s2"],
            "page": ["Visit", "Sign up", "Buy", "Visit", "Buy"],
            "at": pd.to_datetime(
                [
                    "2024-01-01 10:00",
                    "2024-01-01 10:05",
                    "2024-01-02 10:05",
                    "2024-01-03 09:00",
                    "2024-01-03 09:01",
                ]
            ),
            "stage": ["Discover", "Join", "Buy", "Discover", "Buy"],
            "started": pd.to_datetime(
                [
                    "2024-01-01 09:59",
                    "2024-01-01 10:06",
                    "2024-01-02 10:00",
                    "2024-01-03 08:00",
                    "2024-01-03 08:59",
                ]
            ),
        }
    )


COLUMNS = {"case": "session", "activity": "page", "timestamp": "at"}


def test_a_missing_column_is_named_with_the_columns_there_are() -> None:
    with pytest.raises(
        EventLogError, match=r"no column 'customer' \(case=\).*'session', 'page', 'at'"
    ) as info:
        discover(small_log(), case="customer", activity="page", timestamp="at")
    assert isinstance(info.value, JourneyKitError)
    assert info.value.column == "customer"
    assert "stage" in info.value.columns


def test_the_default_columns_are_the_xes_names() -> None:
    with pytest.raises(EventLogError, match="case:concept:name"):
        discover(small_log())


def test_text_timestamps_are_refused_with_a_hint() -> None:
    frame = small_log().assign(at=lambda f: f["at"].astype(str))
    with pytest.raises(EventLogError, match="'at' \\(timestamp=\\) holds String, not datetimes"):
        discover(frame, **COLUMNS)


def test_an_unsupported_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="pandas, Polars or PyArrow"):
        discover([{"a": 1}])


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_an_empty_log(engine: str) -> None:
    empty = small_log().iloc[:0]
    if engine == "polars":
        pl = pytest.importorskip("polars")
        empty = pl.from_pandas(empty)
    elif engine == "duckdb":
        import duckdb

        empty = duckdb.connect().from_df(empty)
    result = discover(empty, **COLUMNS)
    assert result.cases == 0
    assert result.events == 0
    assert list(result.edges.columns) == ["source", "target", "count", "mean", "median", "min", "max"]
    assert list(result.starts.columns) == ["activity", "count"]
    assert list(result.variants.columns) == ["variant", "count"]
    assert all(len(getattr(result, n)) == 0 for n in ("edges", "starts", "ends", "variants"))
    assert result.to_journey().steps == ()
    assert "->" not in result.to_dot().source


def test_events_without_case_activity_or_timestamp_are_left_out() -> None:
    frame = small_log()
    frame.loc[1, "page"] = None
    frame.loc[4, "at"] = pd.NaT
    result = discover(frame, **COLUMNS)
    assert result.variants["variant"].tolist() == [("Visit",), ("Visit", "Buy")]
    assert result.events == 3


def test_the_small_log_in_full() -> None:
    result = discover(small_log(), **COLUMNS)
    assert result.cases == 2
    assert result.edges.to_dict("records") == [
        {"source": "Sign up", "target": "Buy", "count": 1, "mean": 86400.0, "median": 86400.0,
         "min": 86400.0, "max": 86400.0},
        {"source": "Visit", "target": "Buy", "count": 1, "mean": 60.0, "median": 60.0,
         "min": 60.0, "max": 60.0},
        {"source": "Visit", "target": "Sign up", "count": 1, "mean": 300.0, "median": 300.0,
         "min": 300.0, "max": 300.0},
    ]  # fmt: skip
    assert result.starts.to_dict("records") == [{"activity": "Visit", "count": 2}]
    assert result.ends.to_dict("records") == [{"activity": "Buy", "count": 2}]
    assert result.activities.to_dict("records") == [
        {"activity": "Buy", "count": 2},
        {"activity": "Visit", "count": 2},
        {"activity": "Sign up", "count": 1},
    ]
    assert "2 cases, 5 events" in repr(result)
    assert "Visit -> Sign up: 1 (5 min)" in str(result)
    assert "<caption>" in result._repr_html_()
    assert result == discover(small_log(), **COLUMNS)
    assert result != discover(small_log().iloc[:3], **COLUMNS)


def test_start_timestamps_measure_the_wait_between_activities() -> None:
    result = discover(small_log(), **COLUMNS, start_timestamp="started")
    seconds = {(r.source, r.target): r.median for r in result.edges.itertuples(index=False)}
    # Sign up ends 10:05 and Buy starts the next day at 10:00; Visit ends 10:00 and
    # Sign up starts 10:06; Visit ends 09:00 and Buy started before that: no wait.
    assert seconds == {("Sign up", "Buy"): 86100.0, ("Visit", "Sign up"): 360.0, ("Visit", "Buy"): 0.0}


@needs_logs
def test_start_timestamps_on_the_interval_log() -> None:
    frame = read_csv("interval_event_log.csv")
    plain = discover(frame)
    waits = discover(frame, start_timestamp="start_timestamp")
    key = ["source", "target", "count"]
    pd.testing.assert_frame_equal(plain.edges[key], waits.edges[key])
    pd.testing.assert_frame_equal(plain.variants, waits.variants)
    assert (waits.edges["median"] <= plain.edges["median"] + 1e-9).all()
    assert (waits.edges["min"] >= 0).all()


# -- conversions ---------------------------------------------------------------------


def test_to_journey_makes_a_valid_journey_of_the_activities() -> None:
    frame = small_log()
    frame["page"] = ["Visit!", "Sign up", "Buy", "Visit!", "Buy"]
    journey = discover(frame, **COLUMNS).to_journey(id="web", name="Web shop")
    assert isinstance(journey, jk.Journey)
    assert (journey.id, journey.name) == ("web", "Web shop")
    assert [s.name for s in journey.steps] == ["Visit!", "Buy", "Sign up"]
    assert [s.id for s in journey.steps] == ["visit", "buy", "sign-up"]
    assert journey.step("visit").next == ("buy", "sign-up")
    assert journey.step("buy").next == ()
    assert all(s.emotion is None for s in journey.steps)
    assert [stage.id for stage in journey.stages] == ["observed"]


def test_to_journey_groups_steps_by_their_most_frequent_stage() -> None:
    journey = discover(small_log(), **COLUMNS, stage="stage").to_journey()
    assert [(stage.name, [s.name for s in stage.steps]) for stage in journey.stages] == [
        ("Discover", ["Visit"]),
        ("Buy", ["Buy"]),
        ("Join", ["Sign up"]),
    ]


@needs_logs
def test_a_real_log_becomes_a_journey_the_views_can_draw() -> None:
    journey = discover(read_csv("receipt.csv")).to_journey()
    assert len(journey.steps) == 27
    assert len({s.id for s in journey.steps}) == 27
    assert jk.render.to_mermaid(journey).startswith("journey")


def test_step_ids_are_unique_valid_slugs() -> None:
    names = ["Sign up", "sign-up", "SIGN UP", "Ünïcode näme", "!!!", "", "a" * 300, "-dash-"]
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame(
        {CASE: [str(i) for i in range(len(names))], ACTIVITY: names, TIMESTAMP: [t] * len(names)}
    )
    journey = discover(frame).to_journey()
    ids = [s.id for s in journey.steps]
    assert len(set(ids)) == len(names)
    assert all(re.fullmatch(r"\w[\w.\-]*", i) and len(i) <= 200 for i in ids)
    assert sorted(s.name for s in journey.steps) == sorted(n if n else "(no name)" for n in names)


def test_to_dot_escapes_names_and_applies_the_threshold() -> None:
    hostile = 'Say "hi" \\N <b>'
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame(
        {
            CASE: ["1", "1", "2", "2", "3", "3"],
            ACTIVITY: ["a", hostile, "a", hostile, "a", "rare"],
            TIMESTAMP: [t, t + pd.Timedelta(hours=2), t, t + pd.Timedelta(hours=4), t, t],
        }
    )
    result = discover(frame)
    source = result.to_dot().source
    assert "\\\\N" in source
    assert '\\"hi\\"' in source
    assert re.search(r"n\d+ -> n\d+ \[label=\"2\\n3 h\"", source)
    assert "rare" in source
    kept = result.to_dot(min_count=2).source
    assert "rare" not in kept
    assert kept.count("->") == 3  # start -> a, a -> hostile, hostile -> end
    with pytest.raises(ValueError, match="min_count"):
        result.to_dot(min_count=0)


def test_frames_have_a_fixed_row_order() -> None:
    frame = small_log()
    result = discover(frame, **COLUMNS)
    again = discover(frame.iloc[[3, 4, 0, 1, 2]], **COLUMNS)
    assert result == again
    counts = result.edges["count"].tolist()
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
@pytest.mark.parametrize("zone", [None, "UTC", "Europe/Madrid"])
def test_every_pandas_datetime_unit_and_zone_gives_the_same_durations(unit: str, zone: str | None) -> None:
    # pandas' datetime64[ns, UTC] (what to_datetime(utc=True) gives) reaches
    # DuckDB as TIMESTAMPTZ_NS, for which DuckDB has no epoch_us.
    stamps = pd.to_datetime(["2024-03-30 23:00", "2024-03-31 04:00", "2024-03-31 04:30"], utc=True)
    stamps = stamps.tz_convert(zone) if zone else stamps.tz_localize(None)
    frame = pd.DataFrame(
        {
            "case:concept:name": ["c1", "c1", "c1"],
            "concept:name": ["a", "b", "c"],
            "time:timestamp": stamps.astype(f"datetime64[{unit}, {zone}]" if zone else f"datetime64[{unit}]"),
        }
    )
    frame["start"] = frame["time:timestamp"]
    edges = discover(frame).edges.set_index(["source", "target"])["mean"].to_dict()
    waits = discover(frame, start_timestamp="start").edges.set_index(["source", "target"])["mean"].to_dict()
    assert edges == waits == {("a", "b"): 5 * 3600.0, ("b", "c"): 1800.0}
