"""Personas meet observed data: persona values checked against the programme, and
discover and conformance split by persona, on every engine."""

from __future__ import annotations

import math
import re
import warnings
from functools import cache, partial
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analytics import conformance, discover, funnel
from journeykit.testing import synthetic_events

from ._shared import ACTIVITY, CASE, SPARK_PANDAS_WARNING, TIMESTAMP, event_logs

JOURNEY = "onboarding-future"
TYPO = "sales-manger"


@cache
def _typo_log() -> pd.DataFrame:
    """600 synthetic partners of the example; 148 of the sales managers' cases carry
    the typo, two cases no persona at all."""
    log = synthetic_events(jk.example(), JOURNEY, cases=600, seed=3)
    sales = sorted(log.loc[log["persona"] == "sales-manager", CASE].unique())
    assert len(sales) > 148
    log.loc[log[CASE].isin(sales[:148]), "persona"] = TYPO
    log.loc[log[CASE].isin(sales[148:150]), "persona"] = None
    return log


def typo_log() -> pd.DataFrame:
    return _typo_log().copy()


def engines(frame: pd.DataFrame) -> dict[str, Any]:
    import duckdb
    import polars as pl
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    return {"pandas": frame, "polars": pl.from_arrow(table), "duckdb": duckdb.connect().from_arrow(table)}


def typo_expected() -> list[dict[str, Any]]:
    """What the check must find, counted here with pandas."""
    log = typo_log()
    typo = log[log["persona"] == TYPO]
    return [{"persona": TYPO, "cases": 148, "events": len(typo), "suggestion": "sales-manager"}]


def analyses() -> dict[str, Any]:
    journey = jk.example().journey(JOURNEY)
    return {
        "funnel": partial(funnel, journey=journey),
        "discover": discover,
        "conformance": partial(conformance, journey=journey),
    }


# -- persona values against the programme ----------------------------------------------


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
@pytest.mark.parametrize("analysis", ["funnel", "discover", "conformance"])
def test_a_typo_persona_is_reported_with_its_counts_and_a_suggestion(engine: str, analysis: str) -> None:
    expected = typo_expected()
    events = expected[0]["events"]
    run = analyses()[analysis]
    message = rf"'{TYPO}' \(148 cases, {events} events; did you mean 'sales-manager'\?\)"
    with pytest.warns(jk.UnknownPersonaWarning, match=message) as caught:
        result = run(engines(typo_log())[engine], persona="persona", program=jk.example())
    assert len(caught) == 1
    assert caught[0].filename == __file__  # it points at the caller
    assert result.unknown_personas.to_dict("records") == expected
    assert "1 persona value is no persona of the programme" in str(result)


def test_the_warnings_are_journeykit_warnings() -> None:
    assert issubclass(jk.UnknownPersonaWarning, jk.JourneyKitWarning)
    assert issubclass(jk.JourneyKitWarning, UserWarning)
    assert jk.analytics.UnknownPersonaWarning is jk.UnknownPersonaWarning


@pytest.mark.parametrize("analysis", ["funnel", "discover", "conformance"])
def test_nothing_is_reported_when_nothing_is_unknown_or_nothing_is_checked(analysis: str) -> None:
    run = analyses()[analysis]
    known = typo_log()
    known["persona"] = known["persona"].replace(TYPO, "sales-manager")
    # pytest turns any warning into an error: none of these may warn.
    for result in (
        run(known, persona="persona", program=jk.example()),
        run(typo_log(), persona="persona"),  # no programme
        run(typo_log(), program=jk.example()),  # no persona column
    ):
        assert result.unknown_personas.empty
        assert list(result.unknown_personas.columns) == ["persona", "cases", "events", "suggestion"]
        assert "persona value" not in str(result)


def test_unknown_values_most_cases_first_with_or_without_a_suggestion() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    log = pd.DataFrame(
        {
            CASE: ["a", "a", "b", "c", "c", "d", "e"],
            ACTIVITY: ["x"] * 7,
            TIMESTAMP: [t + pd.Timedelta(minutes=m) for m in range(7)],
            "who": ["Sales-Manager", "zz", "zz", "Sales-Manager", "Sales-Manager", None, "sales-manager"],
        }
    )
    with pytest.warns(jk.UnknownPersonaWarning) as caught:
        result = discover(log, persona="who", program=jk.example())
    assert result.unknown_personas.to_dict("records") == [
        {"persona": "Sales-Manager", "cases": 2, "events": 3, "suggestion": "sales-manager"},
        {"persona": "zz", "cases": 2, "events": 2, "suggestion": None},
    ]
    text = str(caught[0].message)
    assert text.startswith(
        "persona column 'who' has 2 values that are no persona id of programme 'Partner portal'"
    )
    assert "'zz' (2 cases, 2 events)" in text
    assert "its persona ids are: 'marketing-manager', 'sales-manager', 'senior-executive'" in text


def test_values_are_compared_as_text_and_many_are_summed_up() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    program = jk.Program(name="Numbers", personas=[jk.Persona(id="7", name="Seven")])
    log = pd.DataFrame(
        {
            CASE: [f"c{i}" for i in range(13)],
            ACTIVITY: ["x"] * 13,
            TIMESTAMP: [t] * 13,
            "who": list(range(13)),
        }
    )
    with pytest.warns(
        jk.UnknownPersonaWarning, match=r"has 12 values .*: '0' \(1 case, 1 event\), .*\.\.\. 2 more;"
    ):
        result = discover(log, persona="who", program=program)
    assert "7" not in set(result.unknown_personas["persona"])
    assert len(result.unknown_personas) == 12


def test_program_must_be_a_program() -> None:
    with pytest.raises(jk.ArgumentError, match=r"program must be a Program, not a dict"):
        discover(typo_log(), persona="persona", program={"personas": []})  # type: ignore[arg-type]


# -- split by persona ----------------------------------------------------------------------


def shop() -> jk.Journey:
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
            jk.Stage(id="buy", name="Buy", steps=[jk.Step(id="buy", name="Buy")]),
        ],
    )


logs = partial(
    event_logs,
    cases=5,
    activities=["Visit", "Sign up", "Verify", "Buy", "Chat"],
    personas=["web", "shop", None],
)


def persona_of_cases(frame: pd.DataFrame) -> dict[Any, str | None]:
    """Each case's persona, worked out in plain Python: its first event in
    (timestamp, original row) order that has one."""
    events = sorted(range(len(frame)), key=lambda i: (frame[TIMESTAMP].iloc[i], i))
    found: dict[Any, str | None] = {}
    for i in events:
        case, value = frame[CASE].iloc[i], frame["persona"].iloc[i]
        if found.get(case) is None:
            found[case] = None if value is None or value != value else str(value)
    return found


def cases_of(frame: pd.DataFrame, value: str | None) -> pd.DataFrame:
    """The events of the cases of one persona, in their original order."""
    of = persona_of_cases(frame)
    return frame[[of[c] == value for c in frame[CASE]]].reset_index(drop=True)


def assert_stacked(result: Any, frames: tuple[str, ...]) -> None:
    """Each frame of a split result is its segments' frames, one after another."""
    for name in frames:
        whole = getattr(result, name)
        assert whole.columns[0] == "segment"
        for value in result.segments["segment"]:
            rows = whole[whole["segment"].isna() if value is None else whole["segment"] == value]
            part = getattr(result.for_segment(value), name)
            pd.testing.assert_frame_equal(rows.drop(columns="segment").reset_index(drop=True), part)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_discover_split_by_persona_is_discover_on_each_persona_s_cases(data: st.DataObject) -> None:
    frame = data.draw(logs())
    result = discover(frame, persona="persona", segment="persona")
    of = persona_of_cases(frame)
    assert result.segment == "persona"
    assert result.segments["segment"].tolist() == sorted(set(of.values()), key=lambda s: (s is None, s or ""))
    for value, cases, events in result.segments.itertuples(index=False):
        alone = discover(cases_of(frame, value))
        assert result.for_segment(value) == alone
        assert (cases, events) == (alone.cases, alone.events)
    assert result.cases == len(of)
    assert result.events == discover(frame).events
    assert_stacked(result, ("edges", "starts", "ends", "variants", "activities"))


@settings(max_examples=40, deadline=None)
@given(data=st.data(), repeats=st.booleans())
def test_conformance_split_by_persona_is_conformance_on_each_persona_s_cases(
    data: st.DataObject, repeats: bool
) -> None:
    frame = data.draw(logs())
    options: dict[str, Any] = {"steps": "name", "allow_repeats": repeats}
    result = conformance(frame, shop(), persona="persona", segment="persona", **options)
    whole = conformance(frame, shop(), **options)
    of = persona_of_cases(frame)
    assert result.segments["segment"].tolist() == sorted(set(of.values()), key=lambda s: (s is None, s or ""))
    for value, cases, fitness, fitting, takes in result.segments.itertuples(index=False):
        alone = conformance(cases_of(frame, value), shop(), **options)
        assert result.for_segment(value) == alone
        assert cases == len(alone.cases)
        assert (fitness, fitting) == pytest.approx((alone.fitness, alone.fitting), nan_ok=True)
        assert takes is pd.NA  # no programme: the design is not asked
    # The overall figures are those of the unsplit result, to the last bit.
    for mine, theirs in ((result.fitness, whole.fitness), (result.fitting, whole.fitting)):
        assert mine == theirs or (math.isnan(mine) and math.isnan(theirs))
    assert result.mapping == whole.mapping
    assert sorted(result.cases["case"]) == sorted(whole.cases["case"])
    assert_stacked(result, ("unobserved_steps", "transitions", "disallowed", "unknown", "cases"))


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_every_engine_splits_the_same(engine: str) -> None:
    journey = jk.example().journey(JOURNEY)
    frame = typo_log()
    options: dict[str, Any] = {"persona": "persona", "segment": "persona"}
    native = engines(frame)[engine]
    assert discover(native, **options, stage="stage") == discover(frame, **options, stage="stage")
    assert conformance(native, journey, **options) == conformance(frame, journey, **options)


@pytest.mark.slow
@pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)
def test_spark_reports_and_splits_the_same(spark: Any) -> None:
    import pyarrow as pa

    frame = typo_log()
    events = spark.createDataFrame(pa.Table.from_pandas(frame, preserve_index=False))
    journey = jk.example().journey(JOURNEY)
    options: dict[str, Any] = {"persona": "persona", "segment": "persona", "program": jk.example()}
    for run in (discover, partial(conformance, journey=journey), partial(funnel, journey=journey)):
        with pytest.warns(jk.UnknownPersonaWarning, match=TYPO):
            on_spark = run(events, **options)
        with pytest.warns(jk.UnknownPersonaWarning, match=TYPO):
            here = run(frame, **options)
        assert on_spark.unknown_personas.to_dict("records") == typo_expected()
        if run is discover:
            assert on_spark == here
        else:  # medians may differ in the last bits between engines
            assert on_spark.segments.equals(here.segments)


def test_a_split_result_draws_and_converts_one_persona_at_a_time() -> None:
    journey = jk.example().journey(JOURNEY)
    observed = discover(typo_log(), persona="persona", segment="persona")
    for call in (observed.to_journey, observed.to_dot, observed.activity_order):
        with pytest.raises(ValueError, match=r"split by persona; .* \.for_segment\(value\) first"):
            call()
    one = observed.for_segment("sales-manager")
    assert one.segment is None
    assert one.to_journey().steps
    assert "digraph" in one.to_dot().source
    fit = conformance(typo_log(), journey, persona="persona", segment="persona")
    assert "digraph" in jk.render.flow(journey, conformance=fit.for_segment("senior-executive")).source
    assert "by persona (5 segments)" in repr(fit)


def test_looking_up_a_segment() -> None:
    observed = discover(typo_log(), persona="persona", segment="persona")
    with pytest.raises(KeyError, match=r"no persona 'buyer'.*'marketing-manager'"):
        observed.for_segment("buyer")
    assert observed.for_segment(None).cases == 2
    with pytest.raises(KeyError, match="not split"):
        discover(typo_log()).for_segment("sales-manager")


@pytest.mark.parametrize("analysis", ["discover", "conformance"])
def test_split_options_are_checked(analysis: str) -> None:
    run = analyses()[analysis]
    with pytest.raises(ValueError, match=r"unknown segment: 'channel' .*only funnel splits by channel"):
        run(typo_log(), persona="channel", segment="channel")
    with pytest.raises(ValueError, match=r"unknown segment: 'stage' \(must be 'persona' or None\)"):
        run(typo_log(), persona="persona", segment="stage")
    with pytest.raises(ValueError, match=r"segment='persona' needs .* persona="):
        run(typo_log(), segment="persona")


def test_unsplit_results_have_one_segment() -> None:
    observed = discover(typo_log())
    assert observed.segment is None
    assert observed.segments.to_dict("records") == [
        {"segment": None, "cases": 600, "events": observed.events}
    ]
    fit = conformance(typo_log(), jk.example().journey(JOURNEY))
    record = fit.segments.to_dict("records")[0]
    assert (record["segment"], record["cases"], record["fitness"]) == (None, 600, fit.fitness)
    assert pd.isna(record["takes_journey"])


def test_an_empty_log_split_by_persona() -> None:
    empty = typo_log().iloc[:0]
    observed = discover(empty, persona="persona", segment="persona")
    assert (observed.cases, len(observed.segments)) == (0, 0)
    assert list(observed.edges.columns) == [
        "segment",
        "source",
        "target",
        "count",
        "mean",
        "median",
        "min",
        "max",
    ]
    fit = conformance(empty, shop(), persona="persona", segment="persona")
    assert fit.segments.empty
    assert list(fit.cases.columns)[:2] == ["segment", "case"]
    assert math.isnan(fit.fitness)


# -- the design's personas against their people --------------------------------------------


def test_each_persona_s_cases_against_the_journey_it_takes() -> None:
    journey = jk.example().journey(JOURNEY)
    log = typo_log()
    log = log[log["persona"] != "marketing-manager"]  # a designed persona nobody in the log is
    with pytest.warns(jk.UnknownPersonaWarning, match=TYPO):
        fit = conformance(log, journey, persona="persona", segment="persona", program=jk.example())
    of = persona_of_cases(log.reset_index(drop=True))
    summary = fit.segments.set_index("segment", drop=False)
    assert fit.segments["segment"].tolist() == [
        "marketing-manager",
        "sales-manager",
        TYPO,
        "senior-executive",
        None,
    ]
    assert summary["takes_journey"].tolist() == [True, True, False, True, pd.NA]
    for value, cases in summary["cases"].items():
        assert cases == sum(v == value for v in of.values())
    assert summary.loc["marketing-manager", "cases"] == 0
    absent = fit.for_segment("marketing-manager")
    assert math.isnan(absent.fitness)
    assert absent.unobserved_steps["step"].tolist() == [step.id for step in journey.steps]
    text = str(fit)
    assert "persona marketing-manager: 0 cases, fitness -, - fitting, takes the journey in the design" in text
    assert f"persona {TYPO}: 148 cases, fitness 1, 100% fitting, not in the design of the journey" in text


def test_a_persona_takes_a_journey_through_the_journey_or_any_step() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    journey = jk.Journey(
        id="j",
        name="J",
        personas=["lead"],
        stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="x", name="X", personas=["helper"])])],
    )
    program = jk.Program(
        name="P",
        personas=[jk.Persona(id=p, name=p.title()) for p in ("lead", "helper", "other")],
        journeys=[journey],
    )
    log = pd.DataFrame({CASE: ["a", "b", "c"], ACTIVITY: ["X"] * 3, TIMESTAMP: [t] * 3, "who": ["other"] * 3})
    fit = conformance(log, journey, persona="who", segment="persona", program=program)
    takes = dict(zip(fit.segments["segment"], fit.segments["takes_journey"], strict=True))
    assert takes == {"helper": True, "lead": True, "other": False}
    assert fit.segments["cases"].tolist() == [0, 0, 3]


# -- printing user text ---------------------------------------------------------------------


def test_persona_values_are_escaped_where_they_are_shown() -> None:
    t = pd.Timestamp("2024-01-01", tz="UTC")
    log = pd.DataFrame(
        {
            CASE: ["a", "a", "b", "b"],
            ACTIVITY: ["Visit", "Buy", "Visit", "Buy"],
            TIMESTAMP: [t, t + pd.Timedelta(minutes=1), t, t + pd.Timedelta(minutes=2)],
            "who": ["<script>", None, "two\nlines\x1b[31m", None],
        }
    )
    observed = discover(log, persona="who", segment="persona")
    fit = conformance(log, shop(), persona="who", segment="persona")
    for result in (observed, fit):
        html = result._repr_html_()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        text = str(result)
        assert "\x1b" not in text
        assert "persona two lines [31m:" in text
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        discover(log, persona="who", program=jk.example())
    message = str(caught[0].message)
    assert "'two\\nlines\\x1b[31m'" in message
    assert not re.search(r"[\n\x1b]", message)
