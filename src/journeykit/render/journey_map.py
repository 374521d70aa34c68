"""The journey map: stages as columns, lanes of steps, touchpoints, emotion, pains and ideas."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from journeykit._args import journey_of
from journeykit._i18n import _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.render._overlay import check_funnel, observed_lines, reach_bar

if TYPE_CHECKING:
    from journeykit.analytics.funnel import Funnel
    from journeykit.journeys import Journey, Step
    from journeykit.program import Program
    from journeykit.render._picture import Picture

__all__ = ["journey_map"]

#: Width of one step's column, in inches, and how many characters fit a line of it.
COLUMN_INCHES = 1.9
CHARS_PER_LINE = 24
#: Height of one line of text, in inches.
LINE_INCHES = 0.17
LABEL_INCHES = 1.3
EMOTION_INCHES = 1.2
#: Emotion points, 1 (bad) to 5 (good): Okabe-Ito orange to blue, safe for colour-blind
#: readers; the score is also the point's height and is written beside it.
FACES = {1: "#d55e00", 2: "#e69f00", 3: "#999999", 4: "#56b4e9", 5: "#0072b2"}
#: One curve per persona: colours (Okabe-Ito, told apart with colour blindness
#: too), markers and line styles, so that a persona's curve is known by its
#: shape as well as its colour, in print and in grey.
PERSONA_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
PERSONA_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
PERSONA_LINES: tuple[str | tuple[int, tuple[int, ...]], ...] = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)))
#: The longest persona name the legend shows whole; longer ones are cut with "…".
LEGEND_CHARS = 32
LEGEND_ROW_INCHES = 0.22


def journey_map(
    journey: Journey | str,
    *,
    program: Program | None = None,
    funnel: Funnel | None = None,
    language: str | None = None,
) -> Picture:
    """The journey map of ``journey`` (a ``Journey``, or its id with ``program=``) as a ``Picture``.

    Stages are columns (one per step, under a stage header); the lanes are
    the steps, who takes them, their touchpoints and channels, the emotion
    curve (1 to 5; steps without an emotion leave a gap), pain points and
    opportunities. Text wraps to its column and every lane is as tall as its
    longest cell, so nothing overprints: a long journey makes a wide figure
    (1.9 inches a step), a wordy one a tall figure. Give ``program`` to show
    persona and touchpoint names instead of ids.

    When a step of the journey scores a persona's own emotion
    (``Step.emotions``), the emotion lane draws one curve per persona who
    takes part instead of the shared one, each with its own colour, marker
    and line style, under a legend that names them. A persona's curve has a
    point at each step it takes, at its own score where given and at the
    step's ``emotion`` otherwise, and a gap elsewhere.

    Give ``funnel``, a ``journeykit.analytics.funnel`` of this journey, to
    add what the event log says under the touchpoints: per step, the cases
    that reached it (with a bar of their share of all cases), the cases lost
    since the previous step and the median time from it.

    The picture's own words are in ``language`` (a BCP 47 tag), else the
    programme's ``language``, else English. A ``Picture`` is a matplotlib
    ``Figure`` that shows itself in a notebook and saves itself
    (``fig.save("map.svg")``), with a title and a description for screen
    readers. Needs matplotlib (``pip install 'journeykit[plot]'``).

    Examples
    --------
    >>> portal = jk.example()
    >>> fig = jk.render.journey_map("onboarding-future", program=portal)
    >>> fig.title
    'Journey map: Partner recruitment and onboarding (aspiration)'
    >>> jk.render.journey_map("onboarding-future", program=portal, language="es").title
    'Mapa de trayectoria: Partner recruitment and onboarding (aspiration)'
    >>> float(fig.get_figwidth())  # 1.3 inches of lane names, 1.9 a step for 14 steps
    27.9
    >>> fig.axes[0].get_legend().get_texts()[0].get_text()  # executives feel the login differently
    'Sales manager'
    """
    journey = journey_of(journey, program, "journey_map")
    if funnel is not None:
        check_funnel(funnel, "journey_map")
    with use_language(language_of(language, program)):
        return _draw(journey, program, funnel)


def _draw(journey: Journey, program: Program | None, observed: Funnel | None) -> Picture:
    from journeykit._extras import require

    require("matplotlib")
    from matplotlib.patches import Rectangle

    from journeykit.render._picture import Picture

    steps = journey.steps
    personas = {p.id: p.name for p in program.personas} if program else {}
    touchpoints = {t.id: (t.name, t.channel) for t in program.touchpoints} if program else {}
    lanes = [
        (_("Steps"), [_wrap(s.name) for s in steps], "#ffffff"),
        (
            _("Who"),
            [_wrap(", ".join(personas.get(p, p) for p in (s.personas or journey.personas))) for s in steps],
            "#e3f2fd",
        ),
        (
            _("Touchpoints"),
            [_wrap("; ".join(_touchpoint(t, touchpoints) for t in s.touchpoints)) for s in steps],
            "#f3e5f5",
        ),
        *(
            [(_("Observed"), [_observed(observed, s.id) for s in steps], "#fffde7")]
            if observed is not None
            else []
        ),
        (_("Pain points"), [_wrap("\n".join(f"- {p}" for p in s.pain_points)) for s in steps], "#ffebee"),
        (_("Opportunities"), [_wrap("\n".join(f"+ {o}" for o in s.opportunities)) for s in steps], "#e8f5e9"),
    ]
    heights = [
        max([1, *(cell.count("\n") + 1 for cell in cells)]) * LINE_INCHES + 0.2
        for _label, cells, _colour in lanes
    ]
    header = 0.45
    title = 0.6
    above = 4 if observed is not None else 3  # the lanes above the emotion curve
    width = LABEL_INCHES + COLUMN_INCHES * max(len(steps), 1)
    curves = _curves(journey, program)
    ncol = _legend_columns(curves, width)
    legend = (-(-len(curves) // ncol) * LEGEND_ROW_INCHES + 0.1) if curves else 0.0
    total_height = title + header + sum(heights[:above]) + EMOTION_INCHES + legend + sum(heights[above:])
    fig = Picture(
        figsize=(width, total_height),
        title=_("Journey map: {journey}").format(journey=drawn_text(journey.name, one_line=True)),
        description=_description(journey, observed is not None),
    )
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(total_height, 0)
    ax.set_axis_off()

    ax.text(
        0.15,
        title / 2,
        drawn_text(journey.name, one_line=True),
        fontsize=14,
        fontweight="bold",
        va="center",
        parse_math=False,
    )
    state = _("aspiration (future)") if journey.state == "future" else _("reality (current)")
    ax.text(width - 0.15, title / 2, state, fontsize=10, va="center", ha="right", color="#555555")

    y = title
    column = 0
    for stage in journey.stages:
        count = len(stage.steps)
        if not count:
            continue
        x = LABEL_INCHES + column * COLUMN_INCHES
        ax.add_artist(
            Rectangle((x, y), count * COLUMN_INCHES, header, facecolor="#37474f", edgecolor="white")
        )
        ax.text(
            x + count * COLUMN_INCHES / 2,
            y + header / 2,
            _wrap(stage.name, count * CHARS_PER_LINE, 1),
            color="white",
            fontsize=10,
            fontweight="bold",
            ha="center",
            va="center",
            parse_math=False,
        )
        column += count
    y += header

    def lane(label: str, cells: list[str], colour: str, height: float) -> None:
        ax.text(0.1, y + height / 2, label, fontsize=9, fontweight="bold", va="center")
        for i, cell in enumerate(cells):
            x = LABEL_INCHES + i * COLUMN_INCHES
            ax.add_artist(Rectangle((x, y), COLUMN_INCHES, height, facecolor=colour, edgecolor="#cfd8dc"))
            if cell:
                # parse_math=False: a "$" in user text is a dollar, not mathtext
                ax.text(
                    x + 0.08,
                    y + 0.1,
                    cell,
                    fontsize=8,
                    va="top",
                    ha="left",
                    linespacing=1.15,
                    parse_math=False,
                )

    for (label, cells, colour), height in zip(lanes[:above], heights[:above], strict=True):
        lane(label, cells, colour, height)
        if label == _("Observed") and observed is not None:
            for i, step in enumerate(steps):
                reach_bar(
                    ax,
                    observed,
                    step.id,
                    LABEL_INCHES + i * COLUMN_INCHES + 0.08,
                    COLUMN_INCHES - 0.16,
                    y + height,
                )
        y += height
    if curves:
        _persona_emotions(ax, journey, y, curves, legend, ncol)
    else:
        _emotion(ax, steps, y)
    y += EMOTION_INCHES + legend
    for (label, cells, colour), height in zip(lanes[above:], heights[above:], strict=True):
        lane(label, cells, colour, height)
        y += height
    return fig


def _emotion(ax: object, steps: tuple[Step, ...], top: float) -> None:
    """The emotion curve: 1 at the bottom of the lane, 5 at the top, 3 dashed."""
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    ax.text(0.1, top + EMOTION_INCHES / 2, _("Emotion"), fontsize=9, fontweight="bold", va="center")

    def level(score: float) -> float:
        return top + EMOTION_INCHES - 0.15 - (score - 1) / 4 * (EMOTION_INCHES - 0.3)

    right = LABEL_INCHES + COLUMN_INCHES * len(steps)
    ax.plot([LABEL_INCHES, right], [level(3), level(3)], color="#bdbdbd", linestyle="--", linewidth=0.8)
    xs: list[float] = []
    ys: list[float] = []
    for i, step in enumerate(steps):
        x = LABEL_INCHES + (i + 0.5) * COLUMN_INCHES
        if step.emotion is None:
            if xs:
                ax.plot(xs, ys, color="#546e7a", linewidth=1.5)
            xs, ys = [], []
            continue
        xs.append(x)
        ys.append(level(step.emotion))
        ax.plot([x], [level(step.emotion)], marker="o", markersize=9, color=FACES[step.emotion])
        ax.text(x + 0.12, level(step.emotion), str(step.emotion), fontsize=7, va="center")
    if xs:
        ax.plot(xs, ys, color="#546e7a", linewidth=1.5)


def _curves(journey: Journey, program: Program | None) -> list[tuple[str, str]]:
    """(persona id, legend label) of each persona with a curve of its own, in
    programme order (else as the journey names them); none when no step of
    the journey scores a persona's own emotion."""
    steps = journey.steps
    if not any(step.emotions for step in steps):
        return []
    takers = {p for step in steps for p in _takers(step, journey)}
    named = [*journey.personas, *(p for step in steps for p in step.personas)]
    order = [p for p in dict.fromkeys(named) if p in takers]
    names = {p.id: p.name for p in program.personas} if program else {}
    rank = {p.id: n for n, p in enumerate(program.personas)} if program else {}
    order.sort(key=lambda p: rank.get(p, len(rank)))  # stable: those the programme lacks keep their order
    return [(p, _clip(drawn_text(names.get(p, p), one_line=True), LEGEND_CHARS)) for p in order]


def _legend_columns(curves: list[tuple[str, str]], width: float) -> int:
    """How many legend entries fit side by side over the steps (at least one).

    Measured generously (0.075 inch a character at 8 points, plus the line
    sample and the gaps), so the legend never runs past the figure's edge.
    """
    if not curves:
        return 1
    entry = 0.65 + 0.075 * max(len(label) for _persona, label in curves)
    return max(1, min(len(curves), int((width - LABEL_INCHES - 0.2) // entry)))


def _persona_emotions(
    ax: object, journey: Journey, top: float, curves: list[tuple[str, str]], legend: float, ncol: int
) -> None:
    """One emotion curve per persona, under a legend that names them.

    A persona's curve has a point at each step it takes (its own score, else
    the step's), a gap where it takes no step or has no score; points of
    different personas on one step are set a little apart (mostly across,
    a little up or down: a thirtieth of an inch, against 0.225 inch between
    two scores), so that equal scores and equal stretches do not hide each other.
    """
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    steps = journey.steps
    ax.text(
        0.1, top + (EMOTION_INCHES + legend) / 2, _("Emotion"), fontsize=9, fontweight="bold", va="center"
    )
    area = top + legend

    def level(score: float) -> float:
        return area + EMOTION_INCHES - 0.15 - (score - 1) / 4 * (EMOTION_INCHES - 0.3)

    right = LABEL_INCHES + COLUMN_INCHES * len(steps)
    ax.plot([LABEL_INCHES, right], [level(3), level(3)], color="#bdbdbd", linestyle="--", linewidth=0.8)
    across, up = min(0.12, 0.9 / len(curves)), min(0.03, 0.12 / len(curves))
    lines = []
    for k, (persona, _label) in enumerate(curves):
        middle = k - (len(curves) - 1) / 2
        xs = [LABEL_INCHES + (i + 0.5) * COLUMN_INCHES + middle * across for i in range(len(steps))]
        scores = [step.emotion_of(persona) if persona in _takers(step, journey) else None for step in steps]
        # NaN breaks a matplotlib line: a gap where the persona has no score
        ys = [level(score) + middle * up if score is not None else math.nan for score in scores]
        (line,) = ax.plot(
            xs,
            ys,
            label=persona,
            color=PERSONA_COLOURS[k % len(PERSONA_COLOURS)],
            marker=PERSONA_MARKERS[k % len(PERSONA_MARKERS)],
            linestyle=PERSONA_LINES[k % len(PERSONA_LINES)],
            linewidth=1.5,
            markersize=7,
            markeredgecolor="white",
            markeredgewidth=0.6,
        )
        lines.append(line)
    drawn = ax.legend(
        handles=lines,
        labels=[label for _persona, label in curves],
        loc="upper left",
        bbox_to_anchor=(LABEL_INCHES + 0.08, top + 0.06),
        bbox_transform=ax.transData,
        ncol=ncol,
        frameon=False,
        fontsize=8,
        borderpad=0,
        borderaxespad=0,
        handlelength=3,
        handletextpad=0.5,
        columnspacing=1.5,
    )
    for text in drawn.get_texts():
        text.set_parse_math(False)  # a "$" in a persona's name is a dollar, not mathtext


def _description(journey: Journey, observed: bool) -> str:
    """What the map shows, in a sentence or two, for a screen reader."""
    steps = journey.steps
    scored = [s for s in steps if s.emotion is not None]
    parts = [
        ngettext("{n} step", "{n} steps", len(steps)).format(n=len(steps))
        + " "
        + ngettext("in {n} stage", "in {n} stages", len(journey.stages)).format(n=len(journey.stages))
        + ": "
        + ", ".join(drawn_text(stage.name, one_line=True) for stage in journey.stages)
        + "."
    ]
    if scored:
        low = min(scored, key=lambda s: s.emotion or 0)
        high = max(scored, key=lambda s: s.emotion or 0)
        parts.append(
            _("Emotion from {low} ({low_step}) to {high} ({high_step}).").format(
                low=low.emotion,
                low_step=drawn_text(low.name, one_line=True),
                high=high.emotion,
                high_step=drawn_text(high.name, one_line=True),
            )
        )
    pains = sum(len(s.pain_points) for s in steps)
    parts.append(ngettext("{n} pain point.", "{n} pain points.", pains).format(n=pains))
    if observed:
        parts.append(_("With what the event log says of each step."))
    return " ".join(parts)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _observed(funnel: Funnel, step_id: str) -> str:
    lines = observed_lines(funnel, step_id)
    # the blank last line leaves room for the reach bar under the text
    return _wrap("\n".join(lines)) + "\n " if lines else ""


def _takers(step: Step, journey: Journey) -> tuple[str, ...]:
    return step.personas or journey.personas


def _lines(cells: list[str]) -> int:
    """How many lines the tallest cell of a lane needs (at least one)."""
    return max([1, *(cell.count("\n") + 1 for cell in cells)])


def _touchpoint(ident: str, touchpoints: dict[str, tuple[str, str]]) -> str:
    if ident in touchpoints:
        name, channel = touchpoints[ident]
        return f"{name} ({channel})"
    return ident


def _wrap(text: str, width: int = CHARS_PER_LINE, max_lines: int | None = None) -> str:
    """Wrap each paragraph of ``text`` to ``width`` characters (whole words)."""
    lines = []
    for paragraph in drawn_text(text).split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""])
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines).strip("\n")
