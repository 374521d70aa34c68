"""The priority matrix: use cases by impact and ease, sized by effort."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from journeykit._text import drawn_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from journeykit.program import Program, UseCase

__all__ = ["priority_matrix"]

_QUADRANTS = (  # (label, x, y) in impact/ease units; 3 counts as high, so the lines sit at 2.5
    ("quick wins", 4.95, 5.45),
    ("major projects", 0.55, 5.45),
    ("fill-ins", 4.95, 0.55),
    ("thankless tasks", 0.55, 0.55),
)


def priority_matrix(use_cases: Program | Iterable[UseCase], *, program: Program | None = None) -> Figure:
    """Use cases on an impact × ease matrix, with the four quadrants labelled.

    Ease runs left to right, impact bottom to top, both 1 to 5; the lines at
    2.5 split the quadrants as ``prioritize`` does (3 counts as high). A
    bubble's area is the effort the use case needs (the open requirements it
    needs, as ``select_pilot`` counts them) when a programme is given; use
    cases without a score are listed under the matrix. Several use cases on
    the same cell are spread around it, never drawn on top of each other.

    Examples
    --------
    >>> fig = jk.render.priority_matrix(jk.example())
    >>> [t.get_text() for t in fig.axes[0].texts][:4]
    ['quick wins', 'major projects', 'fill-ins', 'thankless tasks']
    """
    from matplotlib.figure import Figure

    from journeykit.program import Program

    if isinstance(use_cases, Program):
        program = program or use_cases
        cases = list(use_cases.use_cases)
    else:
        cases = list(use_cases)
    effort = _efforts(program, cases) if program is not None else {}
    biggest = max(effort.values(), default=0.0) or 1.0

    fig = Figure(figsize=(8, 8))
    ax = fig.add_axes((0.1, 0.12, 0.85, 0.8))
    ax.set_xlim(0.3, 6.4)  # room for the labels right of the ease-5 column
    ax.set_ylim(0.3, 5.7)
    ax.set_xlabel("ease of implementation")
    ax.set_ylabel("business impact")
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.axvline(2.5, color="#9e9e9e", linewidth=1)
    ax.axhline(2.5, color="#9e9e9e", linewidth=1)
    for label, x, y in _QUADRANTS:
        ax.text(
            x,
            y,
            label,
            ha="right" if x > 3 else "left",
            va="center",
            fontsize=11,
            color="#607d8b",
            fontweight="bold",
        )
    title = drawn_text(program.name, one_line=True) if program is not None else "Use cases"
    ax.set_title(f"{title}: impact × ease", fontsize=12)

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
            ax.scatter([ease], [impact + dy], s=size, alpha=0.35, color="#1e88e5", edgecolors="#0d47a1")
            # two short lines: they end before the next column's labels start
            ax.text(ease + 0.12, impact + dy, _label(case.name), fontsize=7, va="center", parse_math=False)
    if unscored:
        names = ", ".join(drawn_text(c.name, one_line=True) for c in unscored)
        fig.text(0.1, 0.02, textwrap.shorten(f"Not scored: {names}", 120), fontsize=8, parse_math=False)
    if effort:
        fig.text(
            0.95, 0.02, "bubble area: open effort (person-days)", fontsize=8, ha="right", color="#607d8b"
        )
    return fig


def _label(name: str, width: int = 17, lines: int = 2) -> str:
    wrapped = textwrap.wrap(drawn_text(name, one_line=True), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return "\n".join(wrapped)


def _efforts(program: Program, cases: list[UseCase]) -> dict[str, float]:
    from journeykit.analysis import derive_requirements

    return {
        case.id: sum(row.effort or 0.0 for row in derive_requirements(program, use_cases=[case.id]))
        for case in cases
        if case.id in {u.id for u in program.use_cases}
    }
