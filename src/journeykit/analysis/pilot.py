"""The best pilot under a budget: the ready use cases with the most impact for their effort."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import _, ngettext
from journeykit._text import cell_text, html_text, terminal_text
from journeykit.analysis.derive import derive_requirements
from journeykit.analysis.prioritize import prioritize
from journeykit.exceptions import ArgumentError, ArgumentValueError

if TYPE_CHECKING:
    from journeykit.program import Program

__all__ = ["Pilot", "select_pilot"]


@dataclass(frozen=True)
class Pilot:
    """The pilot set of use cases ``select_pilot`` chose, and what it costs.

    ``use_cases`` are in programme order; ``effort`` is the summed effort (in
    person-days) of ``requirements``, the not-yet-available requirements they
    need, in derivation order (prerequisites first).
    """

    use_cases: tuple[str, ...]
    total_impact: int
    total_ease: int
    effort: float
    budget: float
    requirements: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The pilot as plain data for JSON: every field, tuples as lists.

        Examples
        --------
        >>> select_pilot(jk.example(), budget=30).to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'use_cases': ['portal-support'], 'total_impact': 4, 'total_ease': 4, 'effort': 28.0,
         'budget': 30.0, 'requirements': ['crm-integration', 'partner-sso', 'partner-support-cases']}
        """
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    def _headline(self) -> str:
        return ngettext(
            "Pilot: {count} use case, impact {impact}, ease {ease}, effort {effort} of {budget} person-days",
            "Pilot: {count} use cases, impact {impact}, ease {ease}, effort {effort} of {budget} person-days",
            len(self.use_cases),
        ).format(
            count=len(self.use_cases),
            impact=self.total_impact,
            ease=self.total_ease,
            effort=cell_text(self.effort),
            budget=cell_text(self.budget),
        )

    def _requirements(self) -> str:
        return _("Requirements: {ids}").format(ids=", ".join(self.requirements) or _("none"))

    def __str__(self) -> str:
        """A summary in the language in force; ids are written as they are."""
        lines = [self._headline()]
        lines.extend(f"  - {terminal_text(u)}" for u in self.use_cases)
        if not self.use_cases:
            lines.append("  " + _("(no use case fits the budget)"))
        lines.append(terminal_text(self._requirements()))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html_text(u)}</li>" for u in self.use_cases)
        needs = html_text(self._requirements())
        return f"<div><p>{html_text(self._headline())}</p><ul>{items}</ul><p>{needs}</p></div>"


def select_pilot(program: Program, *, budget: float, require_ready: bool = True) -> Pilot:
    """The set of use cases with the greatest total impact whose effort fits the budget.

    The effort of a set is the summed ``effort`` of the requirements its use
    cases need that are not yet available (as ``derive_requirements`` finds
    them; an unestimated effort counts 0). A requirement several use cases
    need is counted once.

    Parameters
    ----------
    program
        The programme; it is not changed.
    budget
        The effort available, in person-days (0 or more).
    require_ready
        Only consider use cases that meet every readiness criterion of
        ``prioritize`` (process, sponsor, champion, metric).

    Returns
    -------
    Pilot
        The best set: the greatest total impact (an unscored impact counts 0);
        among equals the greatest total ease, then the smallest sorted tuple
        of ids. The empty set when nothing fits.

    Raises
    ------
    ArgumentError
        The budget is not a number (a ``TypeError``).
    ArgumentValueError
        The budget is negative, infinite or NaN (a ``ValueError``).

    Notes
    -----
    Exact, not greedy: a depth-first branch and bound over the subsets of the
    candidates, most impactful first. A branch is cut when the impact of the
    set so far plus that of every remaining candidate that still fits on its
    own falls below the best found (or equals it, and so does not beat its
    ease). Each use case's requirements are derived once, before the search.
    The worst case is O(2^u · r) for u candidates and r requirements; the
    bound keeps the search far smaller in practice. Efforts are summed with
    ``math.fsum``, so the result does not depend on the order of summing.

    Examples
    --------
    >>> pilot = select_pilot(jk.example(), budget=30)
    >>> pilot.use_cases, pilot.total_impact, pilot.effort
    (('portal-support',), 4, 28.0)
    >>> pilot.requirements
    ('crm-integration', 'partner-sso', 'partner-support-cases')
    >>> select_pilot(jk.example(), budget=0).use_cases
    ()
    >>> select_pilot(jk.example(), budget=float("nan"))
    Traceback (most recent call last):
    ...
    journeykit.exceptions.ArgumentValueError: select_pilot: budget must be a finite number of person-days, ...
    """
    program = program_of(program, "select_pilot")
    _check_budget(budget)
    priorities = prioritize(program)
    ready = {row.id for row in priorities if row.ready}
    order = {case.id: n for n, case in enumerate(program.use_cases)}
    candidates = [
        _Candidate(
            case.id,
            case.impact or 0,
            case.ease or 0,
            frozenset(derive_requirements(program, use_cases=[case.id]).ids()),
        )
        for case in program.use_cases
        if case.id in ready or not require_ready
    ]
    effort_of = {r.id: r.effort or 0.0 for r in program.requirements}
    chosen = _Search(candidates, effort_of, float(budget)).run()
    ids = tuple(sorted(chosen, key=order.__getitem__))
    backlog = derive_requirements(program, use_cases=ids) if ids else None
    requirements = tuple(backlog.ids()) if backlog is not None else ()
    return Pilot(
        use_cases=ids,
        total_impact=sum(c.impact for c in candidates if c.id in chosen),
        total_ease=sum(c.ease for c in candidates if c.id in chosen),
        effort=math.fsum(effort_of[r] for r in requirements),
        budget=float(budget),
        requirements=requirements,
    )


@dataclass(frozen=True)
class _Candidate:
    id: str
    impact: int
    ease: int
    needs: frozenset[str]


def _check_budget(budget: object) -> None:
    if isinstance(budget, bool) or not isinstance(budget, (int, float)):
        raise ArgumentError(
            f"select_pilot: budget must be a number of person-days, not {type(budget).__name__}: "
            "select_pilot(program, budget=30)"
        )
    if not math.isfinite(budget) or budget < 0:
        # NaN compares false with everything, and an infinite budget is no budget: both refused
        raise ArgumentValueError(
            f"select_pilot: budget must be a finite number of person-days, 0 or more; got {budget!r}"
        )


class _Search:
    """Branch and bound over subsets of candidates."""

    def __init__(self, candidates: list[_Candidate], effort_of: dict[str, float], budget: float) -> None:
        self.effort_of = effort_of
        self.budget = budget
        self.candidates = sorted(candidates, key=lambda c: (-c.impact, -c.ease, c.id))
        self.best: tuple[int, int, tuple[str, ...]] = (0, 0, ())

    def effort(self, needs: frozenset[str]) -> float:
        return math.fsum(self.effort_of[r] for r in needs)

    def fits(self, needs: frozenset[str]) -> bool:
        return self.effort(needs) <= self.budget

    def better(self, impact: int, ease: int, ids: tuple[str, ...]) -> bool:
        best_impact, best_ease, best_ids = self.best
        return (impact, ease) > (best_impact, best_ease) or (
            (impact, ease) == (best_impact, best_ease) and ids < best_ids
        )

    def run(self) -> tuple[str, ...]:
        rest = [c for c in self.candidates if self.fits(c.needs)]
        self.visit((), frozenset(), 0, 0, rest)
        return self.best[2]

    def visit(
        self,
        chosen: tuple[str, ...],
        needs: frozenset[str],
        impact: int,
        ease: int,
        rest: list[_Candidate],
    ) -> None:
        ids = tuple(sorted(chosen))
        if self.better(impact, ease, ids):
            self.best = (impact, ease, ids)
        if not rest:
            return
        bound = (impact + sum(c.impact for c in rest), ease + sum(c.ease for c in rest))
        if bound < self.best[:2]:
            return
        first, others = rest[0], rest[1:]
        with_first = needs | first.needs
        # Later candidates that no longer fit cannot fit any larger set either.
        self.visit(
            chosen + (first.id,),
            with_first,
            impact + first.impact,
            ease + first.ease,
            [c for c in others if self.fits(with_first | c.needs)],
        )
        self.visit(chosen, needs, impact, ease, others)
