from __future__ import annotations

import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit.testing import programs

from .test_derive import _oracle


@settings(max_examples=60, deadline=None)
@given(programs(max_journeys=3, max_steps=3, max_requirements=5))
def test_a_step_is_hit_exactly_when_it_needs_the_requirement(program: jk.Program) -> None:
    steps = [f"{j.id}/{s.id}" for j in program.journeys for s in j.steps]
    needs = {
        step: {r for r, origins in _oracle(program, [step]).items() if step in origins} for step in steps
    }
    for requirement in program.requirements:
        impact = jk.impact_of(program, requirement.id)
        assert set(impact.steps) == {step for step in steps if requirement.id in needs[step]}
        assert requirement.id not in impact.dependents


def test_metrics_and_use_cases_on_the_example(portal: jk.Program) -> None:
    impact = jk.impact_of(portal, "deal-conflict-check")
    assert impact.dependents == ("approval-workflow",)
    assert impact.journeys == ("onboarding-future", "deal-registration-future")
    assert "online-deal-registration" in impact.use_cases
    assert "deal-conflicts" in impact.metrics


def test_an_unknown_requirement_is_an_error(portal: jk.Program) -> None:
    with pytest.raises(jk.UnknownReferenceError, match="did you mean 'partner-sso'"):
        jk.impact_of(portal, "partner-ssso")
