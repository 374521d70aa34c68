"""measure: metric values from events, checked against a plain-Python oracle and across engines."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Mapping
from functools import partial
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit.analytics import EventLogError
from journeykit.analytics.measure import DECIMALS, Measurements, MetricValue, measure
from journeykit.program import TIME_UNITS
from journeykit.testing import synthetic_events

from ._shared import ACTIVITY, CASE, SPARK_PANDAS_WARNING, TIMESTAMP, event_logs

T0 = pd.Timestamp("2024-01-01", tz="UTC")


# -- a programme with every kind of metric -------------------------------------------


def _metric(ident: str, unit: str | None, observe: dict[str, Any] | None, **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": ident, "name": ident.replace("-", " "), "unit": unit, **more}
    if observe is not None:
        data["observe"] = observe
    return data


def shop(metrics: list[dict[str, Any]] | None = None) -> jk.Program:
    """A shop journey with a branch, a loop and low-emotion steps, and its metrics."""
    steps = [
        ("browse", "visit", 4, None),
        ("search", "visit", 2, ["browse", "cart"]),  # a loop back to browse
        ("cart", "buy", 3, None),
        ("pay", "buy", 1, ["confirm", "cart"]),  # a failed payment goes back to the cart
        ("confirm", "buy", 5, None),
        ("review", "after", 3, []),
    ]
    stages: dict[str, list[dict[str, Any]]] = {}
    for ident, stage, emotion, nxt in steps:
        step: dict[str, Any] = {
            "id": ident,
            "name": ident.title(),
            "emotion": emotion,
            "touchpoints": ["web"],
        }
        if nxt is not None:
            step["next"] = nxt
        stages.setdefault(stage, []).append(step)
    if metrics is None:
        metrics = EVERY_KIND
    return jk.Program.model_validate(
        {
            "name": "Shop",
            "personas": [{"id": "buyer", "name": "Buyer"}, {"id": "reseller", "name": "Reseller"}],
            "touchpoints": [{"id": "web", "name": "Web shop", "channel": "web"}],
            "journeys": [
                {
                    "id": "shop",
                    "name": "Shop",
                    "personas": ["buyer", "reseller"],
                    "stages": [{"id": s, "name": s.title(), "steps": v} for s, v in stages.items()],
                }
            ],
            "metrics": metrics,
        }
    )


EVERY_KIND = [
    _metric("to-cart", "%", {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"}),
    _metric(
        "buy-share", None, {"kind": "conversion", "start": "stage:shop/visit", "end": "step:shop/confirm"}
    ),
    _metric(
        "buy-in-2-days",
        "%",
        {"kind": "conversion", "start": "step:shop/cart", "end": "stage:shop/after", "within": 2},
    ),
    _metric(
        "cart-in-5-hours",
        "%",
        {
            "kind": "conversion",
            "start": "step:shop/search",
            "end": "step:shop/cart",
            "within": 5,
            "within_unit": "hours",
        },
    ),
    _metric(
        "hours-to-pay", "hours", {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/pay"}
    ),
    _metric(
        "mean-days-to-review",
        "days",
        {"kind": "duration", "start": "stage:shop/visit", "end": "stage:shop/after", "statistic": "mean"},
    ),
    _metric(
        "p90-minutes-cart-to-pay",
        "min",
        {"kind": "duration", "start": "step:shop/cart", "end": "step:shop/pay", "statistic": "p90"},
    ),
    _metric(
        "p95-weeks-to-confirm",
        "weeks",
        {"kind": "duration", "start": "step:shop/search", "end": "step:shop/confirm", "statistic": "p95"},
    ),
    _metric("reviews", "cases", {"kind": "count", "end": "step:shop/review"}),
    _metric("payments", "events", {"kind": "count", "end": "step:shop/pay", "counting": "events"}),
    _metric(
        "payments-per-case", None, {"kind": "count", "end": "step:shop/pay", "counting": "events_per_case"}
    ),
    _metric(
        "searches-after-cart",
        None,
        {"kind": "count", "start": "step:shop/cart", "end": "step:shop/search", "counting": "events"},
    ),
    _metric(
        "payments-per-cart",
        None,
        {"kind": "count", "start": "step:shop/cart", "end": "stage:shop/buy", "counting": "events_per_case"},
    ),
    _metric("buyers", None, {"kind": "count", "start": "stage:shop/buy", "end": "step:shop/confirm"}),
    _metric("satisfaction", "%", None, target=80),
]


# -- the oracle: the definitions, written again in plain Python ------------------------


def oracle(
    frame: pd.DataFrame, program: jk.Program, steps: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """metric id -> (value, cases), or None for a metric without observe."""
    cases: dict[Any, list[tuple[Any, int, str]]] = {}
    for row, (case, act, time) in enumerate(zip(frame[CASE], frame[ACTIVITY], frame[TIMESTAMP], strict=True)):
        if pd.isna(case) or pd.isna(act) or pd.isna(time):
            continue
        step = (steps.get(str(act)) if steps is not None else str(act)) or ""
        cases.setdefault(case, []).append((time, row, step))
    for events in cases.values():
        events.sort(key=lambda e: (e[0], e[1]))

    def steps_of(ref: str) -> set[str]:
        kind, _, ident = ref.partition(":")
        journey_id, _, local = ident.partition("/")
        journey = program.journey(journey_id)
        if kind == "step":
            return {local}
        return {s.id for stage in journey.stages if stage.id == local for s in stage.steps}

    result: dict[str, Any] = {}
    for metric in program.metrics:
        o = metric.observe
        if o is None:
            result[metric.id] = None
            continue
        end = steps_of(o.end)
        # per case that reaches the start: (start time, first end time at or after, end events after)
        reached = []
        for events in cases.values():
            if o.start is None:
                first = 0
            else:
                start = steps_of(o.start)
                hits = [i for i, e in enumerate(events) if e[2] in start]
                if not hits:
                    continue
                first = hits[0]
            later = [e for e in events[first:] if e[2] in end]
            reached.append((events[first][0], later[0][0] if later else None, len(later)))
        result[metric.id] = _value(metric, reached)
    return result


def _value(metric: jk.Metric, reached: list[tuple[Any, Any, int]]) -> tuple[float | None, int]:
    o = metric.observe
    assert o is not None
    if not reached:
        return None, 0
    if o.kind == "conversion":
        limit = None
        if o.within is not None:
            limit = dt.timedelta(seconds=o.within * TIME_UNITS[o.within_unit or "days"])
        ok = [s for s, e, _ in reached if e is not None and (limit is None or e - s <= limit)]
        share = len(ok) / len(reached)
        return (share * 100 if metric.unit == "%" else share), len(reached)
    if o.kind == "duration":
        unit = TIME_UNITS[(metric.unit or "").lower()]
        seconds = sorted((e - s).total_seconds() / unit for s, e, _ in reached if e is not None)
        if not seconds:
            return None, 0
        stat = o.statistic or "median"
        if stat == "mean":
            return statistics.fmean(seconds), len(seconds)
        if stat == "median":
            return statistics.median(seconds), len(seconds)
        if len(seconds) == 1:
            return seconds[0], 1
        percentiles = statistics.quantiles(seconds, n=100, method="inclusive")  # linear, "type 7"
        return percentiles[int(stat[1:]) - 1], len(seconds)
    counting = o.counting or "cases"
    with_end = [n for _, e, n in reached if e is not None]
    if counting == "cases":
        return float(len(with_end)), len(reached)
    if counting == "events":
        return float(sum(with_end)), len(reached)
    return sum(with_end) / len(reached), len(reached)


def assert_matches_oracle(result: Measurements, expected: dict[str, Any]) -> None:
    assert [r.metric for r in result] == list(expected)
    for row in result:
        want = expected[row.metric]
        if want is None:
            assert row.status == "not computable"
            assert row.value is None
            continue
        value, cases = want
        assert row.cases == cases, row.metric
        if value is None:
            assert row.status == "no data", row.metric
            assert row.value is None
        else:
            assert row.value is not None, row.metric
            assert row.value == pytest.approx(value, abs=10**-DECIMALS), row.metric


# -- against the oracle ---------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_kind_agrees_with_a_plain_python_oracle(seed: int) -> None:
    program = shop()
    log = synthetic_events(program, "shop", cases=400, seed=seed, spread_days=3)
    result = measure(log, program)
    assert_matches_oracle(result, oracle(log, program))
    statuses = {r.metric: r.status for r in result}
    assert statuses["satisfaction"] == "not computable"
    assert all(s == "no target" for m, s in statuses.items() if m != "satisfaction")
    # the log exercises what the definitions are about
    assert 0 < result.row("buy-in-2-days").value < 100  # type: ignore[operator]
    payments = log[log[ACTIVITY] == "pay"].groupby(CASE).size()
    assert (payments > 1).any()  # loops: some cases pay more than once


#: Small logs of the shop with many ties: few cases, few distinct hours, any order.
logs = partial(
    event_logs,
    cases=4,
    activities=["browse", "search", "cart", "pay", "confirm", "review", "other"],
    moments=61,
    unit=dt.timedelta(hours=1),
)


@settings(max_examples=80, deadline=None)
@given(log=logs())
def test_random_logs_with_ties_agree_with_the_oracle(log: pd.DataFrame) -> None:
    program = shop()
    assert_matches_oracle(measure(log, program), oracle(log, program))


# -- engines --------------------------------------------------------------------------


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


@pytest.fixture(scope="module")
def shop_log() -> pd.DataFrame:
    return synthetic_events(shop(), "shop", cases=300, seed=7, spread_days=2)


@pytest.mark.parametrize("engine", ["pyarrow", "polars", "polars-lazy", "duckdb"])
def test_every_engine_gives_the_same_result(shop_log: pd.DataFrame, engine: str) -> None:
    program = shop()
    assert measure(engines(shop_log)[engine], program) == measure(shop_log, program)


@pytest.mark.slow
@pytest.mark.filterwarnings(SPARK_PANDAS_WARNING)
def test_spark_gives_the_same_result(spark: Any, shop_log: pd.DataFrame) -> None:
    import pyarrow as pa

    program = shop()
    events = spark.createDataFrame(pa.Table.from_pandas(shop_log, preserve_index=False))
    assert measure(events, program) == measure(shop_log, program)


# -- the definitions, case by case -----------------------------------------------------


def log_of(*events: tuple[str, str, float]) -> pd.DataFrame:
    """(case, activity, hours after T0) -> an event table, in the order given."""
    return pd.DataFrame(
        {
            CASE: pd.Series([e[0] for e in events], dtype="str"),
            ACTIVITY: pd.Series([e[1] for e in events], dtype="str"),
            TIMESTAMP: pd.Series(
                [T0 + pd.Timedelta(hours=e[2]) for e in events], dtype="datetime64[us, UTC]"
            ),
        }
    )


def one(metric: dict[str, Any], log: pd.DataFrame, **options: Any) -> MetricValue:
    return measure(log, shop([metric]), **options)[0]


@pytest.mark.parametrize(
    ("direction", "target", "status"),
    [
        ("at_most", 3, "pass"),
        ("at_most", 2.9999, "fail"),
        ("at_least", 3, "pass"),
        ("at_least", 3.0001, "fail"),
        ("at_most", 4, "pass"),
        ("at_least", 2, "pass"),
    ],
)
def test_pass_and_fail_follow_the_direction(direction: str, target: float, status: str) -> None:
    metric = _metric(
        "h",
        "hours",
        {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"},
        target=target,
        direction=direction,
    )
    row = one(metric, log_of(("a", "browse", 0), ("a", "cart", 3)))
    assert (row.value, row.status) == (3.0, status)


def test_no_case_reaching_the_start_is_no_data() -> None:
    log = log_of(("a", "cart", 0), ("a", "pay", 1))
    for observe in (
        {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"},
        {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"},
        {"kind": "count", "start": "step:shop/browse", "end": "step:shop/cart"},
    ):
        row = one(_metric("m", None if observe["kind"] != "duration" else "h", observe, target=1), log)
        assert (row.status, row.value, row.cases) == ("no data", None, 0)
        assert row.reason == "no case reaches step:shop/browse"


def test_a_duration_nobody_finishes_is_no_data() -> None:
    row = one(
        _metric(
            "m", "h", {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"}, target=1
        ),
        log_of(("a", "browse", 0), ("a", "search", 1)),
    )
    assert (row.status, row.cases, row.reason) == ("no data", 0, "no case goes on to step:shop/cart")


def test_an_empty_log_gives_no_data_and_keeps_the_other_rows() -> None:
    result = measure(log_of(), shop())
    assert {r.status for r in result} == {"no data", "not computable"}
    assert result.row("reviews").reason == "the event table has no cases"


def test_metrics_without_observe_are_not_computable_with_a_reason(portal: jk.Program) -> None:
    result = measure(log_of(("a", "apply", 0)), portal)
    assert [r.metric for r in result] == [m.id for m in portal.metrics]
    for row, metric in zip(result, portal.metrics, strict=True):
        assert (row.status == "not computable") == (metric.observe is None)
        assert (row.name, row.unit, row.target, row.direction) == (
            metric.name,
            metric.unit,
            metric.target,
            metric.direction,
        )
    assert "observe" in result.row("deal-conflicts").reason


def test_a_value_without_target_has_status_no_target() -> None:
    row = one(
        _metric("m", "%", {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"}),
        log_of(("a", "browse", 0), ("a", "cart", 1)),
    )
    assert (row.value, row.status) == (100.0, "no target")


def test_conversion_is_a_percentage_or_a_share() -> None:
    log = log_of(
        ("a", "browse", 0), ("a", "cart", 1), ("b", "browse", 0), ("c", "browse", 0), ("c", "cart", 9)
    )
    observe = {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"}
    assert one(_metric("m", "%", observe), log).value == 66.6667
    assert one(_metric("m", None, observe), log).value == 0.6667
    assert one(_metric("m", "share", observe), log).value == 0.6667
    within = {**observe, "within": 2, "within_unit": "hours"}
    assert one(_metric("m", "%", within), log).value == 33.3333  # c needed 9 hours
    assert one(_metric("m", "%", {**observe, "within": 1, "within_unit": "h"}), log).value == 33.3333
    assert one(_metric("m", "%", {**observe, "within": 0.5}), log).value == 66.6667  # half a day


def test_the_end_counts_only_at_or_after_the_first_start() -> None:
    # a carts before browsing, then browses twice and carts later: 2 hours from the first browse
    log = log_of(("a", "cart", 0), ("a", "browse", 1), ("a", "browse", 2), ("a", "cart", 3), ("b", "cart", 0))
    observe = {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"}
    row = one(_metric("m", "hours", observe), log)
    assert (row.value, row.cases) == (2.0, 1)


def test_ties_follow_the_original_row_order() -> None:
    observe = {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"}
    same_time = log_of(("a", "browse", 1), ("a", "cart", 1))
    assert one(_metric("m", "%", observe), same_time).value == 100.0
    assert one(_metric("m", "%", observe), same_time.iloc[::-1].reset_index(drop=True)).value == 0.0


def test_a_stage_is_reached_when_any_of_its_steps_is() -> None:
    log = log_of(("a", "search", 0), ("a", "pay", 5), ("b", "browse", 0), ("b", "confirm", 1))
    observe = {"kind": "duration", "start": "stage:shop/visit", "end": "stage:shop/buy", "statistic": "mean"}
    row = one(_metric("m", "hours", observe), log)
    assert (row.value, row.cases) == (3.0, 2)


def test_an_event_that_is_both_start_and_end_converts_at_once() -> None:
    observe = {"kind": "duration", "start": "stage:shop/buy", "end": "step:shop/pay"}
    row = one(_metric("m", "hours", observe), log_of(("a", "pay", 0), ("a", "pay", 4)))
    assert (row.value, row.cases) == (0.0, 1)


@pytest.mark.parametrize(
    ("statistic", "expected"),
    [("median", 2.5), ("mean", 4.0), ("p90", 7.9), ("p95", 8.95), (None, 2.5)],
)
def test_duration_statistics(statistic: str | None, expected: float) -> None:
    hours = [1, 2, 3, 10]
    log = log_of(*(e for i, h in enumerate(hours) for e in ((f"c{i}", "browse", 0), (f"c{i}", "cart", h))))
    observe: dict[str, Any] = {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"}
    if statistic is not None:
        observe["statistic"] = statistic
    row = one(_metric("m", "hours", observe), log)
    assert (row.value, row.cases) == (expected, 4)


@pytest.mark.parametrize(
    ("unit", "factor"), [("seconds", 3600), ("minutes", 60), ("días", 1 / 24), ("W", 1 / 168)]
)
def test_durations_are_reported_in_the_metric_unit(unit: str, factor: float) -> None:
    log = log_of(("a", "browse", 0), ("a", "cart", 12))
    row = one(
        _metric("m", unit, {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"}), log
    )
    assert row.value == round(12 * factor, DECIMALS)


@pytest.mark.parametrize(
    ("start", "counting", "value", "cases"),
    [
        (None, None, 2.0, 3),  # cases with a payment
        (None, "events", 4.0, 3),
        (None, "events_per_case", 1.3333, 3),
        ("step:shop/cart", None, 1.0, 2),  # b paid only before its cart
        ("step:shop/cart", "events", 2.0, 2),
        ("step:shop/cart", "events_per_case", 1.0, 2),
    ],
)
def test_counts(start: str | None, counting: str | None, value: float, cases: int) -> None:
    log = log_of(
        ("a", "cart", 0), ("a", "pay", 1), ("a", "pay", 2),
        ("b", "pay", 0), ("b", "pay", 1), ("b", "cart", 2),
        ("c", "browse", 0),
    )  # fmt: skip
    observe: dict[str, Any] = {"kind": "count", "end": "step:shop/pay"}
    if start is not None:
        observe["start"] = start
    if counting is not None:
        observe["counting"] = counting
    row = one(_metric("m", None, observe), log)
    assert (row.value, row.cases) == (value, cases)


def test_steps_maps_activities_to_step_ids() -> None:
    log = log_of(("a", "Home page", 0), ("a", "Add to cart", 2), ("b", "Home page", 0), ("b", "Search", 1))
    observe = {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"}
    mapping = {"Home page": "browse", "Add to cart": "cart", "Basket": "cart"}
    row = one(_metric("m", "%", observe), log, steps=mapping)
    assert (row.value, row.cases) == (50.0, 2)
    # without the mapping, no activity is a step id
    assert one(_metric("m", "%", observe), log).status == "no data"
    # activities the mapping leaves out reach no step, even when they are step ids
    assert (
        one(_metric("m", "%", observe), log_of(("a", "browse", 0)), steps={"x": "cart"}).status == "no data"
    )


def test_steps_refuses_unknown_step_ids() -> None:
    with pytest.raises(ValueError, match="'chekout'"):
        measure(log_of(("a", "browse", 0)), shop(), steps={"Checkout": "chekout", "Home": "browse"})


def test_other_column_names_and_missing_columns() -> None:
    log = log_of(("a", "browse", 0), ("a", "cart", 1)).rename(
        columns={CASE: "session", ACTIVITY: "event", TIMESTAMP: "at"}
    )
    observe = {"kind": "conversion", "start": "step:shop/browse", "end": "step:shop/cart"}
    row = measure(log, shop([_metric("m", "%", observe)]), case="session", activity="event", timestamp="at")[
        0
    ]
    assert row.value == 100.0
    with pytest.raises(EventLogError, match="'case:concept:name'"):
        measure(log, shop())


def test_the_callers_frame_is_not_changed(shop_log: pd.DataFrame) -> None:
    import polars as pl

    before = shop_log.copy()
    measure(shop_log, shop())
    pd.testing.assert_frame_equal(shop_log, before)
    polars_frame = pl.from_pandas(shop_log[[CASE, ACTIVITY, TIMESTAMP]])
    measure(polars_frame, shop())
    assert polars_frame.columns == [CASE, ACTIVITY, TIMESTAMP]


def test_shuffling_cases_changes_nothing(shop_log: pd.DataFrame) -> None:
    shuffled = shop_log.sample(frac=1, random_state=3).reset_index(drop=True)
    # no two events of a case share a timestamp in synthetic logs, so any shuffle keeps the order
    assert measure(shuffled, shop()) == measure(shop_log, shop())


# -- the example ----------------------------------------------------------------------


def test_the_example_metrics_on_synthetic_events_of_the_example(portal: jk.Program) -> None:
    onboarding = synthetic_events(portal, "onboarding-future", cases=500, seed=3)
    deals = synthetic_events(portal, "deal-registration-future", cases=500, seed=4)
    deals[CASE] = "deal-" + deals[CASE]
    log = pd.concat([onboarding, deals], ignore_index=True)
    result = measure(log, portal)
    assert_matches_oracle(result, oracle(log, portal))
    computed = {r.metric for r in result if r.status in ("pass", "fail")}
    assert computed == {m.id for m in portal.metrics if m.observe is not None}
    assert len(computed) >= 4
    for row in result:
        if row.status in ("pass", "fail"):
            assert row.value is not None
            assert row.target is not None
            met = row.value >= row.target if row.direction == "at_least" else row.value <= row.target
            assert (row.status == "pass") == met
            assert row.cases > 100
    # a log of only one journey leaves the other journey's metrics without data
    only_onboarding = measure(onboarding, portal)
    assert only_onboarding.row("deal-decision-hours").status == "no data"
    assert only_onboarding.row("time-to-first-deal").status in ("pass", "fail")


def test_the_spanish_example_measures_the_same(portal: jk.Program) -> None:
    log = synthetic_events(portal, "onboarding-future", cases=200, seed=5)
    english = measure(log, portal)
    spanish = measure(log, jk.example(language="es"))
    assert [(r.metric, r.value, r.status, r.cases) for r in spanish] == [
        (r.metric, r.value, r.status, r.cases) for r in english
    ]


# -- the result -----------------------------------------------------------------------


def test_the_result_prints_converts_and_displays(shop_log: pd.DataFrame) -> None:
    result = measure(shop_log, shop())
    assert len(result) == len(EVERY_KIND)
    text = str(result)
    assert text.splitlines()[0] == "Metrics of Shop"
    assert "not computable" in text
    frame = result.to_frame()
    assert list(frame.columns) == [
        "metric", "name", "value", "unit", "target", "direction", "status", "cases", "kind", "reason",
    ]  # fmt: skip
    assert frame["metric"].tolist() == [m["id"] for m in EVERY_KIND]
    assert "<table>" in result._repr_html_()
    assert result.failed() == []
    with pytest.raises(KeyError, match="'nope'"):
        result.row("nope")
    empty = measure(shop_log, shop([]))
    assert len(empty) == 0
    assert "metric" in empty.to_csv()


def test_values_are_rounded_and_finite(shop_log: pd.DataFrame) -> None:
    for row in measure(shop_log, shop()):
        if row.value is not None:
            assert math.isfinite(row.value)
            assert row.value == round(row.value, DECIMALS)


def test_failed_lists_the_misses() -> None:
    metrics = [
        _metric("fast", "h", {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"},
                target=1, direction="at_most"),
        _metric("slow", "h", {"kind": "duration", "start": "step:shop/browse", "end": "step:shop/cart"},
                target=10, direction="at_most"),
    ]  # fmt: skip
    result = measure(log_of(("a", "browse", 0), ("a", "cart", 5)), shop(metrics))
    assert [r.metric for r in result.failed()] == ["fast"]
