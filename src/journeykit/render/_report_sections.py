"""The report's sections about the programme as a whole: what it is for, who and what it holds.

Each function returns a section's body HTML, written in the language in
force (``html.report_html`` sets it). User text is escaped with
``_report_page.text``; every word the report adds comes from the catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeykit._i18n import N_, _, ngettext
from journeykit._labels import VALUE_WORDS
from journeykit.render._report_page import items, paragraphs, table, text

if TYPE_CHECKING:
    from journeykit.analysis import Backlog, Findings, Priorities, Responsibilities, UseCaseResponsibilities
    from journeykit.personas import Coverage, Persona
    from journeykit.program import Metric, Program

__all__ = [
    "about",
    "backlog",
    "checks",
    "coverage",
    "metrics",
    "number",
    "persona_details",
    "ref_name",
    "responsibilities",
    "roles",
    "use_cases",
    "word",
]

#: Values of the model and of analyses that the report writes as words: those
#: the CLI tables write, and the kinds of roles.
WORDS = {
    **VALUE_WORDS,
    "team": N_("team"),
    "person": N_("person"),
    "system": N_("system"),
}


def word(value: str) -> str:
    """A value of the model as a word in the language in force (unknown values as they are)."""
    return _(WORDS[value]) if value in WORDS else value


def number(value: float | None) -> str:
    """A number as the report writes it: whole numbers without decimals, none as a dash."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def about(program: Program) -> str:
    parts = []
    if program.purpose:
        parts.append(f"<p>{paragraphs(program.purpose)}</p>")
    if program.description:
        parts.append(f"<p>{paragraphs(program.description)}</p>")
    counts = [
        (_("Personas"), len(program.personas)),
        (_("Roles"), len(program.roles)),
        (_("Use cases"), len(program.use_cases)),
        (_("Journeys"), len(program.journeys)),
        (_("Steps"), sum(len(j.steps) for j in program.journeys)),
        (_("Requirements"), len(program.requirements)),
        (_("Metrics"), len(program.metrics)),
    ]
    rows = [(text(name), str(count)) for name, count in counts]
    parts.append(
        table((_("What"), _("How many")), rows, caption=_("What the programme holds"), row_headers=True)
    )
    return "".join(parts)


def persona_details(persona: Persona) -> str:
    """A persona's words as text the reader can find, copy and hear (the card draws them too)."""
    lists = [
        (_("Role"), [persona.role] if persona.role else []),
        (_("Goals"), persona.goals),
        (_("Challenges"), persona.challenges),
        (_("Motivations"), persona.motivations),
        (_("Responsibilities"), persona.responsibilities),
        (_("Preferred channels"), persona.channels),
        (_("In their own words"), persona.quotes),
    ]
    entries = "".join(f"<dt>{text(name)}</dt><dd>{items(values)}</dd>" for name, values in lists if values)
    portrait = f"<p>{paragraphs(persona.description)}</p>" if persona.description else ""
    return portrait + (f"<dl>{entries}</dl>" if entries else "")


def roles(program: Program) -> str:
    rows = [
        (
            text(role.name),
            text(word(role.kind)),
            paragraphs(role.description or ""),
            items(role.responsibilities),
        )
        for role in program.roles
    ]
    return table((_("Role"), _("Kind"), _("Description"), _("Responsibilities")), rows, row_headers=True)


def use_cases(program: Program, priorities: Priorities) -> str:
    """Every use case with the seed's criteria, best first (as ``prioritize`` orders them)."""
    names = {role.id: role.name for role in program.roles}
    measured_by: dict[str, list[str]] = {}
    for metric in program.metrics:
        for ref in metric.measures:
            if ref.startswith("use_case:"):
                measured_by.setdefault(ref.partition(":")[2], []).append(metric.name)
    cases = {case.id: case for case in program.use_cases}
    rows = []
    for priority in priorities:
        case = cases[priority.id]
        if priority.ready:
            readiness = text(_("ready"))
        else:
            missing = ", ".join(word(criterion) for criterion in priority.missing)
            readiness = text(_("missing: {criteria}").format(criteria=missing))
        rows.append(
            (
                text(case.name),
                text(case.theme),
                text(case.process or "–"),
                text(names.get(case.sponsor, case.sponsor) if case.sponsor else "–"),
                text(names.get(case.champion, case.champion) if case.champion else "–"),
                items(measured_by.get(case.id, ())) or "–",
                number(case.impact),
                number(case.ease),
                text(word(priority.quadrant)),
                readiness,
            )
        )
    headers = (
        _("Use case"),
        _("Theme"),
        _("Process"),
        _("Sponsor"),
        _("Champion"),
        _("Metrics"),
        _("Impact"),
        _("Ease"),
        _("Quadrant"),
        _("Ready for a pilot"),
    )
    intro = _(
        "Each use case with the criteria to choose it: the business process it supports, its executive "
        "sponsor and mid-level champion, the metrics that measure it, and its impact and ease "
        "(1 low to 5 high). Best first: quick wins, then major projects, fill-ins and thankless tasks."
    )
    return f"<p>{text(intro)}</p>" + table(headers, rows, row_headers=True)


def metrics(program: Program) -> str:
    rows = [
        (
            text(metric.name),
            text(_target(metric)),
            items(ref_name(program, ref) for ref in metric.measures) or "–",
            paragraphs(metric.description or ""),
        )
        for metric in program.metrics
    ]
    return table((_("Metric"), _("Target"), _("Measures"), _("How it is measured")), rows, row_headers=True)


def _target(metric: Metric) -> str:
    if metric.target is None:
        return _("no target")
    value = number(metric.target)
    unit = metric.unit or ""
    if metric.direction == "at_most":
        return _("at most {value} {unit}").format(value=value, unit=unit).strip()
    return _("at least {value} {unit}").format(value=value, unit=unit).strip()


#: How a reference to each kind of thing is written.
_REFS = {
    "use_case": N_("use case: {name}"),
    "journey": N_("journey: {name}"),
    "stage": N_("stage: {name}"),
    "step": N_("step: {name}"),
}


def ref_name(program: Program, ref: str) -> str:
    """A reference (``journey:ID``, ``step:JOURNEY/STEP``, ...) named as a reader knows it."""
    kind, _sep, ident = ref.partition(":")
    name: str | None = None
    journeys = {journey.id: journey for journey in program.journeys}
    if kind == "use_case":
        name = next((case.name for case in program.use_cases if case.id == ident), None)
    elif kind == "journey" and ident in journeys:
        name = journeys[ident].name
    elif kind in ("stage", "step"):
        journey_id, _slash, part = ident.partition("/")
        journey = journeys.get(journey_id)
        if journey is not None:
            found = journey.stages if kind == "stage" else journey.steps
            name = next((f"{x.name} ({journey.name})" for x in found if x.id == part), None)
    if name is None or kind not in _REFS:
        return ref
    return _(_REFS[kind]).format(name=name)


def coverage(program: Program, table_of: Coverage) -> str:
    """Each persona held against each journey it takes part in, and who meets nobody."""
    personas = {p.id: p.name for p in program.personas}
    journeys = {j.id: j.name for j in program.journeys}
    shares = any(row.share is not None for row in table_of.by_journey)
    rows = []
    for row in table_of.by_journey:
        cells = [text(personas.get(row.persona, row.persona)), text(journeys.get(row.journey, row.journey))]
        if shares:
            cells.append("–" if row.share is None else f"{row.share:.0%}")
        cells += [
            str(row.stage_count),
            str(row.step_count),
            number(row.mean_emotion),
            str(row.pain_point_count),
            str(row.requirement_count),
        ]
        rows.append(cells)
    headers = [_("Persona"), _("Journey")]
    if shares:
        headers.append(_("Share of people"))
    headers += [
        _("Stages"),
        _("Steps taken"),
        _("Mean emotion (1 to 5)"),
        _("Pain points met"),
        _("Requirements still needed"),
    ]
    nobody = _("none")
    gaps = [
        (_("Personas in no journey"), [personas.get(p, p) for p in table_of.personas_without_journey]),
        (_("Journeys no persona takes"), [journeys.get(j, j) for j in table_of.journeys_without_persona]),
    ]
    listed = "".join(f"<li>{text(label)}: {text(', '.join(names) or nobody)}</li>" for label, names in gaps)
    intro = _(
        "Every persona held against every journey it takes part in: the stages and steps it takes, how it "
        "feels there, the pain points it meets and the requirements not yet available that its steps need."
    )
    return f"<p>{text(intro)}</p>" + table(headers, rows, row_headers=True) + f"<ul>{listed}</ul>"


def backlog(program: Program, rows_of: Backlog) -> str:
    """The requirements backlog, waves counted from 0 as ``derive_requirements`` counts them."""
    roles_by_id = {role.id: role.name for role in program.roles}
    journeys = {j.id: j.name for j in program.journeys}
    yes = _("yes")
    rows = [
        (
            text(row.requirement),
            text(row.title),
            str(row.wave),
            text(yes) if row.critical else "",
            text(word(row.status)),
            text(roles_by_id.get(row.owner, row.owner) if row.owner else "–"),
            number(row.effort),
            items(journeys.get(j, j) for j in row.journeys),
        )
        for row in rows_of
    ]
    headers = (
        _("Requirement"),
        _("Title"),
        _("Wave"),
        _("Critical"),
        _("Status"),
        _("Owner"),
        _("Effort (person-days)"),
        _("Journeys"),
    )
    intro = _(
        "Every requirement the journeys' steps need and that is not yet available, in the order to build "
        "them: wave 0 first, and every requirement's prerequisites in earlier waves. Critical: on the "
        "longest chain of prerequisites."
    )
    return f"<p>{text(intro)}</p>" + table(headers, rows, row_headers=True)


def checks(findings: Findings) -> str:
    if not len(findings):
        passed = _("No findings: every check passes.")
        return f"<p>{text(passed)}</p>"
    rows = [(text(f.code), text(word(f.severity)), text(f.subject), text(f.message)) for f in findings]
    return table((_("Code"), _("Severity"), _("Subject"), _("Finding")), rows)


def responsibilities(
    program: Program, by_journey: Responsibilities, by_use_case: UseCaseResponsibilities
) -> str:
    """Who does what: roles by journey, and roles by use case with each use case's sponsor and champion."""
    roles_by_id = {role.id: role.name for role in program.roles}
    journeys = [(j.id, j.name) for j in program.journeys]
    cases = [(u.id, u.name) for u in program.use_cases]
    per_journey = {(row.role, row.journey): _part(row.lanes, row.actions, row.owns) for row in by_journey}
    per_case = {(row.role, row.use_case): _part(row.lanes, row.actions, row.owns) for row in by_use_case}
    for case in program.use_cases:
        # The seed names a senior sponsor and a mid-level champion for every use case.
        for role, label in ((case.sponsor, _("executive sponsor")), (case.champion, _("champion"))):
            if role is not None:
                per_case.setdefault((role, case.id), []).insert(0, label)
    intro = _(
        "A cell lists the blueprint lanes the role acts in, how many actions it performs and the "
        "requirements it owns that the journey or use case needs; for a use case, also whether the role "
        "is its executive sponsor or its champion. An empty cell: no part."
    )
    parts = [f"<p>{text(intro)}</p>"]
    if journeys:
        parts.append(_matrix(roles_by_id, journeys, per_journey, _("Role"), _("Roles by journey")))
    if cases:
        parts.append(_matrix(roles_by_id, cases, per_case, _("Role"), _("Roles by use case")))
    return "".join(parts)


def _part(lanes: tuple[str, ...], actions: int, owns: tuple[str, ...]) -> list[str]:
    lines = []
    if lanes:
        lines.append(", ".join(word(lane) for lane in lanes))
    if actions:
        lines.append(ngettext("{n} action", "{n} actions", actions).format(n=actions))
    if owns:
        lines.append(_("owns: {requirements}").format(requirements=", ".join(owns)))
    return lines


def _matrix(
    roles_by_id: dict[str, str],
    targets: Sequence[tuple[str, str]],
    cells: dict[tuple[str, str], list[str]],
    corner: str,
    caption: str,
) -> str:
    """Roles down, targets (journeys or use cases) across; a cell's lines as a list."""
    rows = [
        [text(name)] + [items(cells.get((role, target), ())) for target, _name in targets]
        for role, name in roles_by_id.items()
    ]
    return table([corner, *(name for _target, name in targets)], rows, caption=caption, row_headers=True)
