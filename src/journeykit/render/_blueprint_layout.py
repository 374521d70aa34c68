"""The service blueprint's cells: what each box says, how tall it is and where it goes."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from journeykit._i18n import N_
from journeykit._text import drawn_text
from journeykit.render.journey_map import _wrap

if TYPE_CHECKING:
    from journeykit.journeys import Action, Journey, Requirement, Step, Touchpoint
    from journeykit.program import Program, Rule

#: Width of one step's column and of the lane names, in inches.
COLUMN_INCHES = 1.9
LABEL_INCHES = 1.6
#: Space between a box and its column's edge: room for the trigger arrows.
MARGIN_INCHES = 0.14
#: Characters per line: in a box (8 pt; bold for steps), of an actor (6.5 pt), of a
#: requirement (7 pt, with its status mark) and of the evidence (7.5 pt, with its bullet).
BOX_CHARS = 23
STEP_CHARS = 21
ACTOR_CHARS = 29
REQUIREMENT_CHARS = 24
EVIDENCE_CHARS = 28
#: Height of a line of text at 8, 7.5, 7 and 6.5 pt, in inches.
LINE_INCHES = 0.14
EVIDENCE_LINE_INCHES = 0.13
SMALL_LINE_INCHES = 0.125
ACTOR_LINE_INCHES = 0.115
#: Space between a box's edge and its text.
TEXT_INSET = 0.07
#: Padding inside a box, between a name and its actor, between stacked boxes (an arrow fits)
#: and of a lane; padding of a requirement and between requirements.
BOX_PAD = 0.09
ACTOR_GAP = 0.04
STACK_GAP = 0.2
LANE_PAD = 0.14
REQUIREMENT_PAD = 0.06
REQUIREMENT_GAP = 0.06
#: Height of the strip that carries each of the three lines and its label, of the stage
#: headers and of the legend; the least height of a lane.
STRIP_INCHES = 0.34
HEADER_INCHES = 0.45
LEGEND_INCHES = 0.5
MIN_LANE_INCHES = 0.55
#: The most lines a box, an evidence item or a requirement shows; a longer text ends in "…".
#: A 10,000-character name still draws, in a box of a readable size.
MAX_LINES = 30
#: Requirement status: (fill, edge, mark, word). ``None`` is a status nobody knows (no
#: programme). Okabe-Ito colours (bluish green, yellow edged orange, vermillion), safe
#: for colour-blind readers; the mark says the status in black and white too, and the
#: legend says what each mark means. Here, not with the drawing's colours, because a
#: requirement's text starts with its mark.
STATUS_COLOURS: dict[str | None, tuple[str, str, str]] = {
    "available": ("#bfe7dc", "#009e73", "✓"),
    "partial": ("#faf6bd", "#e69f00", "◐"),
    "missing": ("#f2cfb2", "#d55e00", "✗"),
    None: ("#eeeeee", "#999999", "?"),
}
#: The status words, for the legend and the description (translated where drawn).
STATUS_WORDS: dict[str | None, str] = {
    "available": N_("available"),
    "partial": N_("partial"),
    "missing": N_("missing"),
    None: N_("status unknown (no programme given)"),
}


@dataclass(frozen=True)
class _Box:
    """A box of text: its column, its height and lines, and (once placed) where it is.

    Positions are in inches from the top left corner (y grows downwards).
    """

    column: int
    height: float
    lines: tuple[str, ...]
    actor: tuple[str, ...] = ()
    x: float = 0.0
    y: float = 0.0
    width: float = COLUMN_INCHES - 2 * MARGIN_INCHES


@dataclass(frozen=True)
class _Names:
    """What the programme says about the ids a journey uses (nothing without one)."""

    touchpoints: dict[str, Touchpoint]
    roles: dict[str, str]
    requirements: dict[str, Requirement]
    rules: tuple[Rule, ...]

    @classmethod
    def of(cls, program: Program | None) -> _Names:
        if program is None:
            return cls({}, {}, {}, ())
        return cls(
            {t.id: t for t in program.touchpoints},
            {r.id: r.name for r in program.roles},
            {r.id: r for r in program.requirements},
            program.rules,
        )


# -- what goes in the cells ---------------------------------------------------


def _evidence(step: Step, names: _Names) -> str:
    """The evidence a step's touchpoints show, one bullet each (touchpoint ids without a programme)."""
    items: list[tuple[str, bool]] = []  # (text, whether it is an id)
    for ident in step.touchpoints:
        touchpoint = names.touchpoints.get(ident)
        if touchpoint is None:
            items.append((ident, True))
        else:
            items.extend((item, False) for item in touchpoint.evidence or (touchpoint.name,))
    return "\n".join(_bullet(item, is_id) for item, is_id in dict.fromkeys(items))


def _bullet(item: str, is_id: bool) -> str:
    lines = (
        _wrap_id(item, EVIDENCE_CHARS - 2) if is_id else _wrap(item, EVIDENCE_CHARS - 2, MAX_LINES)
    ).split("\n")
    return "\n".join(("• " if n == 0 else "   ") + line for n, line in enumerate(lines))


def _step_box(column: int, step: Step) -> _Box:
    lines = tuple(_wrap(step.name, STEP_CHARS, MAX_LINES).split("\n"))
    return _Box(column, _box_height(len(lines), 0), lines)


def _action_boxes(column: int, step: Step, lane: str, names: _Names) -> list[tuple[Action, _Box]]:
    """The boxes of a step's actions in one lane, in the order the step lists them."""
    cell = []
    for action in step.actions:
        if action.lane != lane:
            continue
        lines = tuple(_wrap(action.name, BOX_CHARS, MAX_LINES).split("\n"))
        actor: tuple[str, ...] = ()
        if action.actor in names.roles:
            actor = tuple(_wrap(names.roles[action.actor], ACTOR_CHARS, MAX_LINES).split("\n"))
        elif action.actor:
            actor = tuple(_wrap_id(action.actor, ACTOR_CHARS).split("\n"))
        cell.append((action, _Box(column, _box_height(len(lines), len(actor)), lines, actor)))
    return cell


def _requirement_boxes(
    column: int, journey: Journey, step: Step, names: _Names
) -> list[tuple[tuple[str, str | None], _Box]]:
    """The requirements a step and its own actions need, by link or by rule, in that order.

    Each comes with its status (``None`` when the programme does not say).
    """
    from journeykit.analysis.rules import match

    ids = [*step.requires, *(r for action in step.actions for r in action.requires)]
    if names.rules:
        channels = {names.touchpoints[t].channel for t in step.touchpoints if t in names.touchpoints}
        personas = step.personas or journey.personas
        for rule in names.rules:
            if any(match(rule.when, personas, channels, step, a) for a in (None, *step.actions)):
                ids.extend(rule.requires)
    cell: list[tuple[tuple[str, str | None], _Box]] = []
    for ident in dict.fromkeys(ids):
        requirement = names.requirements.get(ident)
        status = requirement.status if requirement else None
        if requirement is None:
            text = _wrap_id(ident, REQUIREMENT_CHARS - 2)
        else:
            text = _wrap(requirement.title, REQUIREMENT_CHARS - 2, MAX_LINES)
        first, *rest = text.split("\n")
        lines = (f"{STATUS_COLOURS[status][2]} {first}", *(f"   {line}" for line in rest))
        height = len(lines) * SMALL_LINE_INCHES + 2 * REQUIREMENT_PAD
        cell.append(((ident, status), _Box(column, height, lines)))
    return cell


def _wrap_id(ident: str, width: int) -> str:
    """An id wrapped to ``width`` characters, preferably after its hyphens."""
    text = drawn_text(ident, one_line=True)
    lines = textwrap.wrap(text, width, break_on_hyphens=True) or [text]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1][: width - 1] + "…"]
    return "\n".join(lines)


# -- sizes --------------------------------------------------------------------


def _left(column: int) -> float:
    """Where a step's column starts."""
    return LABEL_INCHES + column * COLUMN_INCHES


def _box_height(lines: int, actor_lines: int) -> float:
    actor = actor_lines * ACTOR_LINE_INCHES + ACTOR_GAP if actor_lines else 0.0
    return lines * LINE_INCHES + actor + 2 * BOX_PAD


def _lane_height(cells: list[list[float]], gap: float = STACK_GAP) -> float:
    """As tall as the fullest cell: its stacked boxes, the gaps between them and the padding."""
    fullest = max((sum(cell) + gap * (len(cell) - 1) for cell in cells if cell), default=0.0)
    return max(fullest + 2 * LANE_PAD, MIN_LANE_INCHES)


def _place(box: _Box, top: float) -> _Box:
    return replace(box, x=_left(box.column) + MARGIN_INCHES, y=top)
