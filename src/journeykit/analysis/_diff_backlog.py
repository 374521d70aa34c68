"""The backlog half of a diff: the requirements each revision needs, compared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._i18n import N_
from journeykit.analysis.derive import NeededRequirement, derive_requirements
from journeykit.analysis.diff import BacklogChange, BacklogDelta

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["COMPARED", "backlog_delta"]

#: The fields of a backlog row whose change a diff reports. Owner, title and
#: the rest are the requirement's own fields, reported with the entities;
#: ``critical`` is left out: one effort changed moves the critical path of
#: many rows, which would bury the change that moved it.
COMPARED = ("status", "effort", "wave")


def backlog_delta(old: Program, new: Program) -> BacklogDelta:
    """Requirements newly needed, no longer needed, and changed in status, effort or wave.

    Both backlogs are derived for every step of every journey, available
    requirements included, so that a requirement made available shows as a
    change of status rather than as no longer needed.
    """
    before = {row.requirement: row for row in derive_requirements(old, include_available=True)}
    after = {row.requirement: row for row in derive_requirements(new, include_available=True)}
    needed = [_row(row, "needed") for rid, row in after.items() if rid not in before]
    dropped = [_row(row, "no_longer_needed") for rid, row in before.items() if rid not in after]
    changed = [
        _row(row, "changed", field, getattr(before[rid], field), getattr(row, field))
        for rid, row in after.items()
        if rid in before
        for field in COMPARED
        if getattr(before[rid], field) != getattr(row, field)
    ]
    return BacklogDelta([*needed, *dropped, *changed], title=N_("Backlog changes"))


def _row(
    row: NeededRequirement,
    change: str,
    field: str | None = None,
    before: object = None,
    after: object = None,
) -> BacklogChange:
    return BacklogChange(
        requirement=row.requirement,
        title=row.title,
        change=change,
        field=field,
        before=before,
        after=after,
        status=row.status,
        effort=row.effort,
        wave=row.wave,
    )
