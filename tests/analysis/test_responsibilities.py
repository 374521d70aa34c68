"""Tests of the role × journey and role × use case responsibilities."""

from __future__ import annotations

import pytest

import journeykit as jk
from journeykit.analysis.responsibilities import (
    Responsibilities,
    Responsibility,
    UseCaseResponsibilities,
    UseCaseResponsibility,
    responsibilities,
    responsibilities_by_use_case,
)


def _row(table: Responsibilities, role: str, journey: str) -> Responsibility:
    return next(r for r in table if (r.role, r.journey) == (role, journey))


def _use_case_row(table: UseCaseResponsibilities, role: str, use_case: str) -> UseCaseResponsibility:
    return next(r for r in table if (r.role, r.use_case) == (role, use_case))


def test_example_rows_checked_by_hand(portal: jk.Program) -> None:
    table = responsibilities(portal)
    # deal-registration-current: the channel sales manager performs forward-lead
    # and send-template (frontstage) and log-lead, read-mailbox, rekey-deal,
    # check-conflict-by-hand and record-win (backstage); it owns the shared
    # tracking spreadsheets that today's journey needs.
    assert _row(table, "channel-sales-manager", "deal-registration-current") == Responsibility(
        role="channel-sales-manager",
        journey="deal-registration-current",
        lanes=("frontstage", "backstage"),
        actions=7,
        owns=("tracking-spreadsheets",),
    )
    # deal-registration-future: its only action is review-flagged-deal
    # (backstage); the future journey routes leads, and it owns lead-routing.
    row = _row(table, "channel-sales-manager", "deal-registration-future")
    assert (row.lanes, row.actions, row.owns) == (("backstage",), 1, ("lead-routing",))
    # The marketing automation platform acts (support lane) but owns nothing.
    row = _row(table, "marketing-automation", "deal-registration-future")
    assert (row.lanes, row.owns) == (("support",), ())
    # No requirement names prm-platform as its owner: it only acts.
    assert all(r.owns == () for r in table if r.role == "prm-platform")


def test_example_use_case_row_checked_by_hand(portal: jk.Program) -> None:
    table = responsibilities_by_use_case(portal)
    # portal-support covers onboarding-future/get-help, whose actions are
    # log-case (prm-platform, support) and resolve-case (it-admin, backstage).
    # It needs partner-support-cases, partner-sso and crm-integration, and,
    # through depends_on, the available internal-crm and partner-accounts.
    assert _use_case_row(table, "it-admin", "portal-support") == UseCaseResponsibility(
        role="it-admin",
        use_case="portal-support",
        sponsor=False,
        champion=True,
        lanes=("backstage",),
        actions=1,
        owns=("internal-crm", "crm-integration", "partner-sso", "partner-support-cases"),
    )
    row = _use_case_row(table, "prm-platform", "portal-support")
    assert (row.lanes, row.actions, row.owns) == (("support",), 1, ())
    row = _use_case_row(table, "portal-admin", "portal-support")
    assert (row.lanes, row.actions, row.owns) == ((), 0, ("partner-accounts",))
    assert {r.use_case for r in table if r.role == "marketing-automation"} == {
        "online-application",
        "online-deal-registration",
        "lead-distribution",
        "asset-library",
        "mdf-requests",
    }


def test_rows_only_where_a_role_acts_or_owns_in_programme_order(portal: jk.Program) -> None:
    table = responsibilities(portal)
    assert all(r.actions or r.owns for r in table)
    assert all((r.actions == 0) == (r.lanes == ()) for r in table)
    roles = [r.id for r in portal.roles]
    journeys = [j.id for j in portal.journeys]
    keys = [(roles.index(r.role), journeys.index(r.journey)) for r in table]
    assert keys == sorted(keys)
    lane_order = ("frontstage", "backstage", "support")
    assert all(list(r.lanes) == sorted(r.lanes, key=lane_order.index) for r in table)


def test_action_counts_add_up(portal: jk.Program) -> None:
    table = responsibilities(portal)
    for journey in portal.journeys:
        acted = sum(1 for a in journey.actions if a.actor is not None)
        assert sum(r.actions for r in table if r.journey == journey.id) == acted


def test_matrix_lists_every_role_and_journey(portal: jk.Program) -> None:
    matrix = responsibilities(portal).matrix()
    assert list(matrix.index) == [r.id for r in portal.roles]
    assert list(matrix.columns) == [j.id for j in portal.journeys]
    assert matrix.loc["channel-sales-manager", "deal-registration-current"] == "frontstage+backstage"
    assert matrix.loc["channel-sales-manager", "onboarding-current"] == ""  # owns only
    assert matrix.loc["marketing-automation", "onboarding-current"] == ""  # no part at all
    counts = responsibilities(portal).matrix(cell="actions")
    assert counts.loc["channel-sales-manager", "deal-registration-current"] == 7
    owned = responsibilities(portal).matrix(cell="owns")
    assert owned.loc["channel-sales-manager", "onboarding-current"] == 1


def test_use_case_matrix(portal: jk.Program) -> None:
    matrix = responsibilities_by_use_case(portal).matrix()
    assert list(matrix.columns) == [u.id for u in portal.use_cases]
    assert matrix.loc["it-admin", "portal-support"] == "backstage"


def test_unknown_cell_is_an_error(portal: jk.Program) -> None:
    with pytest.raises(ValueError, match="unknown cell"):
        responsibilities(portal).matrix(cell="everything")  # type: ignore[arg-type]


def test_empty_programme() -> None:
    program = jk.Program(name="Empty", roles=[jk.Role(id="idle", name="Idle")])
    table = responsibilities(program)
    assert len(table) == 0
    assert table.columns == ("role", "journey", "lanes", "actions", "owns")
    assert table.matrix().shape == (1, 0)
    assert responsibilities_by_use_case(program).to_frame().columns.tolist()[1] == "use_case"


def test_conversions(portal: jk.Program) -> None:
    table = responsibilities(portal)
    assert "channel-sales-manager" in str(table)
    assert table.to_records()[0]["lanes"] == list(table[0].lanes)
    assert table.to_csv().splitlines()[0] == "role,journey,lanes,actions,owns"


def test_input_is_unchanged(portal: jk.Program) -> None:
    before = portal.model_dump()
    responsibilities(portal).matrix()
    responsibilities_by_use_case(portal).matrix()
    assert portal.model_dump() == before
