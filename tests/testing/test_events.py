"""synthetic_events: event logs that walk a designed journey."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pandas as pd
import pytest

import journeykit as jk
from journeykit.analytics import discover
from journeykit.testing import synthetic_events, synthetic_program
from journeykit.testing._events import DROP_OFF

CASE, ACTIVITY, TIMESTAMP = "case:concept:name", "concept:name", "time:timestamp"
COLUMNS = [CASE, ACTIVITY, TIMESTAMP, "stage", "persona", "channel"]


def by_case(log: pd.DataFrame) -> dict[str, list[Any]]:
    """Each case's events as (step, stage, timestamp, persona, channel), in time order."""
    cases: dict[str, list[Any]] = {}
    for row in log.itertuples(index=False):
        cases.setdefault(row[0], []).append((row[1], row[3], row[2], row[4], row[5]))
    return cases


def test_the_log_has_the_xes_columns_and_is_sorted_by_time(portal: jk.Program) -> None:
    log = synthetic_events(portal, "onboarding-future", cases=50)
    assert list(log.columns) == COLUMNS
    assert log[TIMESTAMP].dt.tz is not None
    assert log[TIMESTAMP].is_monotonic_increasing
    assert log[CASE].nunique() == 50
    assert sorted(log[CASE].unique())[:2] == ["case-01", "case-02"]
    assert not log[[CASE, ACTIVITY, TIMESTAMP, "stage"]].isna().any().any()


def test_the_same_arguments_give_the_same_log(portal: jk.Program) -> None:
    first = synthetic_events(portal, "deal-registration-future", cases=100, seed=3)
    pd.testing.assert_frame_equal(
        first, synthetic_events(portal, "deal-registration-future", cases=100, seed=3)
    )
    assert not first.equals(synthetic_events(portal, "deal-registration-future", cases=100, seed=4))


def test_cases_walk_only_the_designed_transitions(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    stage_of = {step.id: stage.id for stage in journey.stages for step in stage.steps}
    channels = {t.id: t.channel for t in portal.touchpoints}
    log = synthetic_events(portal, journey.id, cases=300, seed=1)
    for events in by_case(log).values():
        assert events[0][0] == journey.steps[0].id
        assert len({e[3] for e in events}) == 1
        assert events[0][3] in journey.personas
        for step, stage, _, _, channel in events:
            assert stage == stage_of[step]
            assert channel in {channels[t] for t in journey.step(step).touchpoints}
        for before, after in itertools.pairwise(events):
            assert after[0] in journey.successors(before[0])
            assert after[2] > before[2]


def test_loops_and_branches_are_taken(portal: jk.Program) -> None:
    # wait-for-approval goes on to sign-agreement, or back to apply
    log = synthetic_events(portal, "onboarding-future", cases=500, seed=2)
    pairs = Counter(
        (a, b) for events in by_case(log).values() for (a, *_), (b, *_) in itertools.pairwise(events)
    )
    assert pairs[("wait-for-approval", "sign-agreement")] > pairs[("wait-for-approval", "apply")] > 0


def test_without_drop_off_every_case_reaches_an_end(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    log = synthetic_events(portal, journey.id, cases=200, drop_off=0, max_events=1000)
    for events in by_case(log).values():
        assert journey.successors(events[-1][0]) == ()


def test_unhappy_steps_lose_more_cases() -> None:
    def journey(emotions: list[int]) -> jk.Program:
        steps = [{"id": f"s{i}", "name": f"S{i}", "emotion": e} for i, e in enumerate(emotions)]
        return jk.Program.model_validate(
            {
                "name": "P",
                "journeys": [{"id": "j", "name": "J", "stages": [{"id": "a", "name": "A", "steps": steps}]}],
            }
        )

    def reached_second(emotion: int) -> int:
        log = synthetic_events(journey([emotion, 3]), "j", cases=4000, seed=9)
        return int((log[ACTIVITY] == "s1").sum())

    assert reached_second(1) < reached_second(3) < reached_second(5)
    assert abs(reached_second(1) / 4000 - (1 - DROP_OFF[1])) < 0.03


def test_drop_off_scales_the_chances(portal: jk.Program) -> None:
    def events(drop_off: float) -> int:
        return len(synthetic_events(portal, "onboarding-future", cases=300, drop_off=drop_off))

    assert events(2) < events(1) < events(0)
    assert len(synthetic_events(portal, "onboarding-future", cases=50, drop_off=100)) == 50


def test_max_events_cuts_long_cases(portal: jk.Program) -> None:
    log = synthetic_events(portal, "onboarding-future", cases=100, max_events=3, drop_off=0)
    assert log.groupby(CASE).size().max() == 3


def test_cases_start_within_the_spread(portal: jk.Program) -> None:
    log = synthetic_events(portal, "onboarding-future", cases=200, start="2023-06-01T12:00", spread_days=10)
    firsts = log.groupby(CASE)[TIMESTAMP].min()
    assert firsts.min() >= pd.Timestamp("2023-06-01T12:00", tz="UTC")
    assert firsts.max() < pd.Timestamp("2023-06-11T12:00", tz="UTC")


def test_a_journey_without_personas_or_touchpoints() -> None:
    steps = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    program = jk.Program.model_validate(
        {
            "name": "P",
            "journeys": [{"id": "j", "name": "J", "stages": [{"id": "s", "name": "S", "steps": steps}]}],
        }
    )
    log = synthetic_events(program, "j", cases=20, drop_off=0)
    assert log["persona"].isna().all()
    assert log["channel"].isna().all()
    assert set(log.groupby(CASE)[ACTIVITY].agg(tuple)) == {("a", "b")}


def test_the_synthetic_programme_gives_logs_too() -> None:
    program = synthetic_program(journeys=2, steps_per_journey=6)
    log = synthetic_events(program, "journey-1", cases=30)
    assert set(log["persona"]) <= {p.id for p in program.personas}
    assert log["channel"].notna().all()


def test_no_cases_is_an_empty_log_with_the_columns(portal: jk.Program) -> None:
    log = synthetic_events(portal, "onboarding-future", cases=0)
    assert list(log.columns) == COLUMNS
    assert len(log) == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"cases": -1}, "cases"),
        ({"cases": True}, "cases"),
        ({"drop_off": -0.5}, "drop_off"),
        ({"drop_off": float("nan")}, "drop_off"),
        ({"spread_days": -1}, "spread_days"),
        ({"max_events": 0}, "max_events"),
    ],
)
def test_bad_options_are_refused(portal: jk.Program, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        synthetic_events(portal, "onboarding-future", **options)


def test_an_unknown_journey_is_a_key_error(portal: jk.Program) -> None:
    with pytest.raises(KeyError, match="'onboarding'"):
        synthetic_events(portal, "onboarding")


def test_discover_finds_the_designed_journey_again(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    observed = discover(synthetic_events(portal, journey.id, cases=500), stage="stage")
    designed = {(step.id, nxt) for step in journey.steps for nxt in journey.successors(step.id)}
    assert set(zip(observed.edges["source"], observed.edges["target"], strict=True)) <= designed
    assert observed.stages == {step.id: stage.id for stage in journey.stages for step in stage.steps}
