"""One self-contained HTML report of a whole programme: text, tables and inline SVG."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import DEFAULT, _, use_language

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["report", "report_html"]


def report(
    program: Program, path: str | os.PathLike[str], *, title: str | None = None, language: str | None = None
) -> Path:
    """Write one self-contained HTML report of ``program`` to ``path``.

    The report says everything the programme holds, as text and tables a
    reader can find, copy and hear, and as pictures: its purpose; every
    persona (its card, and its goals, challenges and words as text); the
    roles; the use cases with the criteria to choose them (process, sponsor,
    champion, metrics, impact, ease; the priority matrix); the metrics with
    their targets; who does what (roles by journey, roles by use case with
    sponsors and champions); how the personas cover the journeys; the
    requirements backlog (waves counted from 0, as ``derive_requirements``
    counts them); the check findings; and for every journey its map, its
    service blueprint, its traceability graph (plus the comparison with the
    journey a future one replaces) and its steps.

    Pictures are inline SVG with their words as text; each is a figure
    named by its title and description, in a box of its own that scrolls
    sideways, so the page fits a phone's width. The file makes no outside
    request and needs no JavaScript: it can be mailed, archived and printed
    as it is (print styles put each section on its own page and fit pictures
    to the page width).

    The report's own words are in ``language`` (a BCP 47 tag), else the
    programme's ``language``, else English, and ``<html lang>`` says which.
    Every user text is escaped; nothing in the programme can add an element
    or an attribute to the page. The traceability graphs need Graphviz (see
    ``journeykit.render.save``); without it the report says so and shows the
    DOT text instead. Needs matplotlib (``pip install 'journeykit[plot]'``).
    Writing is atomic and returns the path written.

    Examples
    --------
    >>> out = jk.report(jk.example(), tmp_path / "portal.html")
    >>> page = out.read_text(encoding="utf-8")
    >>> page.startswith("<!DOCTYPE html>"), '<html lang="en">' in page, "<script" in page
    (True, True, False)
    >>> # 3 persona cards, the matrix, 4 x (map, blueprint, graph), 2 comparisons
    >>> page.count('<figure role="img"')
    18
    >>> spanish = jk.report(jk.example(language="es"), tmp_path / "es.html").read_text(encoding="utf-8")
    >>> '<html lang="es">' in spanish, "Sobre el programa" in spanish
    (True, True)
    """
    from journeykit.io._atomic import atomic_write

    target = Path(path)
    atomic_write(target, report_html(program, title=title, language=language).encode("utf-8"))
    return target


def report_html(program: Program, *, title: str | None = None, language: str | None = None) -> str:
    """The text of the report ``report`` writes (same arguments, without the path).

    Examples
    --------
    >>> page = jk.render.html.report_html(jk.example(), language="es")
    >>> page[:40]
    '<!DOCTYPE html>\\n<html lang="es"><head><m'
    """
    from journeykit._extras import require

    program = program_of(program, "report")
    require("matplotlib")
    tag = language or program.language or DEFAULT
    with use_language(tag):
        return _page(program, title or program.name, tag)


def _page(program: Program, heading: str, language: str) -> str:
    from journeykit.analysis import (
        check,
        derive_requirements,
        prioritize,
        responsibilities,
        responsibilities_by_use_case,
    )
    from journeykit.render import _report_journeys as pictures
    from journeykit.render import _report_sections as part
    from journeykit.render._report_page import page, text

    sections: list[tuple[str, str, str]] = [("about", _("About the programme"), part.about(program))]
    if program.personas:
        cards = "".join(
            f'<article id="persona:{persona.id}"><h3>{text(persona.name)}</h3>'
            f"{pictures.persona_picture(persona, program, language)}{part.persona_details(persona)}</article>"
            for persona in program.personas
        )
        sections.append(("personas", _("Personas"), cards))
    if program.roles:
        sections.append(("roles", _("Roles"), part.roles(program)))
    if program.use_cases:
        body = pictures.priority_picture(program, language) + part.use_cases(program, prioritize(program))
        sections.append(("use-cases", _("Use cases"), body))
    if program.metrics:
        sections.append(("metrics", _("Metrics and targets"), part.metrics(program)))
    if program.roles and (program.journeys or program.use_cases):
        who = part.responsibilities(program, responsibilities(program), responsibilities_by_use_case(program))
        sections.append(("responsibilities", _("Who does what"), who))
    if program.personas:
        from journeykit.personas import coverage

        sections.append(("coverage", _("Persona coverage"), part.coverage(program, coverage(program))))
    sections.append(
        ("backlog", _("Requirements backlog"), part.backlog(program, derive_requirements(program)))
    )
    sections.append(("checks", _("Check findings"), part.checks(check(program))))
    for journey in program.journeys:
        body = pictures.journey_section(program, journey, language)
        sections.append((f"journey:{journey.id}", journey.name, body))
    return page(
        language=language,
        title=heading,
        subtitle=_("Personas, journeys and the requirements they need, drawn by journeykit."),
        contents=_("Contents"),
        sections=sections,
    )
