"""The columns of the today-and-tomorrow view, and what they say in words.

Steps of both journeys share one row of columns (matched as
``journeykit.compare`` matches them); the line under the title and the
picture's description count what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING

from journeykit._i18n import _, ngettext
from journeykit._text import drawn_text

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Step

__all__ = ["Position", "description", "positions_of", "stage_runs", "summary"]

#: The longest journey or step name the description holds whole.
NAME_CHARS = 80


@dataclass(frozen=True)
class Position:
    """One column: a current step, a future step, or both when they match."""

    current: Step | None
    future: Step | None
    stage: str  # stage id, from the future journey when the step is in it

    @property
    def status(self) -> str:
        return "added" if self.current is None else "removed" if self.future is None else "kept"


def positions_of(before: Journey, after: Journey) -> list[Position]:
    """The shared row of columns: future order, removed current steps where they were."""
    from journeykit.analysis.compare import match_steps

    old_order = {step.id: i for i, step in enumerate(before.steps)}
    stage_of = {step.id: stage.id for stage in before.stages for step in stage.steps}
    new_stage_of = {step.id: stage.id for stage in after.stages for step in stage.steps}
    # the matching of jk.compare: by id, then by `replaces`
    pairs = [(old, new, new_stage_of[new.id]) for old, new in match_steps(before, after)]
    matched = {old.id for old, _new, _stage in pairs if old is not None}

    positions: list[Position] = []
    placed: set[str] = set()

    def removed_before(limit: int) -> None:
        for step in before.steps[:limit]:
            if step.id not in matched and step.id not in placed:
                placed.add(step.id)
                positions.append(Position(step, None, stage_of[step.id]))

    for old, new, stage_id in pairs:
        if old is not None:
            removed_before(old_order[old.id])
        positions.append(Position(old, new, stage_id))
    removed_before(len(before.steps))
    return positions


def stage_runs(positions: list[Position], before: Journey, after: Journey) -> list[tuple[str, int, int, str]]:
    """(stage id, first column, number of columns, stage name) for each run of one stage."""
    names = {stage.id: stage.name for stage in before.stages}
    names.update({stage.id: stage.name for stage in after.stages})
    runs: list[tuple[str, int, int, str]] = []
    for i, position in enumerate(positions):
        if runs and runs[-1][0] == position.stage:
            stage, first, size, name = runs[-1]
            runs[-1] = (stage, first, size + 1, name)
        else:
            runs.append((position.stage, i, 1, names[position.stage]))
    return runs


def summary(before: Journey, after: Journey, positions: list[Position]) -> str:
    """The line under the title: steps added and removed, and the mean emotion of each journey."""
    added = sum(p.status == "added" for p in positions)
    removed = sum(p.status == "removed" for p in positions)
    parts = [
        ngettext("{n} step added", "{n} steps added", added).format(n=added),
        ngettext("{n} removed", "{n} removed", removed).format(n=removed),
    ]
    moods = _moods(before, after)
    if moods is not None:
        parts.append(_("mean emotion {today} → {tomorrow}").format(today=moods[0], tomorrow=moods[1]))
    return " · ".join(parts)


def description(before: Journey, after: Journey, positions: list[Position]) -> str:
    """What the view shows, in a few sentences, for a screen reader."""
    added = [_short(p.future.name) for p in positions if p.future is not None and p.current is None]
    removed = [_short(p.current.name) for p in positions if p.current is not None and p.future is None]
    changed = sum(
        p.current is not None
        and p.future is not None
        and (p.current.id != p.future.id or p.current.name != p.future.name)
        for p in positions
    )
    parts = [
        ngettext(
            "{today} step today, {tomorrow} tomorrow.",
            "{today} steps today, {tomorrow} tomorrow.",
            len(before.steps),
        ).format(today=len(before.steps), tomorrow=len(after.steps))
    ]
    if added:
        parts.append(
            ngettext("{n} step added: {names}.", "{n} steps added: {names}.", len(added)).format(
                n=len(added), names="; ".join(added)
            )
        )
    if removed:
        parts.append(
            ngettext("{n} step removed: {names}.", "{n} steps removed: {names}.", len(removed)).format(
                n=len(removed), names="; ".join(removed)
            )
        )
    if changed:
        parts.append(
            ngettext("{n} step replaced or renamed.", "{n} steps replaced or renamed.", changed).format(
                n=changed
            )
        )
    if not (added or removed or changed):
        parts.append(_("No step added, removed or renamed."))
    moods = _moods(before, after)
    if moods is not None:
        parts.append(
            _("Mean emotion from {today} today to {tomorrow} tomorrow.").format(
                today=moods[0], tomorrow=moods[1]
            )
        )
    return " ".join(parts)


def _moods(before: Journey, after: Journey) -> tuple[str, str] | None:
    """The mean emotion of each journey to one decimal, or ``None`` when one has no emotion."""
    moods = [[s.emotion for s in j.steps if s.emotion is not None] for j in (before, after)]
    if not all(moods):
        return None
    return f"{mean(moods[0]):.1f}", f"{mean(moods[1]):.1f}"


def _short(name: str) -> str:
    text = drawn_text(name, one_line=True)
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1] + "…"
