"""What slips if a requirement slips."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import N_, _
from journeykit._suggest import closest
from journeykit._table import terminal_text
from journeykit._text import html_text
from journeykit.analysis.derive import derive_requirements
from journeykit.exceptions import UnknownReferenceError

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["Impact", "impact_of"]


@dataclass(frozen=True)
class Impact:
    """Everything that depends on a requirement, directly or through other requirements.

    ``dependents`` are the requirements that need it (transitively, through
    ``depends_on``); steps and stages are written ``JOURNEY/ID``.
    """

    requirement: str
    dependents: tuple[str, ...]
    steps: tuple[str, ...]
    stages: tuple[str, ...]
    journeys: tuple[str, ...]
    personas: tuple[str, ...]
    use_cases: tuple[str, ...]
    metrics: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The impact as plain data for JSON: ``requirement``, then each list of ids.

        Examples
        --------
        >>> data = jk.impact_of(jk.example(), "partner-sso").to_dict()
        >>> list(data)
        ['requirement', 'dependents', 'steps', 'stages', 'journeys', 'personas', 'use_cases', 'metrics']
        >>> data["requirement"], data["journeys"]
        ('partner-sso', ['onboarding-current', 'onboarding-future', 'deal-registration-future'])
        >>> json.loads(json.dumps(data)) == data
        True
        """
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    def __str__(self) -> str:
        """A summary in the language in force; ids are written as they are."""
        lines = [terminal_text(_("if {requirement} slips:").format(requirement=self.requirement))]
        for name, label in _PARTS:
            values = getattr(self, name)
            lines.append(f"  {_(label)} ({len(values)}): {terminal_text(', '.join(values)) or '-'}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html_text(_(label))}</th><td>{html_text(', '.join(getattr(self, name)))}</td></tr>"
            for name, label in _PARTS
        )
        caption = _("If {requirement} slips").format(requirement=self.requirement)
        return f"<table><caption>{html_text(caption)}</caption>{rows}</table>"


#: The parts of an impact, in the order they are shown, with their labels.
_PARTS = (
    ("dependents", N_("dependents")),
    ("journeys", N_("journeys")),
    ("stages", N_("stages")),
    ("steps", N_("steps")),
    ("personas", N_("personas")),
    ("use_cases", N_("use cases")),
    ("metrics", N_("metrics")),
)


def impact_of(program: Program, requirement: str) -> Impact:
    """What slips if ``requirement`` slips: every step, stage, journey, persona,
    use case and metric that needs it, directly or through other requirements.

    Examples
    --------
    >>> impact = jk.impact_of(jk.example(), "partner-sso")
    >>> "deal-registration-form" in impact.dependents
    True
    >>> impact.journeys
    ('onboarding-current', 'onboarding-future', 'deal-registration-future')
    """
    program = program_of(program, "impact_of")
    ids = [r.id for r in program.requirements]
    if requirement not in ids:
        guess = closest(requirement, ids)
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise UnknownReferenceError(f"the programme has no requirement {requirement!r}{hint}")
    dependents = _dependents(program, requirement)
    hit = {requirement} | dependents
    rows = [row for row in derive_requirements(program, include_available=True) if row.requirement in hit]
    steps = _ordered(step for row in rows for step in row.steps)
    stages = _ordered(stage for row in rows for stage in row.stages)
    journeys = tuple(j.id for j in program.journeys if any(j.id in row.journeys for row in rows))
    personas = tuple(sorted({p for row in rows for p in row.personas}))
    use_cases = tuple(sorted({u for row in rows for u in row.use_cases}))
    touched = (
        {f"step:{s}" for s in steps}
        | {f"stage:{s}" for s in stages}
        | {f"journey:{j}" for j in journeys}
        | {f"use_case:{u}" for u in use_cases}
    )
    metrics = tuple(m.id for m in program.metrics if touched & set(m.measures))
    order = {r.id: i for i, r in enumerate(program.requirements)}
    return Impact(
        requirement=requirement,
        dependents=tuple(sorted(dependents, key=order.__getitem__)),
        steps=steps,
        stages=stages,
        journeys=journeys,
        personas=personas,
        use_cases=use_cases,
        metrics=metrics,
    )


def _dependents(program: Program, requirement: str) -> set[str]:
    needed_by: dict[str, set[str]] = {}
    for r in program.requirements:
        for dependency in r.depends_on:
            needed_by.setdefault(dependency, set()).add(r.id)
    found: set[str] = set()
    stack = [requirement]
    while stack:
        for dependent in needed_by.get(stack.pop(), ()):
            if dependent not in found:
                found.add(dependent)
                stack.append(dependent)
    found.discard(requirement)
    return found


def _ordered(values: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))  # type: ignore[call-overload]
