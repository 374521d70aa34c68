from __future__ import annotations

import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit.testing import programs, synthetic_program


@settings(max_examples=40, deadline=None)
@given(programs())
def test_generated_programmes_are_valid_and_validate_again(program: jk.Program) -> None:
    assert jk.Program.model_validate(program.model_dump()) == program


@pytest.mark.parametrize(
    ("journeys", "steps", "actions", "requirements"), [(1, 1, 0, 0), (4, 10, 3, 50), (10, 7, 2, 5)]
)
def test_synthetic_programme_has_the_size_asked_for(
    journeys: int, steps: int, actions: int, requirements: int
) -> None:
    program = synthetic_program(
        journeys=journeys, steps_per_journey=steps, actions_per_step=actions, requirements=requirements
    )
    counts = program.summary()
    assert counts["journeys"] == journeys
    assert counts["steps"] == journeys * steps
    assert counts["actions"] == journeys * steps * actions
    assert counts["requirements"] == requirements


def test_synthetic_programme_depends_on_the_seed() -> None:
    assert synthetic_program(seed=1) == synthetic_program(seed=1)
    assert synthetic_program(seed=1) != synthetic_program(seed=2)


def test_synthetic_programme_pairs_future_journeys_with_current_ones() -> None:
    program = synthetic_program(journeys=6)
    for journey in program.journeys:
        if journey.state == "future":
            assert journey.replaces is not None
            assert program.journey(journey.replaces).state == "current"
