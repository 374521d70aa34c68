"""The priority matrix: use cases by impact and ease, sized by effort."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import N_, _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.exceptions import ArgumentError

if TYPE_CHECKING:
    from journeykit.program import Program, UseCase
    from journeykit.render._picture import Picture

__all__ = ["priority_matrix"]

#: (quadrant of ``prioritize``, label, x, y) in impact/ease units; 3 counts as
#: high, so the lines sit at 2.5. Every quadrant is named in words.
_QUADRANTS = (
    ("quick win", N_("quick wins"), 4.95, 5.45),
    ("major project", N_("major projects"), 0.55, 5.45),
    ("fill-in", N_("fill-ins"), 4.95, 0.55),
    ("thankless task", N_("thankless tasks"), 0.55, 0.55),
)
#: Bubbles: Okabe-Ito blue, read by colour-blind readers too (there is one colour).
BUBBLE = "#0072b2"
EDGE = "#003f63"
#: The longest use case or programme name a description and a title hold whole.
NAME_CHARS = 80


def priority_matrix(
    use_cases: Program | Iterable[UseCase], *, program: Program | None = None, language: str | None = None
) -> Picture:
    """Use cases on an impact × ease matrix, with the four quadrants named, as a ``Picture``.

    ``use_cases`` is a programme (all its use cases) or use cases; with use
    cases, give ``program`` for effort and the programme's name.

    Ease runs left to right, impact bottom to top, both 1 to 5; the lines at
    2.5 split the quadrants as ``prioritize`` does (3 counts as high), and
    each quadrant is named in its corner (quick wins, major projects,
    fill-ins, thankless tasks). A bubble's area is the effort the use case
    needs (the open requirements it needs, as ``select_pilot`` counts them)
    when a programme is given; use cases without a score are listed under
    the matrix. Several use cases on the same cell are spread around it,
    never drawn on top of each other.

    The matrix's own words are in ``language`` (a BCP 47 tag), else the
    programme's ``language``, else English. The ``Picture``'s description
    counts the use cases of each quadrant and names them. Needs matplotlib
    (``pip install 'journeykit[plot]'``).

    Examples
    --------
    >>> fig = jk.render.priority_matrix(jk.example())
    >>> fig.title
    'Priority matrix: Partner portal'
    >>> [t.get_text() for t in fig.axes[0].texts][:4]
    ['quick wins', 'major projects', 'fill-ins', 'thankless tasks']
    >>> fig.description.split(".")[0]
    '8 use cases by business impact and ease of implementation'
    >>> spanish = jk.render.priority_matrix(jk.example(), language="es")
    >>> [t.get_text() for t in spanish.axes[0].texts][0]
    'victorias rápidas'
    """
    from journeykit.program import Program, UseCase

    if isinstance(use_cases, Program):
        program = program or use_cases
        cases = list(use_cases.use_cases)
    elif isinstance(use_cases, (str, bytes, UseCase)) or not isinstance(use_cases, Iterable):
        raise ArgumentError(
            "priority_matrix takes a Program or use cases, not "
            f"{_kind(use_cases)}: priority_matrix(program) or priority_matrix([use_case, ...])"
        )
    else:
        cases = list(use_cases)
        wrong = [case for case in cases if not isinstance(case, UseCase)]
        if wrong:
            raise ArgumentError(f"priority_matrix takes UseCase objects, not {_kind(wrong[0])}")
    if program is not None:
        program_of(program, "priority_matrix")
    with use_language(language_of(language, program)):
        return _draw(cases, program)


def _draw(cases: list[UseCase], program: Program | None) -> Picture:
    from journeykit._extras import require

    require("matplotlib")
    from journeykit.render._picture import Picture

    effort = _efforts(program, cases) if program is not None else {}
    biggest = max(effort.values(), default=0.0) or 1.0
    subject = _clip(drawn_text(program.name, one_line=True)) if program is not None else _("use cases")

    fig = Picture(
        figsize=(8, 8),
        title=_("Priority matrix: {programme}").format(programme=subject),
        description=_description(cases),
    )
    ax = fig.add_axes((0.1, 0.12, 0.85, 0.8))
    ax.set_xlim(0.3, 6.4)  # room for the labels right of the ease-5 column
    ax.set_ylim(0.3, 5.7)
    ax.set_xlabel(_("ease of implementation"))
    ax.set_ylabel(_("business impact"))
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.axvline(2.5, color="#9e9e9e", linewidth=1)
    ax.axhline(2.5, color="#9e9e9e", linewidth=1)
    for _quadrant, label, x, y in _QUADRANTS:
        ax.text(
            x,
            y,
            _(label),
            ha="right" if x > 3 else "left",
            va="center",
            fontsize=11,
            color="#546e7a",
            fontweight="bold",
        )
    ax.set_title(_("{subject}: impact × ease").format(subject=subject), fontsize=12, wrap=True)

    cells: dict[tuple[int, int], list[UseCase]] = defaultdict(list)
    unscored = []
    for case in cases:
        if case.impact is None or case.ease is None:
            unscored.append(case)
        else:
            cells[(case.ease, case.impact)].append(case)
    for (ease, impact), group in sorted(cells.items()):
        for k, case in enumerate(sorted(group, key=lambda c: c.id)):
            # spread a cell's use cases over its height so their labels never meet
            dy = (k - (len(group) - 1) / 2) * min(0.3, 0.9 / len(group))
            size = 200 + 1800 * (effort.get(case.id, 0.0) / biggest) if effort else 400
            ax.scatter([ease], [impact + dy], s=size, alpha=0.35, color=BUBBLE, edgecolors=EDGE)
            # two short lines: they end before the next column's labels start
            ax.text(ease + 0.12, impact + dy, _label(case.name), fontsize=7, va="center", parse_math=False)
    if unscored:
        names = ", ".join(drawn_text(c.name, one_line=True) for c in unscored)
        fig.text(
            0.1,
            0.02,
            textwrap.shorten(_("Not scored: {names}").format(names=names), 120),
            fontsize=8,
            parse_math=False,
        )
    if effort:
        fig.text(
            0.95,
            0.02,
            _("bubble area: open effort (person-days)"),
            fontsize=8,
            ha="right",
            color="#546e7a",
        )
    return fig


def _description(cases: list[UseCase]) -> str:
    """How many use cases each quadrant holds, and which, for a screen reader."""
    from journeykit.analysis.prioritize import quadrant

    groups: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        groups[quadrant(case.impact, case.ease)].append(_clip(drawn_text(case.name, one_line=True)))
    n = len(cases)
    parts = [
        ngettext(
            "{n} use case by business impact and ease of implementation.",
            "{n} use cases by business impact and ease of implementation.",
            n,
        ).format(n=n)
    ]
    for key in ("quick win", "major project", "fill-in", "thankless task", "unscored"):
        names = groups.get(key)
        if names:
            parts.append(_sentence(key, len(names)).format(n=len(names), names="; ".join(names)))
    return " ".join(parts)


def _sentence(quadrant: str, n: int) -> str:
    """How many use cases a quadrant holds, and which (``{n}``, ``{names}``)."""
    if quadrant == "quick win":
        return ngettext("{n} quick win: {names}.", "{n} quick wins: {names}.", n)
    if quadrant == "major project":
        return ngettext("{n} major project: {names}.", "{n} major projects: {names}.", n)
    if quadrant == "fill-in":
        return ngettext("{n} fill-in: {names}.", "{n} fill-ins: {names}.", n)
    if quadrant == "thankless task":
        return ngettext("{n} thankless task: {names}.", "{n} thankless tasks: {names}.", n)
    return ngettext("{n} not scored: {names}.", "{n} not scored: {names}.", n)


def _label(name: str, width: int = 17, lines: int = 2) -> str:
    wrapped = textwrap.wrap(drawn_text(name, one_line=True), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return "\n".join(wrapped)


def _clip(text: str, width: int = NAME_CHARS) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _kind(value: object) -> str:
    name = type(value).__name__
    return f"an {name}" if name[0].lower() in "aeiou" else f"a {name}"


def _efforts(program: Program, cases: list[UseCase]) -> dict[str, float]:
    from journeykit.analysis import derive_requirements

    return {
        case.id: sum(row.effort or 0.0 for row in derive_requirements(program, use_cases=[case.id]))
        for case in cases
        if case.id in {u.id for u in program.use_cases}
    }
