"""One self-contained HTML report of a whole programme: text, tables and inline SVG."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeykit._text import html_text

if TYPE_CHECKING:
    from journeykit.analysis._table import Table
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["report"]

#: Columns of the backlog shown in the report (the rest is in ``derive_requirements``).
BACKLOG_COLUMNS = ("requirement", "title", "wave", "critical", "status", "owner", "effort", "journeys")

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem;
       color: #263238; line-height: 1.45; }
h1 { margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #37474f; padding-bottom: .2rem; margin-top: 2.5rem; }
nav ol { columns: 2; } figure { margin: 1rem 0 2rem; }
figcaption { font-size: .9rem; color: #546e7a; margin-top: .3rem; }
.picture { overflow-x: auto; border: 1px solid #eceff1; }
.picture svg { display: block; height: auto; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; } .cards .picture { flex: 0 1 auto; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #cfd8dc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eceff1; } caption { text-align: left; font-weight: bold; padding: .3rem 0; }
.note { color: #6d4c41; font-style: italic; } pre { white-space: pre-wrap; font-size: .75rem; }
@media print {
  body { margin: 0; } nav { display: none; }
  .picture { overflow: visible; border: none; } .picture svg { max-width: 100%; }
  section, figure, table { break-inside: avoid-page; } h2 { break-before: page; }
}
"""


def report(program: Program, path: str | os.PathLike[str], *, title: str | None = None) -> Path:
    """Write one self-contained HTML report of ``program`` to ``path``.

    The report holds the purpose, a card for every persona, the priority
    matrix, the requirements backlog and the check findings, and for every
    journey its map, its service blueprint and its traceability graph (plus
    the comparison with the journey a future one replaces). Pictures are
    inline SVG: the file makes no outside request and needs no JavaScript, so
    it can be mailed, archived and printed as it is (print styles put each
    section on its own page and fit pictures to the page width).

    Every user text is escaped; nothing in the programme can add an element
    or an attribute to the page. The traceability graph needs Graphviz (see
    ``journeykit.render.save``); without it the report says so and shows the
    DOT text instead. Needs matplotlib (``pip install 'journeykit[plot]'``).
    Writing is atomic and returns the path written.

    Examples
    --------
    >>> out = jk.report(jk.example(), tmp_path / "portal.html")
    >>> page = out.read_text(encoding="utf-8")
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page
    (True, False)
    >>> page.count("<svg")  # 3 persona cards, the matrix, 4 x (map, blueprint, graph), 2 comparisons
    18
    """
    from journeykit.io._files import _atomic_write

    target = Path(path)
    _atomic_write(target, report_html(program, title=title).encode("utf-8"))
    return target


def report_html(program: Program, *, title: str | None = None) -> str:
    """The text of the report ``report`` writes."""
    from journeykit.analysis import check, derive_requirements

    heading = title or program.name
    sections: list[tuple[str, str, str]] = []  # (anchor, heading, body)

    about = [f"<p>{_paragraphs(program.purpose)}</p>"] if program.purpose else []
    if program.description:
        about.append(f"<p>{_paragraphs(program.description)}</p>")
    about.append(_counts(program))
    sections.append(("about", "About the programme", "".join(about)))

    if program.personas:
        cards = "".join(
            _figure(partial(_persona_card, persona, program), f"persona-{persona.id}", persona.name)
            for persona in program.personas
        )
        sections.append(("personas", "Personas", f'<div class="cards">{cards}</div>'))

    if program.use_cases:
        from journeykit.render.matrix import priority_matrix

        sections.append(
            (
                "priorities",
                "Use cases by impact and ease",
                _figure(
                    lambda: priority_matrix(program), "matrix", "Impact × ease; bubble area = open effort"
                ),
            )
        )

    backlog = derive_requirements(program)
    sections.append(
        (
            "backlog",
            "Requirements backlog",
            "<p>Every requirement the journeys' steps need, in the order to build them "
            "(wave 1 first; critical = on the longest dependency chain).</p>"
            + _table(backlog, BACKLOG_COLUMNS),
        )
    )
    findings = check(program)
    sections.append(
        (
            "checks",
            "Check findings",
            _table(findings, findings.columns)
            if len(findings)
            else "<p>No findings: the checks all pass.</p>",
        )
    )
    for journey in program.journeys:
        sections.append((f"journey-{journey.id}", journey.name, _journey_section(program, journey)))

    nav = "".join(
        f'<li><a href="#{html_text(anchor)}">{html_text(name)}</a></li>' for anchor, name, _ in sections
    )
    body = "".join(
        f'<section id="{html_text(anchor)}"><h2>{html_text(name)}</h2>{content}</section>'
        for anchor, name, content in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_text(heading)}</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{html_text(heading)}</h1>"
        "<p>Personas, journeys and the requirements they need, drawn by journeykit.</p>"
        f"</header><nav><ol>{nav}</ol></nav><main>{body}</main></body></html>\n"
    )


def _journey_section(program: Program, journey: Journey) -> str:
    from journeykit.render.dot import traceability

    state = "the future, as designed" if journey.state == "future" else "today, as it is"
    parts = [f"<p><strong>{html_text(journey.state)}</strong>: {state}."]
    if journey.description:
        parts.append(f" {_paragraphs(journey.description)}")
    parts.append("</p>")
    anchor = f"journey-{journey.id}"
    parts.append(
        _figure(lambda: _journey_map(journey, program), f"{anchor}-map", f"Journey map: {journey.name}")
    )
    parts.append(
        _figure(
            lambda: _blueprint(journey, program), f"{anchor}-blueprint", f"Service blueprint: {journey.name}"
        )
    )
    if journey.replaces is not None:
        current = program.journey(journey.replaces)
        parts.append(
            _figure(
                lambda: _compare_view(current, journey, program),
                f"{anchor}-compare",
                f"Today and tomorrow: {current.name} → {journey.name}",
            )
        )
    parts.append(_graph(traceability(program, journey=journey.id), f"{anchor}-trace", journey.name))
    return "".join(parts)


def _figure(draw: Callable[[], Any], anchor: str, caption: str) -> str:
    """A matplotlib figure as an inline ``<svg>`` in a ``<figure>``, closed after drawing."""
    from journeykit.render.files import _figure_bytes

    figure = draw()
    svg = _inline_svg(_figure_bytes(figure, "svg").decode("utf-8"), anchor)
    return f'<figure><div class="picture">{svg}</div><figcaption>{html_text(caption)}</figcaption></figure>'


def _graph(dot: Any, anchor: str, name: str) -> str:
    """A Graphviz graph as inline SVG, or its DOT text when there is no Graphviz."""
    from journeykit.render.files import MissingRendererError, render_dot

    caption = f"Traceability: who takes which steps, what supports them, what they need ({name})"
    try:
        svg = _inline_svg(render_dot(dot.source, "svg").decode("utf-8"), anchor)
    except MissingRendererError as error:
        return (
            f'<figure><p class="note">{html_text(error)}</p><details><summary>DOT text</summary>'
            f"<pre>{html_text(dot.source)}</pre></details><figcaption>{html_text(caption)}</figcaption></figure>"
        )
    return f'<figure><div class="picture">{svg}</div><figcaption>{html_text(caption)}</figcaption></figure>'


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->|<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')


def _inline_svg(svg: str, prefix: str) -> str:
    """An SVG document made fit to sit inside HTML next to others.

    Drops the XML prologue, the comments (matplotlib repeats the drawn text
    in comments) and the metadata, and prefixes every id and every reference to one, so that
    two pictures' clip paths and glyphs cannot collide.
    """
    svg = _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1))
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def _table(rows: Table[Any], columns: Iterable[str]) -> str:
    from journeykit._text import csv_cell

    shown = [c for c in columns if c in rows.columns]
    head = "".join(f"<th>{html_text(c)}</th>" for c in shown)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_text(csv_cell(r[c]))}</td>" for c in shown) + "</tr>"
        for r in rows.to_records()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _paragraphs(text: str) -> str:
    return "<br>".join(html_text(line) for line in text.strip().splitlines())


def _counts(program: Program) -> str:
    counts = {
        "personas": len(program.personas),
        "roles": len(program.roles),
        "use cases": len(program.use_cases),
        "journeys": len(program.journeys),
        "steps": sum(len(j.steps) for j in program.journeys),
        "requirements": len(program.requirements),
    }
    cells = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in counts.items())
    return f"<table>{cells}</table>"


# The figure views import matplotlib; they are imported here, on first use.
def _journey_map(journey: Journey, program: Program) -> Any:
    from journeykit.render.journey_map import journey_map

    return journey_map(journey, program=program)


def _blueprint(journey: Journey, program: Program) -> Any:
    from journeykit.render.blueprint import blueprint

    return blueprint(journey, program=program)


def _compare_view(current: Journey, future: Journey, program: Program) -> Any:
    from journeykit.render.compare import compare_view

    return compare_view(current, future, program=program)


def _persona_card(persona: Any, program: Program) -> Any:
    from journeykit.render.persona import persona_card

    return persona_card(persona, program=program)
