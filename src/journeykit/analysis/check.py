"""Blueprint lint: what a programme leaves out or gets wrong, with stable codes.

Every check has a stable code (``JK101`` ...), a severity and a message that
says what is wrong and what to do; ``docs/checks.md`` describes each one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from journeykit._args import program_of
from journeykit._i18n import N_
from journeykit._table import Table
from journeykit.analysis.derive import derive_requirements
from journeykit.analysis.rules import match

if TYPE_CHECKING:
    from journeykit.io._source import Source
    from journeykit.journeys import Journey, Step
    from journeykit.program import Program

__all__ = ["CODES", "Finding", "Findings", "Severity", "check"]

Severity = Literal["error", "warning", "info"]
Loc = tuple[str | int, ...]

#: Every code ``check`` reports, with its severity and a one-line title.
CODES: dict[str, tuple[Severity, str]] = {
    "JK101": ("warning", "unsupported front stage: a step with no action and no requirement"),
    "JK102": ("warning", "orphan requirement: no step needs it"),
    "JK103": ("warning", "requirement without an owner"),
    "JK104": ("warning", "use case without an executive sponsor"),
    "JK105": ("warning", "use case without a champion"),
    "JK106": ("warning", "use case without a metric"),
    "JK107": ("warning", "persona with no journey"),
    "JK108": ("warning", "empty stage"),
    "JK109": ("error", "step unreachable from the start of its journey"),
    "JK110": ("warning", "pain points without any opportunity in their stage"),
    "JK111": ("warning", "future journey that replaces nothing"),
    "JK112": ("warning", "step without evidence: no touchpoint shows the customer anything"),
    "JK113": ("warning", "missing requirement without an effort estimate"),
    "JK114": ("info", "current journey that no future journey replaces"),
}


@dataclass(frozen=True)
class Finding:
    """One problem ``check`` found.

    ``location`` is the dotted path inside the programme (``journeys.0.stages.1``);
    ``subject`` the namespaced id of the thing (``step:JOURNEY/STEP``,
    ``requirement:ID``); ``file`` and ``line`` say where it was written, when
    ``check`` was given the programme's source.
    """

    code: str
    severity: Severity
    message: str
    location: str
    subject: str
    file: str | None = None
    line: int | None = None


class Findings(Table[Finding]):
    """What ``check`` found, sorted by file, line, code and location."""

    display_columns = ("code", "severity", "subject", "message", "file", "line")

    def errors(self) -> Findings:
        """Only the error-level findings.

        Examples
        --------
        >>> program = jk.Program(
        ...     name="Portal",
        ...     personas=[jk.Persona(id="sales", name="Sales manager")],
        ...     journeys=[jk.Journey(id="onboarding", name="Onboarding", personas=["sales"], stages=[
        ...         jk.Stage(id="join", name="Join", steps=[
        ...             jk.Step(id="apply", name="Apply", next=[]), jk.Step(id="wait", name="Wait")])])],
        ... )
        >>> findings = check(program)
        >>> len(findings), [(f.code, f.subject) for f in findings.errors()]  # nothing leads to "wait"
        (6, [('JK109', 'step:onboarding/wait')])
        >>> check(jk.example()).errors()
        <Findings: 0 rows>
        """
        return Findings([f for f in self if f.severity == "error"], title=self.title)

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error."""
        return any(f.severity == "error" for f in self)

    def codes(self) -> list[str]:
        """The distinct codes found, sorted.

        Examples
        --------
        >>> program = jk.Program(
        ...     name="Portal",
        ...     personas=[jk.Persona(id="sales", name="Sales manager")],
        ...     journeys=[jk.Journey(id="onboarding", name="Onboarding", personas=["sales"], stages=[
        ...         jk.Stage(id="join", name="Join", steps=[
        ...             jk.Step(id="apply", name="Apply", next=[]), jk.Step(id="wait", name="Wait")])])],
        ... )
        >>> check(program).codes()
        ['JK101', 'JK109', 'JK112', 'JK114']
        >>> check(jk.example()).codes()  # the example programme is clean
        []
        """
        return sorted({f.code for f in self})


def check(program: Program, *, source: Source | None = None) -> Findings:
    """Lint a programme's blueprint: gaps, orphans and loose ends, with stable codes.

    Parameters
    ----------
    program
        The programme; it is not changed.
    source
        Where the programme was loaded from (a ``journeykit.io._source.Source``);
        when given, every finding gets its ``file`` and ``line``.

    Returns
    -------
    Findings
        One row per problem, sorted by file, line, code and location. The
        codes, their severities and how to fix each are in ``docs/checks.md``
        (and, in short, in ``CODES``).

    Notes
    -----
    Time is one derivation of the requirements of every step (for orphan
    requirements), plus one match of every rule per step without actions,
    plus, per journey, one walk along ``next``: linear in the size of the
    programme besides the derivation.

    Examples
    --------
    >>> program = jk.Program(
    ...     name="Portal",
    ...     personas=[jk.Persona(id="sales", name="Sales manager")],
    ...     journeys=[jk.Journey(id="onboarding", name="Onboarding", personas=["sales"], stages=[
    ...         jk.Stage(id="join", name="Join", steps=[jk.Step(id="apply", name="Apply")])])],
    ... )
    >>> findings = check(program)
    >>> [(f.code, f.subject) for f in findings]
    [('JK101', 'step:onboarding/apply'), ('JK112', 'step:onboarding/apply'), ('JK114', 'journey:onboarding')]
    >>> findings.has_errors
    False
    >>> print(findings[0].message)
    step 'apply' of journey 'onboarding' has no blueprint action and needs no requirement; add the actions
    (frontstage, backstage, support) that make it work, or the requirements it needs
    """
    program = program_of(program, "check")
    found = list(_findings(program))
    rows = []
    for code, loc, subject, message in found:
        file, line = None, None
        if source is not None:
            file, line, _column = source.locate(loc)
        severity = CODES[code][0]
        rows.append(Finding(code, severity, message, ".".join(map(str, loc)), subject, file, line))
    rows.sort(key=lambda f: (f.file or "", f.line or 0, f.code, _natural(f.location)))
    return Findings(rows, title=N_("Findings"))


_Raw = tuple[str, Loc, str, str]


def _findings(program: Program) -> Iterator[_Raw]:
    yield from _journey_findings(program)
    yield from _requirement_findings(program)
    yield from _use_case_findings(program)
    yield from _persona_findings(program)


def _journey_findings(program: Program) -> Iterator[_Raw]:
    replaced = {j.replaces for j in program.journeys if j.replaces is not None}
    evidence = {tp.id: bool(tp.evidence) for tp in program.touchpoints}
    channel_of = {tp.id: tp.channel for tp in program.touchpoints}
    for j, journey in enumerate(program.journeys):
        jloc: Loc = ("journeys", j)
        jname = f"journey {journey.id!r}"
        if journey.state == "future" and journey.replaces is None:
            yield (
                "JK111",
                jloc,
                f"journey:{journey.id}",
                f"future {jname} replaces nothing; set replaces: to the id of the current journey "
                "it improves, or map that current journey first",
            )
        if journey.state == "current" and journey.id not in replaced:
            yield (
                "JK114",
                jloc,
                f"journey:{journey.id}",
                f"no future journey replaces current {jname}; map the aspiration as a future "
                f"journey with replaces: {journey.id}",
            )
        reachable = _reachable(journey)
        for s, stage in enumerate(journey.stages):
            sloc = jloc + ("stages", s)
            stage_subject = f"stage:{journey.id}/{stage.id}"
            if not stage.steps:
                yield (
                    "JK108",
                    sloc,
                    stage_subject,
                    f"stage {stage.id!r} of {jname} has no steps; add the steps the customer takes "
                    "in it, or remove the stage",
                )
            pains = any(step.pain_points for step in stage.steps)
            if pains and not any(step.opportunities for step in stage.steps):
                yield (
                    "JK110",
                    sloc,
                    stage_subject,
                    f"stage {stage.id!r} of {jname} has pain points but no opportunity; note at "
                    "least one idea to ease them on one of its steps",
                )
            for k, step in enumerate(stage.steps):
                loc = sloc + ("steps", k)
                subject = f"step:{journey.id}/{step.id}"
                where = f"step {step.id!r} of {jname}"
                if not _supported(program, journey, step, channel_of):
                    yield (
                        "JK101",
                        loc,
                        subject,
                        f"{where} has no blueprint action and needs no requirement; add the actions "
                        "(frontstage, backstage, support) that make it work, or the requirements it needs",
                    )
                if step.id not in reachable:
                    yield (
                        "JK109",
                        loc,
                        subject,
                        f"{where} cannot be reached from the journey's first step by following next; "
                        "list it in the next of a step before it, or remove it",
                    )
                if not any(evidence.get(t, False) for t in step.touchpoints):
                    what = "has no touchpoint" if not step.touchpoints else "has touchpoints with no evidence"
                    yield (
                        "JK112",
                        loc,
                        subject,
                        f"{where} {what}; give it a touchpoint with the evidence the customer sees "
                        "(a page, an email, a badge)",
                    )


def _supported(program: Program, journey: Journey, step: Step, channel_of: dict[str, str]) -> bool:
    """Whether a step has actions, requirements, a sub-journey or a rule that adds requirements."""
    if step.actions or step.requires or step.sub_journey is not None:
        return True
    channels = {channel_of[t] for t in step.touchpoints if t in channel_of}
    personas = step.personas or journey.personas
    return any(match(rule.when, personas, channels, step, None) for rule in program.rules)


def _reachable(journey: Journey) -> set[str]:
    """Ids of the steps reachable from the first step of the first non-empty stage."""
    steps = journey.steps
    if not steps:
        return set()
    # What Journey.successors says, for every step at once: `next`, or else
    # the following step.
    successors = {
        step.id: step.next if step.next is not None else tuple(s.id for s in steps[i + 1 : i + 2])
        for i, step in enumerate(steps)
    }
    seen = {steps[0].id}
    stack = [steps[0].id]
    while stack:
        for target in successors[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _requirement_findings(program: Program) -> Iterator[_Raw]:
    needed = set(derive_requirements(program, include_available=True).ids())
    for i, requirement in enumerate(program.requirements):
        loc: Loc = ("requirements", i)
        subject = f"requirement:{requirement.id}"
        name = f"requirement {requirement.id!r}"
        if requirement.id not in needed:
            yield (
                "JK102",
                loc,
                subject,
                f"no step needs {name}, by a link, a rule or a dependency; require it from the step "
                "or action it serves, or remove it",
            )
        if requirement.owner is None:
            yield ("JK103", loc, subject, f"{name} has no owner; set owner: to the role accountable for it")
        if requirement.status == "missing" and requirement.effort is None:
            yield (
                "JK113",
                loc,
                subject,
                f"{name} is missing and has no effort estimate; set effort: in person-days so "
                "plans and the critical path can count it",
            )


def _use_case_findings(program: Program) -> Iterator[_Raw]:
    measured = {
        ref.partition(":")[2] for m in program.metrics for ref in m.measures if ref.startswith("use_case:")
    }
    for i, use_case in enumerate(program.use_cases):
        loc: Loc = ("use_cases", i)
        subject = f"use_case:{use_case.id}"
        name = f"use case {use_case.id!r}"
        if use_case.sponsor is None:
            yield (
                "JK104",
                loc,
                subject,
                f"{name} has no sponsor; set sponsor: to the role of the senior executive who backs it",
            )
        if use_case.champion is None:
            yield (
                "JK105",
                loc,
                subject,
                f"{name} has no champion; set champion: to the role of the mid-level manager who drives it",
            )
        if use_case.id not in measured:
            yield (
                "JK106",
                loc,
                subject,
                f"no metric measures {name}; add a metric with measures: [use_case:{use_case.id}] "
                "and a target",
            )


def _persona_findings(program: Program) -> Iterator[_Raw]:
    used = {p for j in program.journeys for p in j.personas}
    used |= {p for j in program.journeys for step in j.steps for p in step.personas}
    for i, persona in enumerate(program.personas):
        if persona.id not in used:
            yield (
                "JK107",
                ("personas", i),
                f"persona:{persona.id}",
                f"persona {persona.id!r} takes part in no journey; add it to the personas of a "
                "journey or step, or remove it",
            )


def _natural(location: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders ``journeys.2`` before ``journeys.10``."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in location.split("."))
