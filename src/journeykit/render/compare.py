"""Today against tomorrow, drawn: both emotion curves over one row of steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._args import journey_of, program_of
from journeykit._i18n import _, language_of, use_language
from journeykit._text import drawn_text
from journeykit.exceptions import ArgumentError
from journeykit.render._compare_columns import Position, description, positions_of, stage_runs
from journeykit.render._compare_columns import summary as summary_line
from journeykit.render._fit import LINESPACING, FontStyle, TextFitter, text_height

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from journeykit.journeys import Journey
    from journeykit.program import Program
    from journeykit.render._picture import Picture

__all__ = ["compare_view"]

#: Narrowest width of one step's column, in inches; the figure is at least ``MIN_INCHES`` wide.
COLUMN_INCHES = 1.25
MIN_INCHES = 11.0
LEFT_INCHES = 1.35
RIGHT_INCHES = 0.35
PLOT_INCHES = 3.4
#: Step labels wrap to their column and stop after this many lines (the last one ends in "…").
LABEL_LINES = 5
#: Okabe-Ito colours, told apart by colour-blind readers; each also has its own
#: shape (today dashed with hollow points, tomorrow solid with filled ones, an
#: added step a triangle, a removed one a cross) and a legend word.
CURRENT = "#666666"
FUTURE = "#0072b2"
ADDED = "#009e73"
REMOVED = "#d55e00"
INK = "#263238"


def compare_view(
    current: Journey | str,
    future: Journey | str | None = None,
    *,
    program: Program | None = None,
    language: str | None = None,
) -> Picture:
    """A current journey and its future one on one emotion axis, as a ``Picture`` for a slide.

    The steps of both journeys share one row of columns: steps match as
    ``journeykit.compare`` matches them (by id, then by a future step's
    ``replaces``), and a current step that goes away keeps its place between
    the steps around it. The current curve (grey, dashed, hollow points) and
    the future curve (blue, solid, filled points) run over the columns of
    their own steps; a step without an emotion leaves a gap in its curve.
    Steps only in the future journey (added) have a tinted column and a
    triangle, steps only in the current journey (removed) another tint and a
    cross; a legend says so, and a signed number gives each matched step's
    emotion change. Colours are safe for colour-blind readers and never the
    only clue. Stage headers run above the columns; step labels wrap under
    them (at most five lines, then "…"; a renamed step also shows its old
    name), so nothing overprints; a long journey makes a wide figure (1.25
    inches a column, 11 inches at least).

    The ``Picture``'s title names both journeys; its description counts the
    steps added, removed and changed and gives the mean emotion of each.
    Never calls ``show()``; save it with ``fig.save("x.svg")``. Needs
    matplotlib (``pip install 'journeykit[plot]'``).

    Parameters
    ----------
    current, future
        The journeys, each a ``Journey`` or, with ``program``, its id. Give
        only a future journey (as ``jk.compare`` takes only a future one) to
        compare it with the journey it ``replaces``; finding that one needs
        ``program``.
    program
        Where ids and the replaced journey are looked up; not needed
        otherwise, since matching only reads the two journeys.
    language
        The language of the view's own words (a BCP 47 tag), else the
        programme's ``language``, else English.

    Examples
    --------
    >>> portal = jk.example()
    >>> today, tomorrow = portal.journey("onboarding-current"), portal.journey("onboarding-future")
    >>> fig = jk.render.compare_view(today, tomorrow)
    >>> [len(line.get_xdata()) for line in fig.axes[1].lines if line.get_gid() == "added"]
    [2]
    >>> fig = jk.render.compare_view("onboarding-future", program=portal)  # the journey it replaces
    >>> print(fig.title)
    Today and tomorrow: Partner recruitment and onboarding (today) →
    Partner recruitment and onboarding (aspiration)
    >>> fig.description.split(".")[0]
    '12 steps today, 14 tomorrow'
    >>> spanish = jk.render.compare_view("onboarding-future", program=portal, language="es")
    >>> spanish.title.split(":")[0]
    'Hoy y mañana'
    """
    before, after = _journeys(current, future, program)
    with use_language(language_of(language, program)):
        return _draw(before, after)


def _draw(before: Journey, after: Journey) -> Picture:
    from journeykit._extras import require

    require("matplotlib")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from journeykit.render._picture import Picture

    positions = positions_of(before, after)
    count = max(len(positions), 1)
    column = max(COLUMN_INCHES, (MIN_INCHES - LEFT_INCHES - RIGHT_INCHES) / count)
    width = LEFT_INCHES + column * count + RIGHT_INCHES
    fit = TextFitter()

    title = fit.wrap(
        f"{drawn_text(before.name, one_line=True)} → {drawn_text(after.name, one_line=True)}",
        width - 0.6,
        15,
        "bold",
    )
    summary = summary_line(before, after, positions)
    runs = stage_runs(positions, before, after)
    stage_labels = [
        _clip(fit.wrap(name, size * column - 0.16, 9, "bold"), 3, fit, size * column - 0.16, 9, "bold")
        for _stage, _first, size, name in runs
    ]
    inner = column - 0.14
    step_labels = [
        _clip(fit.wrap(_name(p), inner, 8.5, _weight(p)), LABEL_LINES, fit, inner, 8.5, _weight(p))
        for p in positions
    ]
    old_names = [
        _clip(fit.wrap(_old_name(p), inner, 7.5, style="italic"), 3, fit, inner, 7.5, style="italic")
        for p in positions
    ]
    title_height = 0.25 + text_height(title, 15) + 0.1 + text_height(summary, 10) + 0.15
    legend_height = 0.45
    header_height = max([1, *(s.count("\n") + 1 for s in stage_labels)]) * LINESPACING * 9 / 72 + 0.2
    label_height = 0.35 + max(
        [
            text_height(label, 8.5) + (0.05 + text_height(was, 7.5) if was else 0.0)
            for label, was in zip(step_labels, old_names, strict=True)
        ],
        default=0.0,
    )
    plot_top = title_height + legend_height + header_height
    height = plot_top + PLOT_INCHES + label_height

    fig = Picture(
        figsize=(width, height),
        title=_("Today and tomorrow: {current} → {future}").format(
            current=drawn_text(before.name, one_line=True), future=drawn_text(after.name, one_line=True)
        ),
        description=description(before, after, positions),
    )
    canvas = fig.add_axes((0, 0, 1, 1))
    canvas.set_xlim(0, width)
    canvas.set_ylim(height, 0)
    canvas.set_axis_off()
    canvas.text(0.3, 0.25, title, fontsize=15, fontweight="bold", va="top", color=INK, parse_math=False)
    canvas.text(
        0.3, 0.35 + text_height(title, 15), summary, fontsize=10, va="top", color="#546e7a", parse_math=False
    )

    header_top = title_height + legend_height
    for (_stage, first, size, _label), label in zip(runs, stage_labels, strict=True):
        x = LEFT_INCHES + first * column
        canvas.add_patch(
            Rectangle(
                (x, header_top), size * column, header_height - 0.05, facecolor="#37474f", edgecolor="white"
            )
        )
        canvas.text(
            x + size * column / 2,
            header_top + (header_height - 0.05) / 2,
            label,
            color="white",
            fontsize=9,
            fontweight="bold",
            ha="center",
            va="center",
            linespacing=LINESPACING,
            parse_math=False,
        )
    colours = {"added": ADDED, "removed": REMOVED, "kept": INK}
    for i, (position, label, was) in enumerate(zip(positions, step_labels, old_names, strict=True)):
        x = LEFT_INCHES + (i + 0.5) * column
        top = plot_top + PLOT_INCHES + 0.2
        canvas.text(
            x,
            top,
            label,
            fontsize=8.5,
            ha="center",
            va="top",
            linespacing=LINESPACING,
            color=colours[position.status],
            fontweight=_weight(position),
            parse_math=False,
        )
        if was:  # a renamed step: its old name, quieter
            canvas.text(
                x,
                top + text_height(label, 8.5) + 0.05,
                was,
                fontsize=7.5,
                ha="center",
                va="top",
                linespacing=LINESPACING,
                color="#78909c",
                style="italic",
                parse_math=False,
            )

    ax = fig.add_axes(
        (
            LEFT_INCHES / width,
            (height - plot_top - PLOT_INCHES) / height,
            column * count / width,
            PLOT_INCHES / height,
        )
    )
    _plot(ax, positions, runs)

    handles = [
        Line2D(
            [],
            [],
            color=CURRENT,
            linestyle="--",
            marker="o",
            markerfacecolor="white",
            label=_("today (current)"),
        ),
        Line2D([], [], color=FUTURE, marker="o", label=_("aspiration (future)")),
    ]
    if any(p.status == "added" for p in positions):
        handles.append(
            Line2D([], [], color=ADDED, marker="^", linestyle="none", markersize=9, label=_("added step"))
        )
    if any(p.status == "removed" for p in positions):
        handles.append(
            Line2D([], [], color=REMOVED, marker="X", linestyle="none", markersize=9, label=_("removed step"))
        )
    legend = fig.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=(LEFT_INCHES / width, 1 - (title_height + legend_height / 2) / height),
        ncol=len(handles),
        frameon=False,
        fontsize=9.5,
        borderaxespad=0,
        handlelength=2.6,
        columnspacing=2.0,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
    return fig


def _plot(ax: Axes, positions: list[Position], runs: list[tuple[str, int, int, str]]) -> None:
    """Stage bands, the two curves, the change marks and the emotion deltas."""
    count = max(len(positions), 1)
    ax.set_xlim(-0.5, count - 0.5)
    ax.set_ylim(0.35, 5.55)
    ax.set_xticks([])
    ax.set_yticks(
        [1, 2, 3, 4, 5],
        [
            _("very bad  {score}").format(score=1),
            "2",
            _("neutral  {score}").format(score=3),
            "4",
            _("very good  {score}").format(score=5),
        ],
        fontsize=9,
    )
    ax.tick_params(axis="y", length=0, colors="#546e7a")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#b0bec5")
    for k, (_stage, first, size, _label) in enumerate(runs):
        if k % 2:
            ax.axvspan(first - 0.5, first + size - 0.5, color="#f5f7f8", zorder=0, linewidth=0)
    for i, position in enumerate(positions):
        if position.status != "kept":
            colour = "#e8f5e9" if position.status == "added" else "#ffebee"
            ax.axvspan(i - 0.45, i + 0.45, color=colour, zorder=0.5, linewidth=0)
    ax.axhline(3, color="#bdbdbd", linestyle=":", linewidth=1, zorder=1)

    for side, colour, style in (("current", CURRENT, "--"), ("future", FUTURE, "-")):
        xs: list[float] = []
        ys: list[float] = []
        segment: list[tuple[int, int]] = []
        segments = [segment]
        for i, position in enumerate(positions):
            step = getattr(position, side)
            if step is None:  # not in this journey: the curve goes straight on
                continue
            if step.emotion is None:  # no emotion: a gap
                segment = []
                segments.append(segment)
                continue
            segment.append((i, step.emotion))
            xs.append(i)
            ys.append(step.emotion)
        for part in segments:
            if len(part) > 1:
                ax.plot(
                    [x for x, _y in part],
                    [y for _x, y in part],
                    color=colour,
                    linestyle=style,
                    linewidth=2.2 if side == "future" else 1.8,
                    zorder=3 if side == "future" else 2,
                    gid=f"{side}-curve",
                )
        if xs:
            ax.plot(
                xs,
                ys,
                linestyle="none",
                marker="o",
                markersize=8 if side == "future" else 7,
                color=colour,
                markerfacecolor=colour if side == "future" else "white",
                markeredgewidth=1.8,
                zorder=4 if side == "future" else 3.5,
                gid=f"{side}-points",
            )

    for status, marker, colour in (("added", "^", ADDED), ("removed", "X", REMOVED)):
        where = [i for i, p in enumerate(positions) if p.status == status]
        if where:
            ax.plot(
                where,
                [0.62] * len(where),
                linestyle="none",
                marker=marker,
                markersize=10,
                color=colour,
                gid=status,
            )

    for i, position in enumerate(positions):
        before = position.current.emotion if position.current else None
        after = position.future.emotion if position.future else None
        if before is None or after is None or before == after:
            continue
        ax.plot([i, i], [before, after], color="#90a4ae", linewidth=0.8, zorder=1.5)
        delta = after - before
        ax.text(
            i + 0.12,
            (before + after) / 2,
            f"{delta:+d}".replace("-", "−"),
            fontsize=8,
            va="center",
            ha="left",
            color=ADDED if delta > 0 else REMOVED,
            fontweight="bold",
        )


def _journeys(
    current: Journey | str, future: Journey | str | None, program: Program | None
) -> tuple[Journey, Journey]:
    if program is not None:
        program_of(program, "compare_view")
    if future is not None:
        return journey_of(current, program, "compare_view"), journey_of(future, program, "compare_view")
    after = journey_of(current, program, "compare_view")
    if after.replaces is None:
        raise ArgumentError(
            f"compare_view: journey {after.id!r} replaces no journey; name both: "
            "compare_view(current, future)"
        )
    if program is None:
        raise ArgumentError(
            f"compare_view: journey {after.id!r} replaces {after.replaces!r}: give program= to find it, "
            f"or both journeys: compare_view({after.replaces!r}, {after.id!r}, program=program)"
        )
    return program.journey(after.replaces), after


def _weight(position: Position) -> str:
    """Added and removed steps are labelled in bold."""
    return "normal" if position.status == "kept" else "bold"


def _name(position: Position) -> str:
    step = position.future or position.current
    assert step is not None
    return step.name


def _old_name(position: Position) -> str:
    """``"was: <current name>"`` for a matched step whose name changed, else ``""``."""
    if position.current is None or position.future is None or position.current.name == position.future.name:
        return ""
    return _("was: {name}").format(name=position.current.name)


def _clip(
    text: str,
    lines: int,
    fit: TextFitter,
    inches: float,
    size: float,
    weight: str = "normal",
    style: FontStyle = "normal",
) -> str:
    """At most ``lines`` lines of ``text``; a cut ends in "…", still within ``inches``."""
    kept = text.split("\n")
    if len(kept) <= lines:
        return text
    last = kept[lines - 1]
    while last and fit.width(last + "…", size, weight, style) > inches:
        last = last[:-1]
    return "\n".join([*kept[: lines - 1], last.rstrip() + "…"])
