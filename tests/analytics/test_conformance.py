"""conformance and the activity -> step match: against a plain-Python reference, across engines."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from functools import partial
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analytics import EventLogError
from journeykit.analytics._mapping import StepMappingError, match_steps
from journeykit.analytics.conformance import CASE_COLUMNS, Conformance, conformance
from journeykit.exceptions import JourneyKitError

from ._shared import (
    ACTIVITY,
    CASE,
    LOGS,
    SPARK_PANDAS_WARNING,
    START,
    TIMESTAMP,
    event_logs,
    needs_logs,
    read_csv,
    running_journey,
    tie_preserving,
)

# -- journeys and logs ---------------------------------------------------------------


def shop() -> jk.Journey:
    """A journey with a branch, a loop, an explicit end and a step that lists itself.

    visit -> sign-up | buy; sign-up -> verify; verify -> buy | sign-up (loop);
    buy -> (end); help -> help (it may repeat even without ``allow_repeats``), and no
    step leads to help, so a case may start there.
    """
    step = jk.Step
    return jk.Journey(
        id="shop",
        name="Web shop",
        stages=[
            jk.Stage(
                id="explore", name="Explore", steps=[step(id="visit", name="Visit", next=["sign-up", "buy"])]
            ),
            jk.Stage(
                id="join",
                name="Join",
                steps=[
                    step(id="sign-up", name="Sign up"),
                    step(id="verify", name="Verify", next=["buy", "sign-up"]),
                ],
            ),
            jk.Stage(
                id="buy",
                name="Buy",
                steps=[step(id="buy", name="Buy", next=[]), step(id="help", name="Get help", next=["help"])],
            ),
        ],
    )


def receipt_journey() -> jk.Journey:
    """Fifteen of the receipt log's 27 activities, in name order, as one line of steps."""
    names = sorted(read_csv("receipt.csv")[ACTIVITY].unique())[:15]
    steps = [jk.Step(id=f"s{i}", name=a) for i, a in enumerate(names)]
    stages = [jk.Stage(id=f"stage{k}", name=f"Stage {k}", steps=steps[k * 5 : k * 5 + 5]) for k in range(3)]
    return jk.Journey(id="receipt", name="Receipt", stages=stages)


#: Small logs with many (case, timestamp) ties and unknown activities.
logs = partial(
    event_logs, cases=5, activities=["Visit", "Sign up", "Verify", "Buy", "Get help", "Chat", "Leave"]
)


# -- the plain-Python reference ---------------------------------------------------------


def reference(frame: pd.DataFrame, journey: jk.Journey, *, allow_repeats: bool = True) -> dict[str, Any]:
    """What conformance must find, the plain way: a stable sort, lists and dicts, and
    the definitions of the docstring. Activities match steps by exact name."""
    step_of = {step.name: step.id for step in journey.steps}
    allowed = {(s.id, t) for s in journey.steps for t in journey.successors(s.id)}
    if allow_repeats:
        allowed |= {(s.id, s.id) for s in journey.steps}
    records = [
        r
        for r in frame.to_dict("records")
        if not (pd.isna(r[CASE]) or pd.isna(r[ACTIVITY]) or pd.isna(r[TIMESTAMP]))
    ]
    traces: dict[Any, list[str]] = {}
    for r in sorted(records, key=lambda r: r[TIMESTAMP]):  # stable: ties keep the row order
        traces.setdefault(r[CASE], []).append(str(r[ACTIVITY]))
    transitions: Counter[tuple[str, str]] = Counter()
    unknown: Counter[str] = Counter()
    cases = {}
    for case, activities in traces.items():
        unknown.update(a for a in activities if a not in step_of)
        steps = [step_of[a] for a in activities if a in step_of]
        pairs = list(itertools.pairwise(steps))
        transitions.update(pairs)
        ok = sum(pair in allowed for pair in pairs)
        # one event: nothing to break; no event of a designed step: not measurable
        fitness = (ok / len(pairs) if pairs else 1.0) if steps else math.nan
        cases[case] = (len(steps), len(activities) - len(steps), len(pairs), ok, fitness)
    observed = {step_of[a] for activities in traces.values() for a in activities if a in step_of}
    measured = [c[4] for c in cases.values() if not math.isnan(c[4])]
    return {
        "transitions": {pair: (n, pair in allowed) for pair, n in transitions.items()},
        "unknown": dict(unknown),
        "unobserved": [s.id for s in journey.steps if s.id not in observed],
        "cases": cases,
        "fitness": sum(measured) / len(measured) if measured else math.nan,
        "fitting": sum(f == 1.0 for f in measured) / len(measured) if measured else math.nan,
    }


def assert_matches_reference(result: Conformance, expected: dict[str, Any]) -> None:
    got = {
        (r["source"], r["target"]): (r["count"], r["allowed"]) for r in result.transitions.to_dict("records")
    }
    assert got == expected["transitions"]
    assert result.disallowed.to_dict("list") == {
        "source": [s for (s, _), (_, ok) in _ordered(expected["transitions"]) if not ok],
        "target": [t for (_, t), (_, ok) in _ordered(expected["transitions"]) if not ok],
        "count": [n for _, (n, ok) in _ordered(expected["transitions"]) if not ok],
    }
    assert dict(zip(result.unknown["activity"], result.unknown["count"], strict=True)) == expected["unknown"]
    assert result.unobserved_steps["step"].tolist() == expected["unobserved"]
    rows = {r[0]: r[1:6] for r in result.cases.itertuples(index=False, name=None)}
    assert set(rows) == set(expected["cases"])
    for case, values in expected["cases"].items():
        assert rows[case][:4] == values[:4], case
        assert rows[case][4] == pytest.approx(values[4], nan_ok=True), case
    assert result.fitness == pytest.approx(expected["fitness"], nan_ok=True)
    assert result.fitting == pytest.approx(expected["fitting"], nan_ok=True)


def _ordered(
    transitions: dict[tuple[str, str], tuple[int, bool]],
) -> list[tuple[tuple[str, str], tuple[int, bool]]]:
    return sorted(transitions.items(), key=lambda item: (-item[1][0], item[0]))


# -- against the reference ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.data(), allow_repeats=st.booleans())
def test_conformance_agrees_with_a_plain_python_reference(data: st.DataObject, allow_repeats: bool) -> None:
    frame = data.draw(logs())
    result = conformance(frame, shop(), steps="name", allow_repeats=allow_repeats)
    assert_matches_reference(result, reference(frame, shop(), allow_repeats=allow_repeats))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_shuffling_rows_changes_nothing(data: st.DataObject) -> None:
    """Any shuffle that keeps the relative order of a case's events sharing a
    timestamp (that order is the tie-breaker) leaves every result as it was."""
    frame = data.draw(logs())
    order = tie_preserving(data.draw(st.permutations(range(len(frame)))), frame)
    shuffled = frame.iloc[order].reset_index(drop=True)
    assert conformance(shuffled, shop()) == conformance(frame, shop())


@needs_logs
@pytest.mark.parametrize("log", ["running-example.csv", "receipt.csv", "reviewing.csv"])
def test_real_logs_agree_with_the_reference(log: str) -> None:
    frame = read_csv(log)
    if log.startswith("receipt"):
        journey = receipt_journey()
    elif log.startswith("running"):
        journey = running_journey(appeal=True)
    else:  # reviewing: many ties; its activities in name order, as one line
        names = sorted(frame[ACTIVITY].unique())
        journey = jk.Journey(
            id="review",
            name="Review",
            stages=[
                jk.Stage(
                    id="all", name="All", steps=[jk.Step(id=f"s{i}", name=a) for i, a in enumerate(names)]
                )
            ],
        )
    assert_matches_reference(conformance(frame, journey, steps="name"), reference(frame, journey))


@needs_logs
def test_the_running_example_in_full() -> None:
    result = conformance(read_csv("running-example.csv"), running_journey(appeal=True))
    assert result.unobserved_steps.to_dict("records") == [
        {"stage": "close", "step": "appeal", "name": "appeal"}
    ]
    assert result.unknown.to_dict("records") == [{"activity": "reinitiate request", "count": 3}]
    # register has no next: only the following step (examine casually) may follow it.
    # With "reinitiate request" unknown, a case that reinitiates goes decide -> back
    # to the work, which the design does not allow.
    assert result.disallowed.to_dict("records") == [
        {"source": "check-ticket", "target": "examine-casually", "count": 2},
        {"source": "register", "target": "check-ticket", "count": 2},
        {"source": "check-ticket", "target": "examine-thoroughly", "count": 1},
        {"source": "decide", "target": "check-ticket", "count": 1},
        {"source": "decide", "target": "examine-casually", "count": 1},
        {"source": "decide", "target": "examine-thoroughly", "count": 1},
        {"source": "register", "target": "examine-thoroughly", "count": 1},
    ]
    assert result.transitions["count"].sum() == 42 - 3 - 6  # events, unknown, one start per case
    assert result.cases[["case", "events", "unknown_events", "transitions", "allowed"]].to_dict("list") == {
        "case": [2, 4, 5, 1, 3, 6],  # least fitting first, then by case
        "events": [5, 5, 11, 5, 8, 5],
        "unknown_events": [0, 0, 2, 0, 1, 0],
        "transitions": [4, 4, 10, 4, 7, 4],
        "allowed": [2, 2, 7, 3, 6, 4],
    }
    assert result.fitting == pytest.approx(1 / 6)
    assert result.fitness == pytest.approx((0.5 + 0.5 + 0.7 + 0.75 + 6 / 7 + 1.0) / 6)
    assert result.cases["designed_start"].all()
    assert result.cases["designed_end"].all()


# -- decisions, one at a time ---------------------------------------------------------


def log(*traces: str, unknown: str = "") -> pd.DataFrame:
    """One case per argument, its activities separated by commas, a minute apart."""
    rows = [
        (f"c{i}", activity.strip(), START + dt.timedelta(minutes=k))
        for i, trace in enumerate(traces, start=1)
        for k, activity in enumerate(trace.split(","))
    ]
    return pd.DataFrame(rows, columns=[CASE, ACTIVITY, TIMESTAMP])


def test_repeats_are_allowed_unless_switched_off() -> None:
    frame = log("Visit, Visit, Sign up, Get help, Get help")
    loose = conformance(frame, shop())
    assert loose.cases["allowed"].tolist() == [3]  # visit -> visit, visit -> sign-up, help -> help
    assert loose.disallowed.to_dict("records") == [{"source": "sign-up", "target": "help", "count": 1}]
    strict = conformance(frame, shop(), allow_repeats=False)
    # help lists itself in next, so its repeat stays allowed; visit's does not.
    assert strict.disallowed.to_dict("records") == [
        {"source": "sign-up", "target": "help", "count": 1},
        {"source": "visit", "target": "visit", "count": 1},
    ]
    assert strict.cases["fitness"].tolist() == [0.5]
    assert strict.transitions.to_dict("records") == [
        {"source": "help", "target": "help", "count": 1, "allowed": True},
        {"source": "sign-up", "target": "help", "count": 1, "allowed": False},
        {"source": "visit", "target": "sign-up", "count": 1, "allowed": True},
        {"source": "visit", "target": "visit", "count": 1, "allowed": False},
    ]


def test_unknown_activities_are_skipped_in_the_transitions() -> None:
    result = conformance(log("Visit, Chat, Sign up, Leave, Chat"), shop())
    assert result.transitions[["source", "target", "count"]].to_dict("records") == [
        {"source": "visit", "target": "sign-up", "count": 1}
    ]
    assert result.unknown.to_dict("records") == [
        {"activity": "Chat", "count": 2},
        {"activity": "Leave", "count": 1},
    ]
    assert result.cases[["events", "unknown_events", "transitions"]].to_dict("records") == [
        {"events": 2, "unknown_events": 3, "transitions": 1}
    ]


def test_fitness_of_short_and_unmeasurable_cases() -> None:
    result = conformance(log("Visit", "Chat, Leave", "Visit, Verify"), shop())
    rows = {r["case"]: r for r in result.cases.to_dict("records")}
    assert rows["c1"]["fitness"] == 1.0  # one event: nothing to break
    assert math.isnan(rows["c2"]["fitness"])  # nothing the design knows
    assert (rows["c2"]["events"], rows["c2"]["unknown_events"]) == (0, 2)
    assert pd.isna(rows["c2"]["designed_start"])
    assert pd.isna(rows["c2"]["designed_end"])
    assert str(result.cases["designed_start"].dtype) == "boolean"
    assert rows["c3"]["fitness"] == 0.0
    assert result.fitness == 0.5  # c2 is left out
    assert result.fitting == 0.5
    assert result.cases["case"].tolist() == ["c3", "c1", "c2"]
    assert list(result.cases.columns) == list(CASE_COLUMNS)


def test_designed_starts_and_ends() -> None:
    result = conformance(log("Visit, Buy", "Sign up, Verify", "Get help", "Visit, Verify, Buy"), shop())
    rows = {r["case"]: (r["designed_start"], r["designed_end"]) for r in result.cases.to_dict("records")}
    # visit is the first step; help is a start too (no other step leads to it) but
    # not an end (it may follow itself); sign-up is led to by visit; verify goes on.
    assert rows == {
        "c1": (True, True),
        "c2": (False, False),
        "c3": (True, False),
        "c4": (True, True),
    }


def test_ties_follow_the_original_row_order() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    frame = pd.DataFrame({CASE: ["c", "c"], ACTIVITY: ["Buy", "Visit"], TIMESTAMP: [t, t]})
    assert conformance(frame, shop()).disallowed["source"].tolist() == ["buy"]
    assert conformance(frame.iloc[::-1], shop()).disallowed.empty


def test_the_small_log_shows_itself() -> None:
    result = conformance(log("Visit, Verify, Chat", "Visit, Sign up, Verify, Buy"), shop())
    assert repr(result) == (
        "<Conformance to journey 'shop': 2 cases, fitness 0.5, 50% fitting, 1 disallowed transitions, "
        "1 unobserved steps, 1 unknown activities>"
    )
    text = str(result)
    assert "Transitions the design does not allow:\n  visit -> verify: 1" in text
    assert "Designed steps never observed:\n  help (Get help)" in text
    assert "Activities unknown to the design:\n  Chat: 1" in text
    html = result._repr_html_()
    assert "<td>visit</td><td>verify</td><td>1</td>" in html
    assert result == conformance(log("Visit, Verify, Chat", "Visit, Sign up, Verify, Buy"), shop())
    assert result != conformance(log("Visit, Verify"), shop())


# -- the caller's data, errors, edge cases --------------------------------------------


def test_the_callers_frame_is_not_changed() -> None:
    import polars as pl

    frame = log("Visit, Verify, Chat", "Visit, Sign up").sample(frac=1.0, random_state=5)
    before = frame.copy()
    conformance(frame, shop())
    pd.testing.assert_frame_equal(frame, before)
    assert list(frame.index) == list(before.index)
    polars_frame = pl.from_pandas(frame)
    conformance(polars_frame, shop())
    assert polars_frame.columns == [CASE, ACTIVITY, TIMESTAMP]


def test_a_missing_column_is_an_event_log_error() -> None:
    with pytest.raises(EventLogError, match=r"no column 'session' \(case=\)") as info:
        conformance(log("Visit"), shop(), case="session")
    assert isinstance(info.value, JourneyKitError)
    text = log("Visit").assign(**{TIMESTAMP: "yesterday"})
    with pytest.raises(EventLogError, match="not datetimes"):
        conformance(text, shop())


def test_an_empty_log() -> None:
    result = conformance(log("Visit").iloc[:0], shop())
    assert result.cases.empty
    assert list(result.cases.columns) == list(CASE_COLUMNS)
    assert result.transitions.empty
    assert list(result.disallowed.columns) == ["source", "target", "count"]
    assert math.isnan(result.fitness)
    assert math.isnan(result.fitting)
    assert len(result.unobserved_steps) == 5


def test_a_journey_without_steps() -> None:
    bare = jk.Journey(id="bare", name="Bare", stages=[jk.Stage(id="s", name="S")])
    result = conformance(log("Visit, Buy"), bare)
    assert result.unknown["count"].sum() == 2
    assert math.isnan(result.fitness)
    assert result.transitions.empty


def test_allow_repeats_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="allow_repeats"):
        conformance(log("Visit"), shop(), allow_repeats="yes")  # type: ignore[arg-type]


# -- matching activities to steps -------------------------------------------------------


def steps_journey() -> jk.Journey:
    step = jk.Step
    return jk.Journey(
        id="j",
        name="J",
        stages=[
            jk.Stage(
                id="s",
                name="S",
                steps=[
                    step(id="visit", name="Landing page"),
                    step(id="sign-up", name="Visit"),  # its name is another step's id
                    step(id="pay", name="Pay  Online"),
                    step(id="pay-shop", name="Pay in shop"),
                    step(id="call", name="Call us"),
                    step(id="call-2", name="call US"),
                ],
            )
        ],
    )


@pytest.mark.parametrize(
    ("activity", "steps", "expected"),
    [
        ("visit", "auto", "visit"),  # id first
        ("Visit", "auto", "sign-up"),  # then the exact name
        ("Landing page", "auto", "visit"),
        ("pay online", "auto", "pay"),  # then the name ignoring case and white space
        ("  PAY\tonline ", "auto", "pay"),
        ("Call us", "auto", "call"),  # an exact name wins over two loose ones
        ("visit", "id", "visit"),
        ("Landing page", "id", None),
        ("visit", "name", "sign-up"),  # no ids: the name "Visit", ignoring case
        ("Visit", "name", "sign-up"),
        ("pay ONLINE", "name", "pay"),
        ("Paid", "auto", None),
        ("Paid", {"Paid": "pay"}, "pay"),
        ("visit", {"Paid": "pay"}, None),  # a dict is the whole match
    ],
)
def test_activities_find_their_steps(activity: str, steps: Any, expected: str | None) -> None:
    assert match_steps([activity], steps_journey(), steps=steps).get(activity) == expected


def test_an_ambiguous_name_is_an_error_that_says_what_to_do() -> None:
    with pytest.raises(StepMappingError, match=r"'CALL us' matches 2 steps .* by name ignoring case") as info:
        match_steps(["CALL us"], steps_journey())
    assert info.value.activity == "CALL us"
    assert info.value.candidates == ("call", "call-2")
    assert "pass steps={'CALL us': 'call', ...}" in str(info.value)
    assert isinstance(info.value, JourneyKitError)
    assert isinstance(info.value, ValueError)
    with pytest.raises(StepMappingError):
        conformance(log("call us"), steps_journey())


def test_a_dict_must_name_existing_steps() -> None:
    with pytest.raises(StepMappingError, match=r"maps activity 'Paid' to 'Pay in shop'.*has id 'pay-shop'"):
        match_steps(["Paid"], steps_journey(), steps={"Paid": "Pay in shop"})
    with pytest.raises(StepMappingError, match=r"'nope', which is no step.*use one of its step ids: 'visit'"):
        conformance(log("Visit"), shop(), steps={"Visit": "nope"})


def test_bad_steps_options() -> None:
    with pytest.raises(ValueError, match=r"unknown steps: 'ids' \(must be one of"):
        match_steps(["a"], steps_journey(), steps="ids")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="steps must be"):
        match_steps(["a"], steps_journey(), steps=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="step ids"):
        match_steps(["a"], steps_journey(), steps={"a": 1})  # type: ignore[dict-item]


def test_several_activities_may_map_to_one_step() -> None:
    result = conformance(
        log("Visit, Sign up", "Landing, Sign up"),
        shop(),
        steps={"Visit": "visit", "Landing": "visit", "Sign up": "sign-up"},
    )
    assert result.mapping == {"Landing": "visit", "Sign up": "sign-up", "Visit": "visit"}
    assert result.transitions.to_dict("records") == [
        {"source": "visit", "target": "sign-up", "count": 2, "allowed": True}
    ]


# -- engines -------------------------------------------------------------------------


def engines(frame: pd.DataFrame) -> dict[str, Any]:
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


@needs_logs
@pytest.mark.parametrize("engine", ["pyarrow", "polars", "polars-lazy", "duckdb"])
@pytest.mark.parametrize("log_name", ["running-example.csv", "receipt.csv", "reviewing.csv"])
def test_every_engine_gives_the_same_result(log_name: str, engine: str) -> None:
    frame = read_csv(log_name)[[CASE, ACTIVITY, TIMESTAMP]]
    if log_name.startswith("running"):
        journey = running_journey(appeal=True)
    elif log_name.startswith("receipt"):
        journey = receipt_journey()
    else:
        journey = jk.Journey(
            id="review",
            name="Review",
            stages=[
                jk.Stage(
                    id="all",
                    name="All",
                    steps=[
                        jk.Step(id=f"s{i}", name=a)
                        for i, a in enumerate(sorted(frame[ACTIVITY].unique())[:8])
                    ],
                )
            ],
        )
    assert conformance(engines(frame)[engine], journey) == conformance(frame, journey)


@needs_logs
def test_a_duckdb_scan_of_the_file_gives_the_same_result() -> None:
    import duckdb

    path = (LOGS / "running-example.csv").as_posix().replace("'", "''")
    relation = duckdb.connect().sql(f"SELECT * FROM read_csv('{path}')")
    expected = conformance(read_csv("running-example.csv"), running_journey(appeal=True))
    assert conformance(relation, running_journey(appeal=True)) == expected


@needs_logs
@pytest.mark.slow
@pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)
def test_spark_gives_the_same_result(spark: Any) -> None:
    import pyarrow as pa

    frame = read_csv("running-example.csv")[[CASE, ACTIVITY, TIMESTAMP]]
    events = spark.createDataFrame(pa.Table.from_pandas(frame, preserve_index=False))
    assert conformance(events, running_journey(appeal=True)) == conformance(
        frame, running_journey(appeal=True)
    )


# -- the calling convention -------------------------------------------------------------


def test_a_journey_is_given_itself_or_by_id_with_the_programme() -> None:
    program = jk.Program(name="Shop", journeys=[shop()])
    events = log("visit, cart, pay", "visit, pay")
    by_id = conformance(events, "shop", program=program)
    direct = conformance(events, shop())
    assert by_id.fitness == direct.fitness
    pd.testing.assert_frame_equal(by_id.cases, direct.cases)
    pd.testing.assert_frame_equal(by_id.disallowed, direct.disallowed)


@pytest.mark.parametrize(
    ("call", "shows"),
    [
        (lambda events, p: conformance(events, "shop"), "conformance(events, 'shop', program=program)"),
        (lambda events, p: conformance(events, p), "conformance(events, 'shop', program=program)"),
        (lambda events, p: conformance(p, "shop"), "takes the events first"),
        (lambda events, p: conformance(events, shop(), program=shop()), "not a Journey"),
        (lambda events, p: jk.analytics.measure(p, events), "measure(events, program)"),
        (lambda events, p: jk.analytics.measure(events, "shop.yaml"), "jk.load"),
        (lambda events, p: jk.analytics.measure(events, shop()), "not a Journey"),
        (lambda events, p: jk.analytics.discover(p), "takes the events first"),
        (lambda events, p: jk.analytics.discover("log.csv"), "read_events"),
        (lambda events, p: jk.analytics.discover(events, program=shop()), "not a Journey"),
    ],
    ids=[
        "id-without-program",
        "program-as-journey",
        "swapped",
        "journey-as-program",
        "measure-swapped",
        "measure-path",
        "measure-journey",
        "discover-program",
        "discover-path",
        "discover-journey",
    ],
)
def test_wrong_arguments_show_the_call_that_works(call: Any, shows: str) -> None:
    program = jk.Program(name="Shop", journeys=[shop()])
    with pytest.raises(jk.ArgumentError) as caught:
        call(log("visit, cart"), program)
    assert shows in str(caught.value)
