"""funnel: reach and drop-off per stage and step, against a plain-Python reference, across engines."""

from __future__ import annotations

import math
import statistics
from functools import partial
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analytics import EventLogError
from journeykit.analytics._mapping import StepMappingError
from journeykit.analytics.funnel import FUNNEL_COLUMNS, Funnel, funnel
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
    running_journey,
    tie_preserving,
)

# -- journeys and logs ---------------------------------------------------------------


def shop() -> jk.Journey:
    """Three stages; step names are the activities of the generated logs."""
    return jk.Journey(
        id="shop",
        name="Web shop",
        stages=[
            jk.Stage(id="explore", name="Explore", steps=[jk.Step(id="visit", name="Visit")]),
            jk.Stage(
                id="join",
                name="Join",
                steps=[jk.Step(id="sign-up", name="Sign up"), jk.Step(id="verify", name="Verify")],
            ),
            jk.Stage(id="empty", name="Nothing here"),
            jk.Stage(id="buy", name="Buy", steps=[jk.Step(id="buy", name="Buy")]),
        ],
    )


def linear_journey(activities: list[str], *, per_stage: int = 5) -> jk.Journey:
    """A journey of the given activities in that order, ``per_stage`` steps a stage."""
    steps = [jk.Step(id=f"s{i}", name=a) for i, a in enumerate(activities)]
    stages = [
        jk.Stage(id=f"stage{k}", name=f"Stage {k}", steps=steps[i : i + per_stage])
        for k, i in enumerate(range(0, len(steps), per_stage))
    ]
    return jk.Journey(id="linear", name="Linear", stages=stages)


def receipt_journey() -> jk.Journey:
    """Fifteen of the receipt log's 27 activities, in name order, as one line."""
    return linear_journey(sorted(read_csv("receipt.csv")[ACTIVITY].unique())[:15])


#: Small logs with many (case, timestamp) ties, unknown activities and a persona
#: column that is sometimes missing and may change inside a case.
logs = partial(
    event_logs,
    cases=5,
    activities=["Visit", "Sign up", "Verify", "Buy", "Chat", "Leave"],
    personas=["web", "shop", None],
)


# -- the plain-Python reference ---------------------------------------------------------


def reference(
    frame: pd.DataFrame, journey: jk.Journey, *, segment: str | None = None
) -> dict[tuple[Any, str, str], tuple[int, float, float, int, int, float]]:
    """What funnel must find, the plain way: rows in a stable sort, dicts, and the
    definitions of the docstring. Activities match steps by exact name.

    Returns (segment, level, id) -> the measures, for level "stage" and "step".
    """
    step_of = {step.name: step.id for step in journey.steps}
    stage_of = {step.id: stage.id for stage in journey.stages for step in stage.steps}
    records = [
        r
        for r in frame.to_dict("records")
        if not (pd.isna(r[CASE]) or pd.isna(r[ACTIVITY]) or pd.isna(r[TIMESTAMP]))
    ]
    cases: dict[Any, list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: r[TIMESTAMP]):  # stable: ties keep the row order
        cases.setdefault(r[CASE], []).append(r)
    segment_of: dict[Any, str | None] = {}
    for case, events in cases.items():
        values = [e[segment] for e in events if segment and e[segment] is not None]
        segment_of[case] = str(values[0]) if values else None
    # (case, level, id) -> (position of the first event, its timestamp)
    first: dict[tuple[Any, str, str], tuple[int, Any]] = {}
    for case, events in cases.items():
        for i, e in enumerate(events):
            step = step_of.get(str(e[ACTIVITY]))
            if step is None:
                continue
            for level, key in (("step", step), ("stage", stage_of[step])):
                first.setdefault((case, level, key), (i, e[TIMESTAMP]))
    result = {}
    for value in set(segment_of.values()) if segment else {None}:
        members = [c for c in cases if segment_of[c] == value]
        for level, keys in (
            ("stage", [s.id for s in journey.stages]),
            ("step", [s.id for s in journey.steps]),
        ):
            before: list[Any] | None = None
            prior = ""
            for key in keys:
                reaching = [c for c in members if (c, level, key) in first]
                if before is None:
                    previous = len(members)
                    dropped = len(members) - len(reaching)
                    seconds: list[float] = []
                else:
                    previous = len(before)
                    dropped = len([c for c in before if c not in reaching])
                    seconds = [
                        (first[(c, level, key)][1] - first[(c, level, prior)][1]).total_seconds()
                        for c in reaching
                        if c in before and first[(c, level, prior)][0] < first[(c, level, key)][0]
                    ]
                result[(value, level, key)] = (
                    len(reaching),
                    len(reaching) / previous if previous else math.nan,
                    len(reaching) / len(members) if members else math.nan,
                    previous - len(reaching),
                    dropped,
                    statistics.median(seconds) if seconds else math.nan,
                )
                before, prior = reaching, key
    return result


def assert_matches_reference(result: Funnel, expected: dict[tuple[Any, str, str], tuple[Any, ...]]) -> None:
    got = {}
    for level, frame in (("stage", result.stages), ("step", result.steps)):
        for r in frame.to_dict("records"):
            got[(r.get("segment"), level, r[level])] = tuple(r[c] for c in FUNNEL_COLUMNS)
    assert set(got) == set(expected)
    for key, values in expected.items():
        assert got[key][0] == values[0], key
        assert got[key][3:5] == values[3:5], key
        for ours, theirs in zip(got[key][1:3] + got[key][5:], values[1:3] + values[5:], strict=True):
            assert (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs, abs=1e-6), key


def assert_same(left: Funnel, right: Funnel) -> None:
    """Equal results; medians may differ in the last bits between engines."""
    assert (left.cases, left.segment, dict(left.mapping)) == (right.cases, right.segment, dict(right.mapping))
    for name in ("stages", "steps", "segments", "unknown"):
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), check_exact=False, rtol=1e-9)


# -- against the reference ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.data(), segmented=st.booleans())
def test_funnel_agrees_with_a_plain_python_reference(data: st.DataObject, segmented: bool) -> None:
    frame = data.draw(logs())
    if segmented:
        result = funnel(frame, shop(), persona="persona", segment="persona", steps="name")
        assert_matches_reference(result, reference(frame, shop(), segment="persona"))
    else:
        assert_matches_reference(funnel(frame, shop(), steps="name"), reference(frame, shop()))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_shuffling_rows_changes_nothing(data: st.DataObject) -> None:
    """Any shuffle that keeps the relative order of a case's events sharing a
    timestamp (that order is the tie-breaker) leaves every number as it was."""
    frame = data.draw(logs())
    order = tie_preserving(data.draw(st.permutations(range(len(frame)))), frame)
    shuffled = frame.iloc[order].reset_index(drop=True)
    options: dict[str, Any] = {"persona": "persona", "segment": "persona"}
    assert funnel(shuffled, shop(), **options) == funnel(frame, shop(), **options)
    assert funnel(shuffled, shop()) == funnel(frame, shop())


@needs_logs
@pytest.mark.parametrize("log", ["running-example.csv", "receipt.csv"])
def test_real_logs_agree_with_the_reference(log: str) -> None:
    frame = read_csv(log)
    journey = running_journey() if log.startswith("running") else receipt_journey()
    assert_matches_reference(funnel(frame, journey, steps="name"), reference(frame, journey))


# -- the small log, exactly ----------------------------------------------------------


def small_log() -> pd.DataFrame:
    t = pd.Timestamp("2024-01-01 10:00", tz="UTC")
    minutes = [0, 5, 6, 60, 0, 10, 0, 3, 1, 0]
    return pd.DataFrame(
        {
            "session": ["a", "a", "a", "a", "b", "b", "c", "c", "c", "d"],
            "page": ["Visit", "Sign up", "Verify", "Buy", "Visit", "Buy", "Sign up", "Chat", "Visit", "Chat"],
            "at": [t + pd.Timedelta(minutes=m) for m in minutes],
            "who": ["new", None, "old", "new", None, None, None, "new", "old", None],
            "via": ["web", "web", "web", "shop", "shop", "shop", "app", "app", "app", "web"],
        }
    )


COLUMNS = {"case": "session", "activity": "page", "timestamp": "at"}


def test_the_small_log_in_full() -> None:
    result = funnel(small_log(), shop(), **COLUMNS)
    assert result.cases == 4
    assert list(result.steps.columns) == ["stage", "step", "name", *FUNNEL_COLUMNS]
    rows = result.steps[["step", "reached", "drop_off", "dropped"]]
    assert rows.to_dict("list") == {
        "step": ["visit", "sign-up", "verify", "buy"],
        "reached": [3, 2, 1, 2],
        "drop_off": [1, 1, 1, -1],
        "dropped": [1, 1, 1, 0],
    }
    # sign-up: a after 5 min (c signs up before its visit: left out); buy after verify: a, 54 min
    expected_median = [math.nan, 300.0, 60.0, 3240.0]
    assert result.steps["median_from_previous"].tolist() == pytest.approx(expected_median, nan_ok=True)
    assert result.steps["share_of_previous"].tolist() == pytest.approx([0.75, 2 / 3, 0.5, 2.0])
    assert result.steps["share_of_start"].tolist() == pytest.approx([0.75, 0.5, 0.25, 0.5])
    stages = result.stages[["stage", "reached", "dropped"]]
    assert stages.to_dict("list") == {
        "stage": ["explore", "join", "empty", "buy"],
        "reached": [3, 2, 0, 2],
        "dropped": [1, 1, 2, 0],
    }
    expected_median = [math.nan, 300.0, math.nan, math.nan]
    assert result.stages["median_from_previous"].tolist() == pytest.approx(expected_median, nan_ok=True)
    assert math.isnan(result.stages["share_of_previous"].iloc[3])  # the stage before reached no case
    assert result.unknown.to_dict("records") == [{"activity": "Chat", "count": 2}]
    assert result.mapping == {"Buy": "buy", "Sign up": "sign-up", "Verify": "verify", "Visit": "visit"}


def test_drop_off_can_be_negative_but_dropped_cannot() -> None:
    result = funnel(small_log(), shop(), **COLUMNS)
    buy = result.step("buy")
    assert buy["drop_off"] == -1  # two cases buy, one verified
    assert buy["dropped"] == 0  # the one that verified also bought
    assert (result.steps["dropped"] >= 0).all()
    assert (result.stages["dropped"] >= 0).all()


def test_a_case_reaching_a_step_before_the_previous_one_is_left_out_of_the_median() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame(
        {
            CASE: ["a", "a", "b", "b"],
            ACTIVITY: ["Visit", "Sign up", "Sign up", "Visit"],
            TIMESTAMP: [t, t + pd.Timedelta(seconds=30), t, t + pd.Timedelta(seconds=90)],
        }
    )
    row = funnel(frame, shop()).step("sign-up")
    assert (row["reached"], row["dropped"], row["median_from_previous"]) == (2, 0, 30.0)


def test_the_first_event_at_a_step_counts() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame(
        {
            CASE: ["a"] * 4,
            ACTIVITY: ["Visit", "Sign up", "Visit", "Sign up"],
            TIMESTAMP: [t + pd.Timedelta(minutes=m) for m in (0, 2, 5, 9)],
        }
    )
    assert funnel(frame, shop()).step("sign-up")["median_from_previous"] == 120.0


def test_ties_follow_the_original_row_order() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame({CASE: ["a", "a"], ACTIVITY: ["Sign up", "Visit"], TIMESTAMP: [t, t]})
    # Sign up comes first in the table, so it is before the visit: no time to measure.
    assert math.isnan(funnel(frame, shop()).step("sign-up")["median_from_previous"])
    assert funnel(frame.iloc[::-1], shop()).step("sign-up")["median_from_previous"] == 0.0


# -- segments -------------------------------------------------------------------------


def test_a_case_belongs_to_the_segment_of_its_first_event_with_a_value() -> None:
    result = funnel(small_log(), shop(), **COLUMNS, persona="who", segment="persona")
    # a: "new" (its first event); b and d: no value; c: in case order its events are
    # Sign up (no value), Visit ("old"), Chat ("new"), so "old" -- not the "new" of
    # the first row that has a value.
    assert result.segments.to_dict("records") == [
        {"segment": "new", "cases": 1},
        {"segment": "old", "cases": 1},
        {"segment": None, "cases": 2},
    ]
    assert list(result.steps.columns) == ["segment", "stage", "step", "name", *FUNNEL_COLUMNS]
    assert result.steps["segment"].tolist() == ["new"] * 4 + ["old"] * 4 + [None] * 4
    assert result.step("visit", "new")["reached"] == 1
    assert result.step("visit", None)["reached"] == 1
    assert result.step("visit", None)["share_of_start"] == 0.5
    assert result.stage("join", "old")["reached"] == 1
    assert result.step("sign-up", "old")["share_of_previous"] == 1.0


def test_segmenting_by_channel() -> None:
    result = funnel(small_log(), shop(), **COLUMNS, channel="via", segment="channel")
    assert result.segments.to_dict("records") == [
        {"segment": "app", "cases": 1},
        {"segment": "shop", "cases": 1},
        {"segment": "web", "cases": 2},
    ]
    assert result.step("buy", "web")["reached"] == 1
    assert "by channel (3 segments)" in repr(result)
    assert "channel web:" in str(result)


def test_segments_add_up_to_the_whole() -> None:
    whole = funnel(small_log(), shop(), **COLUMNS)
    parts = funnel(small_log(), shop(), **COLUMNS, channel="via", segment="channel")
    assert parts.cases == whole.cases == parts.segments["cases"].sum()
    summed = parts.steps.groupby("step", sort=False)[["reached", "dropped"]].sum()
    assert summed["reached"].tolist() == whole.steps["reached"].tolist()
    assert summed["dropped"].tolist() == whole.steps["dropped"].tolist()


def test_segment_options_are_checked() -> None:
    with pytest.raises(ValueError, match=r"segment='persona' needs .* persona="):
        funnel(small_log(), shop(), **COLUMNS, segment="persona")
    with pytest.raises(ValueError, match="unknown segment: 'age'"):
        funnel(small_log(), shop(), **COLUMNS, segment="age")  # type: ignore[arg-type]


# -- looking rows up, showing -----------------------------------------------------------


def test_rows_are_looked_up_by_id() -> None:
    result = funnel(small_log(), shop(), **COLUMNS)
    assert result.step("verify")["reached"] == 1
    assert result.stage("buy")["name"] == "Buy"
    with pytest.raises(KeyError, match="no step 'nope'"):
        result.step("nope")
    with pytest.raises(KeyError, match="not segmented"):
        result.step("visit", "web")
    segmented = funnel(small_log(), shop(), **COLUMNS, channel="via", segment="channel")
    with pytest.raises(KeyError, match=r"no channel 'fax'.*'app', 'shop', 'web'"):
        segmented.step("visit", "fax")
    with pytest.raises(KeyError, match="no channel None"):
        segmented.step("visit")


def test_a_per_step_lookup_for_overlays() -> None:
    result = funnel(small_log(), shop(), **COLUMNS)
    by_step = result.steps.set_index("step")
    assert by_step.loc["sign-up", "reached"] == 2
    assert by_step["dropped"].to_dict() == {"visit": 1, "sign-up": 1, "verify": 1, "buy": 0}


def test_repr_str_and_html() -> None:
    result = funnel(small_log(), shop(), **COLUMNS)
    assert repr(result) == "<Funnel of journey 'shop': 4 cases, 4 stages, 4 steps>"
    text = str(result)
    assert "Sign up: 2 (50% of all, 67% of previous; dropped 1; median 5 min)" in text
    assert "Visit: 3 (75% of all, 75% of previous; dropped 1; median -)" in text
    assert "1 activity (2 events) matches no step" in text
    assert "<caption>Funnel of journey &#x27;shop&#x27;" in result._repr_html_()
    assert (
        "<td>Sign up</td><td>2</td><td>50%</td><td>67%</td><td>1</td><td>5 min</td>" in result._repr_html_()
    )
    assert result == funnel(small_log(), shop(), **COLUMNS)
    assert result != funnel(small_log().iloc[:5], shop(), **COLUMNS)


def test_names_are_escaped_in_html() -> None:
    journey = jk.Journey(
        id="j", name="J", stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="x", name="<script>")])]
    )
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame({CASE: ["a"], ACTIVITY: ["<script>"], TIMESTAMP: [t]})
    html = funnel(frame, journey)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# -- the caller's data, errors, edge cases --------------------------------------------


def test_the_callers_frame_is_not_changed() -> None:
    import polars as pl

    frame = small_log().sample(frac=1.0, random_state=3)
    before = frame.copy()
    funnel(frame, shop(), **COLUMNS, persona="who", segment="persona")
    pd.testing.assert_frame_equal(frame, before)
    assert list(frame.index) == list(before.index)
    polars_frame = pl.from_pandas(frame)
    funnel(polars_frame, shop(), **COLUMNS)
    assert polars_frame.columns == list(before.columns)


def test_a_missing_column_is_an_event_log_error() -> None:
    with pytest.raises(EventLogError, match=r"no column 'customer' \(case=\)") as info:
        funnel(small_log(), shop(), case="customer", activity="page", timestamp="at")
    assert isinstance(info.value, JourneyKitError)
    with pytest.raises(EventLogError, match=r"no column 'persona' \(persona=\)"):
        funnel(small_log(), shop(), **COLUMNS, persona="persona", segment="persona")
    with pytest.raises(EventLogError, match="case:concept:name"):
        funnel(small_log(), shop())


def test_mapping_errors_say_what_to_do() -> None:
    journey = jk.Journey(
        id="twins",
        name="Twins",
        stages=[
            jk.Stage(
                id="s",
                name="S",
                steps=[jk.Step(id="visit-web", name="Visit"), jk.Step(id="visit-shop", name="Visit")],
            )
        ],
    )
    with pytest.raises(StepMappingError, match=r"'Visit' matches 2 steps.*pass steps=\{'Visit'") as info:
        funnel(small_log(), journey, **COLUMNS)
    assert isinstance(info.value, JourneyKitError)
    assert info.value.candidates == ("visit-web", "visit-shop")
    with pytest.raises(StepMappingError, match="no step of journey 'shop'"):
        funnel(small_log(), shop(), **COLUMNS, steps={"Visit": "landing"})
    result = funnel(small_log(), journey, **COLUMNS, steps={"Visit": "visit-shop"})
    assert result.step("visit-shop")["reached"] == 3
    assert result.step("visit-web")["reached"] == 0


def test_an_empty_log() -> None:
    result = funnel(small_log().iloc[:0], shop(), **COLUMNS)
    assert result.cases == 0
    assert result.steps["reached"].tolist() == [0, 0, 0, 0]
    assert result.steps["share_of_start"].isna().all()
    assert result.segments.to_dict("records") == [{"segment": None, "cases": 0}]


def test_a_journey_without_steps() -> None:
    journey = jk.Journey(id="bare", name="Bare", stages=[jk.Stage(id="s", name="S")])
    result = funnel(small_log(), journey, **COLUMNS)
    assert result.steps.empty
    assert list(result.steps.columns) == ["stage", "step", "name", *FUNNEL_COLUMNS]
    assert result.stages["reached"].tolist() == [0]
    assert result.stages["dropped"].tolist() == [4]
    assert len(result.unknown) == 5


def test_events_without_case_activity_or_timestamp_are_left_out() -> None:
    frame = small_log()
    frame.loc[4, "page"] = None  # b's visit
    frame.loc[0, "at"] = pd.NaT  # a's visit
    result = funnel(frame, shop(), **COLUMNS)
    assert result.step("visit")["reached"] == 1
    assert result.cases == 4


# -- engines -------------------------------------------------------------------------


def engines(frame: pd.DataFrame) -> dict[str, Any]:
    import duckdb
    import polars as pl
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    return {
        "pandas": frame,
        "pyarrow": table,
        "polars": pl.from_arrow(table),
        "polars-lazy": pl.from_arrow(table).lazy(),  # type: ignore[union-attr]
        "duckdb": duckdb.connect().from_arrow(table),
    }


ENGINES = ["pyarrow", "polars", "polars-lazy", "duckdb"]


@needs_logs
@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_gives_the_same_funnel_on_the_running_example(engine: str) -> None:
    frame = read_csv("running-example.csv")[[CASE, ACTIVITY, TIMESTAMP, "org:resource"]]
    options: dict[str, Any] = {"persona": "org:resource", "segment": "persona"}
    expected = funnel(frame, running_journey(), **options)
    assert_same(funnel(engines(frame)[engine], running_journey(), **options), expected)


@needs_logs
@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_gives_the_same_funnel_on_the_receipt_log(engine: str) -> None:
    frame = read_csv("receipt.csv")[[CASE, ACTIVITY, TIMESTAMP, "case:channel"]]
    options: dict[str, Any] = {"channel": "case:channel", "segment": "channel"}
    expected = funnel(frame, receipt_journey(), **options)
    assert expected.cases == 1434
    assert set(expected.segments["segment"]) - {None} == set(frame["case:channel"].dropna().astype(str))
    assert_same(funnel(engines(frame)[engine], receipt_journey(), **options), expected)


@needs_logs
def test_a_duckdb_scan_of_the_file_gives_the_same_funnel() -> None:
    import duckdb

    path = (LOGS / "running-example.csv").as_posix().replace("'", "''")
    relation = duckdb.connect().sql(f"SELECT * FROM read_csv('{path}')")
    assert_same(
        funnel(relation, running_journey()), funnel(read_csv("running-example.csv"), running_journey())
    )


@needs_logs
@pytest.mark.slow
@pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)
def test_spark_gives_the_same_funnel(spark: Any) -> None:
    import pyarrow as pa

    frame = read_csv("running-example.csv")[[CASE, ACTIVITY, TIMESTAMP, "org:resource"]]
    events = spark.createDataFrame(pa.Table.from_pandas(frame, preserve_index=False))
    options: dict[str, Any] = {"persona": "org:resource", "segment": "persona"}
    assert_same(funnel(events, running_journey(), **options), funnel(frame, running_journey(), **options))
    assert_same(funnel(events, running_journey()), funnel(frame, running_journey()))


# -- the calling convention -------------------------------------------------------------


def test_a_journey_is_given_itself_or_by_id_with_the_programme() -> None:
    program = jk.Program(name="Shop", journeys=[shop()])
    by_id = funnel(small_log(), "shop", program=program, **COLUMNS)
    assert_same(by_id, funnel(small_log(), shop(), **COLUMNS))
    assert_same(jk.analytics.funnel(small_log(), "shop", program=program, **COLUMNS), by_id)


@pytest.mark.parametrize(
    ("call", "shows"),
    [
        (lambda log, p: funnel(log, "shop", **COLUMNS), "funnel(events, 'shop', program=program)"),
        (lambda log, p: funnel(log, p, **COLUMNS), "funnel(events, 'shop', program=program)"),
        (lambda log, p: funnel(p, "shop", **COLUMNS), "takes the events first"),
        (lambda log, p: funnel("events.csv", "shop", program=p), "read_events"),
        (lambda log, p: funnel(log, "shop", program="shop.yaml"), "jk.load"),
        (lambda log, p: funnel(log, 42, program=p), "not an int"),
    ],
    ids=["id-without-program", "program-as-journey", "swapped", "file-name", "program-is-a-path", "number"],
)
def test_wrong_arguments_show_the_call_that_works(call: Any, shows: str) -> None:
    program = jk.Program(name="Shop", journeys=[shop()])
    with pytest.raises(jk.ArgumentError) as caught:
        call(small_log(), program)
    assert shows in str(caught.value)
    assert isinstance(caught.value, TypeError)  # an ArgumentError is a TypeError too


def test_an_unknown_journey_id_suggests_the_closest() -> None:
    program = jk.Program(name="Shop", journeys=[shop()])
    with pytest.raises(jk.UnknownIdError, match="'shop'"):
        funnel(small_log(), "shopp", program=program, **COLUMNS)
