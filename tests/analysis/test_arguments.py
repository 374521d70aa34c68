"""The calling convention of the analyses: a wrong argument is an ArgumentError with the call that works."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import journeykit as jk
from journeykit.analysis import responsibilities_by_use_case, select_steps


@pytest.fixture(scope="module")
def portal() -> jk.Program:
    return jk.example()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda p: jk.derive_requirements("portal.yaml"), "derive_requirements"),
        (lambda p: jk.check(p.journeys[0]), "check"),
        (lambda p: jk.impact_of("partner-sso", p), "impact_of"),
        (lambda p: jk.prioritize("portal.yaml"), "prioritize"),
        (lambda p: jk.prioritize(p.journeys[0]), "prioritize"),
        (lambda p: jk.prioritize(p.use_cases, program=p.journeys[0]), "prioritize"),
        (lambda p: jk.select_pilot(p.journeys[0], budget=3), "select_pilot"),
        (lambda p: jk.responsibilities(None), "responsibilities"),
        (lambda p: responsibilities_by_use_case(p.journeys[0]), "responsibilities_by_use_case"),
        (lambda p: select_steps("x"), "select_steps"),
    ],
)
def test_a_programme_first_analysis_names_what_it_got(
    portal: jk.Program, call: Callable[[jk.Program], Any], name: str
) -> None:
    with pytest.raises(jk.ArgumentError, match=f"^{name}: ") as caught:
        call(portal)
    assert isinstance(caught.value, TypeError)  # what Python raises for a wrong argument
    assert "must be a Program" in str(caught.value)


def test_a_string_programme_says_how_to_load_one() -> None:
    with pytest.raises(jk.ArgumentError, match=r"load one with jk.load\(path\)"):
        jk.derive_requirements("portal.yaml")


def test_compare_takes_journeys_or_ids_with_the_programme(portal: jk.Program) -> None:
    by_id = jk.compare("onboarding-current", "onboarding-future", program=portal)
    by_journey = jk.compare(
        portal.journey("onboarding-current"), portal.journey("onboarding-future"), program=portal
    )
    mixed = jk.compare(portal.journey("onboarding-future"), program=portal)
    assert by_id == by_journey == mixed


def test_the_old_programme_first_compare_shows_the_call_that_works(portal: jk.Program) -> None:
    with pytest.raises(jk.ArgumentError, match=r"compare\('onboarding-current', program=program\)"):
        jk.compare(portal, "onboarding-future")  # type: ignore[arg-type]


def test_compare_needs_the_programme(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    with pytest.raises(jk.ArgumentError, match=r"compare\('onboarding-future', program=program\)"):
        jk.compare(journey)
    with pytest.raises(jk.ArgumentError, match="program=program"):
        jk.compare("onboarding-current", "onboarding-future")


def test_compare_of_an_unknown_id_suggests_the_closest(portal: jk.Program) -> None:
    with pytest.raises(jk.UnknownIdError, match="onboarding-future"):
        jk.compare("onboarding-futur", program=portal)
