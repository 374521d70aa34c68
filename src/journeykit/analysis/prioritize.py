"""Which use cases first: impact × ease quadrants and readiness for a pilot (see ``pilot``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import N_
from journeykit._table import Table
from journeykit.analysis._index import index

if TYPE_CHECKING:
    from journeykit.program import Program, UseCase

__all__ = [
    "QUADRANTS",
    "READINESS_CRITERIA",
    "Priorities",
    "Priority",
    "prioritize",
    "quadrant",
]

#: The quadrants in the order ``prioritize`` lists them.
QUADRANTS = ("quick win", "major project", "fill-in", "thankless task", "unscored")

#: The seed's pilot criteria besides impact and ease, as named in ``Priority.missing``.
READINESS_CRITERIA = ("process", "sponsor", "champion", "metric")

#: Scores at or above the midpoint of the 1-5 scale count as high.
MIDPOINT = 3


@dataclass(frozen=True)
class Priority:
    """One use case placed on the impact × ease grid, with its readiness for a pilot.

    ``has_metric`` is ``None`` when no programme was given (metrics live in the
    programme); ``missing`` names the criteria that are not met, in the order
    process, sponsor, champion, metric. ``reach`` is the summed ``share`` of
    the personas who take the steps the use case covers (``None`` without a
    programme, or when none of them declares a share); ``weighted_score`` is
    ``score`` × ``reach`` when ``prioritize`` weighs by share, else ``None``.
    """

    id: str
    name: str
    theme: str
    impact: int | None
    ease: int | None
    quadrant: str
    score: int | None
    reach: float | None
    weighted_score: float | None
    has_process: bool
    has_sponsor: bool
    has_champion: bool
    has_metric: bool | None
    ready: bool
    missing: tuple[str, ...]


class Priorities(Table[Priority]):
    """Use cases by quadrant, best first.

    Rows come by quadrant (quick win, major project, fill-in, thankless task,
    unscored), then (when weighed by share) by ``weighted_score`` descending,
    then by ``score`` (impact × ease) descending, then by ``ease`` descending,
    then by id. ``reach`` and ``weighted_score`` are shown after ``score``
    when some row has them.
    """

    display_columns = ("id", "name", "quadrant", "impact", "ease", "score", "ready", "missing")

    def _shown(self) -> tuple[str, ...]:
        extra = tuple(
            column
            for column in ("reach", "weighted_score")
            if any(getattr(row, column) is not None for row in self)
        )
        cut = self.display_columns.index("score") + 1
        return (*self.display_columns[:cut], *extra, *self.display_columns[cut:])

    def _columns_when_empty(self) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(Priority))

    def ids(self) -> list[str]:
        """The use case ids, in order.

        Examples
        --------
        >>> prioritize(jk.example()).ids()  # doctest: +NORMALIZE_WHITESPACE
        ['guided-onboarding', 'online-application', 'portal-support', 'online-deal-registration',
         'certification', 'lead-distribution', 'asset-library', 'mdf-requests']
        """
        return [row.id for row in self]

    def ready(self) -> list[str]:
        """Ids of the use cases that meet every readiness criterion, in order.

        Examples
        --------
        >>> priorities = prioritize(jk.example())
        >>> priorities.ready()[:3], priorities.ready() == priorities.ids()  # the example is all ready
        (['guided-onboarding', 'online-application', 'portal-support'], True)
        >>> from journeykit import UseCase
        >>> prioritize([UseCase(id="mdf", name="MDF", theme="marketing", impact=2, ease=1)]).ready()
        []
        """
        return [row.id for row in self if row.ready]


def quadrant(impact: int | None, ease: int | None) -> str:
    """The quadrant of an impact and an ease score, each on the 1-5 scale.

    A score of 3 or more is high: high impact and high ease is a *quick win*,
    high impact and low ease a *major project*, low impact and high ease a
    *fill-in*, low impact and low ease a *thankless task*. Without both scores
    the use case is *unscored*.

    Examples
    --------
    >>> from journeykit.analysis.prioritize import quadrant
    >>> quadrant(3, 3), quadrant(5, 2), quadrant(2, 5), quadrant(1, 1), quadrant(None, 4)
    ('quick win', 'major project', 'fill-in', 'thankless task', 'unscored')
    """
    if impact is None or ease is None:
        return "unscored"
    if impact >= MIDPOINT:
        return "quick win" if ease >= MIDPOINT else "major project"
    return "fill-in" if ease >= MIDPOINT else "thankless task"


def prioritize(
    use_cases: Program | Iterable[UseCase], *, program: Program | None = None, weigh_by_share: bool = False
) -> Priorities:
    """Place use cases on the impact × ease grid and check their readiness for a pilot.

    The seed chooses a pilot set of use cases by qualitative criteria: the
    business process, impact against ease of implementation, a senior
    executive sponsor, a mid-level champion and how success is measured.

    Parameters
    ----------
    use_cases
        A programme (all its use cases), or use cases.
    program
        The programme the use cases belong to, needed for the metric criterion
        (a metric whose ``measures`` holds ``use_case:ID``) and for reach.
        Defaults to ``use_cases`` when that is a programme.
    weigh_by_share
        Rank the use cases of a quadrant by impact × ease × reach, so that
        those serving more of the population come first.

    Returns
    -------
    Priorities
        One row per use case. ``quadrant``: with 3 as the midpoint of both
        1-5 scales, impact >= 3 and ease >= 3 is a ``"quick win"``, impact >= 3
        and ease < 3 a ``"major project"``, impact < 3 and ease >= 3 a
        ``"fill-in"``, impact < 3 and ease < 3 a ``"thankless task"``, and a
        missing impact or ease ``"unscored"``. ``score`` is impact × ease
        (``None`` when unscored). ``reach`` is the summed ``share`` of the
        distinct personas who take the steps the use case covers (a step
        names its personas, or is taken by its journey's), rounded to 6
        decimals; ``None`` when none of them declares a share or without a
        programme. ``ready`` holds when every checked criterion holds: a
        process, a sponsor, a champion and (with a programme) a metric;
        without a programme ``has_metric`` is ``None`` and not checked.
        Rows are ordered by quadrant in that order, then score descending,
        then ease descending, then id.

        With ``weigh_by_share``, ``weighted_score`` is score × reach and,
        within a quadrant, rows come by ``weighted_score`` descending first;
        a use case without a reach (or without a score) has none and comes
        after those that have one, in the order above. The quadrants
        themselves do not move: reach weighs, it does not re-score. A
        programme whose personas declare no share keeps its order.

    Raises
    ------
    ValueError
        ``use_cases`` is a programme and ``program`` is a different one, or
        ``weigh_by_share`` is asked for use cases without their programme.

    Notes
    -----
    Time is O(u log u + m + c) for u use cases, m metric references and c
    steps the use cases cover.

    Examples
    --------
    >>> priorities = prioritize(jk.example())
    >>> [(p.id, p.quadrant, p.score) for p in priorities[:3]]  # doctest: +NORMALIZE_WHITESPACE
    [('guided-onboarding', 'quick win', 20), ('online-application', 'quick win', 16),
     ('portal-support', 'quick win', 16)]
    >>> priorities[0].ready, priorities[0].missing
    (True, ())
    >>> from journeykit import UseCase
    >>> row = prioritize([UseCase(id="mdf", name="MDF", theme="marketing", impact=2, ease=1)])[0]
    >>> row.quadrant, row.has_metric, row.missing
    ('thankless task', None, ('process', 'sponsor', 'champion'))

    Weighed by share, training for the sales and marketing managers (85 % of
    the partner users) overtakes deal registration, which serves the sales
    managers and executives (60 %):

    >>> weighed = prioritize(jk.example(), weigh_by_share=True)
    >>> [(p.id, p.score, p.reach, p.weighted_score) for p in weighed if p.quadrant == "major project"]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('certification', 8, 0.85, 6.8), ('online-deal-registration', 10, 0.6, 6.0),
     ('lead-distribution', 8, 0.5, 4.0)]
    """
    from journeykit.program import Program

    if isinstance(use_cases, str) or not isinstance(use_cases, (Program, Iterable)):
        program_of(use_cases, "prioritize", "the first argument")  # raises, naming what it got
    if program is not None:
        program_of(program, "prioritize")
    if isinstance(use_cases, Program):
        if program is not None and program is not use_cases and program != use_cases:
            raise ValueError("prioritize() got a programme and a different program=; give one of them")
        program = use_cases
        cases: tuple[UseCase, ...] = use_cases.use_cases
    else:
        from journeykit.program import UseCase

        cases = tuple(use_cases)
        if not all(isinstance(case, UseCase) for case in cases):
            program_of(use_cases, "prioritize", "the first argument")  # raises, naming what it got
    if weigh_by_share and program is None:
        raise ValueError("weigh_by_share needs the programme, whose personas hold the shares; give program=")
    measured = _measured(program) if program is not None else None
    reach = _reach(program, cases) if program is not None else {}
    rows = [_priority(case, measured, reach.get(case.id), weigh_by_share) for case in cases]
    rows.sort(key=_order)
    return Priorities(rows, title=N_("Priorities"))


def _reach(program: Program, cases: tuple[UseCase, ...]) -> dict[str, float | None]:
    """use case id -> the summed share of the personas who take the steps it covers."""
    idx = index(program)
    reach: dict[str, float | None] = {}
    for case in cases:
        personas: set[str] = set()
        for ref in case.covers:
            kind, _sep, ident = ref.partition(":")
            if kind == "journey":
                journey = idx.journeys.get(ident)
                keys = [(ident, s.id) for s in journey.steps] if journey is not None else []
            else:
                journey_id, _, step_id = ident.partition("/")
                keys = [(journey_id, step_id)]
            for key in keys:
                rank = idx.rank.get(key)
                if rank is not None:  # use cases given apart from their programme may cover other steps
                    personas.update(idx.order[rank].personas)
        reach[case.id] = idx.reach(personas)
    return reach


def _measured(program: Program) -> set[str]:
    """Ids of the use cases some metric measures."""
    return {
        ref.partition(":")[2]
        for metric in program.metrics
        for ref in metric.measures
        if ref.startswith("use_case:")
    }


def _priority(case: UseCase, measured: set[str] | None, reach: float | None, weigh: bool) -> Priority:
    has_process = bool(case.process and case.process.strip())
    has_sponsor = case.sponsor is not None
    has_champion = case.champion is not None
    has_metric = None if measured is None else case.id in measured
    checks = (has_process, has_sponsor, has_champion, has_metric)
    missing = tuple(name for name, ok in zip(READINESS_CRITERIA, checks, strict=True) if ok is False)
    score = case.impact * case.ease if case.impact is not None and case.ease is not None else None
    return Priority(
        id=case.id,
        name=case.name,
        theme=case.theme,
        impact=case.impact,
        ease=case.ease,
        quadrant=quadrant(case.impact, case.ease),
        score=score,
        reach=reach,
        weighted_score=round(score * reach, 6) if weigh and score is not None and reach is not None else None,
        has_process=has_process,
        has_sponsor=has_sponsor,
        has_champion=has_champion,
        has_metric=has_metric,
        ready=not missing,
        missing=missing,
    )


def _order(row: Priority) -> tuple[int, bool, float, bool, int, bool, int, str]:
    return (
        QUADRANTS.index(row.quadrant),
        row.weighted_score is None,  # None for every row unless weighed by share
        -(row.weighted_score or 0.0),
        row.score is None,
        -(row.score or 0),
        row.ease is None,
        -(row.ease or 0),
        row.id,
    )
