"""The built-in partner-portal example holds what the seed describes."""

from __future__ import annotations

import journeykit as jk

THEMES = {
    "recruitment & onboarding",
    "enablement & training",
    "lead distribution / deal registration",
    "marketing assistance",
    "support & service",
}


def test_purpose_and_partner_personas(portal: jk.Program) -> None:
    assert portal.purpose
    assert "partner" in portal.purpose.lower()
    assert [p.id for p in portal.personas] == ["sales-manager", "marketing-manager", "senior-executive"]
    for persona in portal.personas:
        assert persona.organization == "partner"
        assert persona.responsibilities
        assert persona.challenges
        assert persona.goals
        assert persona.motivations


def test_the_internal_roles_of_the_seed(portal: jk.Program) -> None:
    ids = {r.id for r in portal.roles}
    assert {
        "portal-admin",
        "channel-manager",
        "executive-sponsor",
        "channel-sales-manager",
        "channel-marketing-manager",
        "it-admin",
    } <= ids


def test_use_cases_cover_all_five_themes_with_the_seed_criteria(portal: jk.Program) -> None:
    assert len(portal.use_cases) >= 6
    assert {u.theme for u in portal.use_cases} >= THEMES
    measured = {ref for m in portal.metrics for ref in m.measures}
    for use_case in portal.use_cases:
        assert use_case.process
        assert use_case.impact
        assert use_case.ease
        assert use_case.sponsor
        assert use_case.champion
        assert f"use_case:{use_case.id}" in measured, use_case.id


def test_each_scenario_exists_as_current_and_future(portal: jk.Program) -> None:
    futures = [j for j in portal.journeys if j.state == "future"]
    assert len(futures) >= 2
    for future in futures:
        assert future.replaces is not None
        current = portal.journey(future.replaces)
        assert current.state == "current"
        for journey in (current, future):
            assert len(journey.stages) >= 4
            assert {a.lane for a in journey.actions} == {"frontstage", "backstage", "support"}


def test_requirements_rules_and_metrics(portal: jk.Program) -> None:
    assert len(portal.requirements) >= 15
    assert {r.status for r in portal.requirements} == {"available", "partial", "missing"}
    assert all(r.owner and r.effort is not None for r in portal.requirements)
    assert sum(bool(r.depends_on) for r in portal.requirements) >= 5
    assert len(portal.rules) >= 3
    assert len(portal.metrics) >= 1
    assert all(m.target is not None for m in portal.metrics)


def test_the_spanish_copy_is_the_same_programme_in_other_words(portal: jk.Program) -> None:
    spanish = jk.example(language="es")
    assert spanish.name == "Portal de socios"
    assert spanish.summary() == portal.summary()
    assert [j.id for j in spanish.journeys] == [j.id for j in portal.journeys]
    assert [(r.id, r.status, r.effort, r.depends_on) for r in spanish.requirements] == [
        (r.id, r.status, r.effort, r.depends_on) for r in portal.requirements
    ]
    assert any("ó" in u.theme or "ñ" in u.name for u in spanish.use_cases)


def test_personas_stand_for_shares_and_feel_differently_in_places(portal: jk.Program) -> None:
    shares = [p.share for p in portal.personas]
    assert all(share is not None and 0 < share < 1 for share in shares)
    assert sum(s for s in shares if s is not None) <= 1
    felt = [(j.id, s.id, dict(s.emotions)) for j in portal.journeys for s in j.steps if s.emotions]
    assert felt
    for journey_id, step_id, emotions in felt:
        journey = portal.journey(journey_id)
        step = journey.step(step_id)
        for persona, score in emotions.items():
            assert persona in (step.personas or journey.personas)  # a persona who takes the step
            assert score != step.emotion  # and feels it differently
    spanish = jk.example(language="es")
    assert [(p.id, p.share) for p in spanish.personas] == [(p.id, p.share) for p in portal.personas]
    assert [(j.id, s.id, dict(s.emotions)) for j in spanish.journeys for s in j.steps if s.emotions] == felt
