"""From front stage to backstage: the requirements a selection of steps needs."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import N_
from journeykit._suggest import closest
from journeykit._table import Table
from journeykit.analysis._index import index
from journeykit.analysis.rules import match
from journeykit.exceptions import DependencyCycleError, UnknownIdError, UnknownReferenceError

if TYPE_CHECKING:
    from journeykit.journeys import Action, Journey, Requirement, Step
    from journeykit.program import Program

__all__ = ["Backlog", "NeededRequirement", "derive_requirements", "select_steps"]

#: The lane a requirement is reached through when a step needs it directly.
CUSTOMER = "customer"


@dataclass(frozen=True)
class NeededRequirement:
    """One row of a backlog: a requirement the selected front stage needs, and why.

    Steps and stages are written ``JOURNEY/ID`` (their ids are unique only
    within a journey); ``via`` holds ``"link"`` when a chain of links leads to
    the requirement and the id of every rule that adds it. ``reach`` is the
    summed ``share`` of ``personas``, the part of the population whose steps
    need the requirement (``None`` when none of them declares a share).
    """

    requirement: str
    title: str
    wave: int
    critical: bool
    status: str
    owner: str | None
    effort: float | None
    kind: str
    via: tuple[str, ...]
    steps: tuple[str, ...]
    stages: tuple[str, ...]
    journeys: tuple[str, ...]
    personas: tuple[str, ...]
    reach: float | None
    use_cases: tuple[str, ...]
    lanes: tuple[str, ...]


class Backlog(Table[NeededRequirement]):
    """The requirements a front stage needs, prerequisites first.

    Rows come in derivation order: by ``wave`` (a requirement's prerequisites
    are all in earlier waves), then by the earliest stage that needs it, then
    by id. ``reach`` is shown after ``effort`` when some row has one (some
    persona of the programme declares a share).
    """

    display_columns = ("requirement", "title", "wave", "critical", "status", "owner", "effort", "via")

    def __init__(
        self,
        rows: Sequence[NeededRequirement],
        *,
        title: str = "",
        depends_on: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        super().__init__(rows, title=title)
        # depends_on between rows only: a prerequisite left out (available) blocks nothing
        present, given = {row.requirement for row in self._rows}, depends_on or {}
        self._prerequisites = {r: tuple(d for d in given.get(r, ()) if d in present) for r in present}

    def _shown(self) -> tuple[str, ...]:
        if any(row.reach is not None for row in self):
            cut = self.display_columns.index("effort") + 1
            return (*self.display_columns[:cut], "reach", *self.display_columns[cut:])
        return self.display_columns

    def ids(self) -> list[str]:
        """The requirement ids, in order.

        Examples
        --------
        >>> backlog = derive_requirements(jk.example(), journey="deal-registration-future")
        >>> len(backlog), backlog.ids()[:4]
        (12, ['deal-rules', 'channel-manager-capacity', 'crm-integration', 'partner-sso'])
        """
        return [row.requirement for row in self]

    def prerequisites(self, requirement: str) -> tuple[str, ...]:
        """The requirements of this backlog that ``requirement`` depends on directly.

        Prerequisites not in the backlog (available, say) are left out; an id
        that is not a row raises ``UnknownIdError``.

        Examples
        --------
        >>> backlog = derive_requirements(jk.example(), journey="deal-registration-future")
        >>> backlog.prerequisites("deal-registration-form")
        ('partner-sso', 'crm-integration', 'deal-rules')
        >>> backlog.prerequisites("crm-integration")  # its own are available: not in the backlog
        ()
        """
        try:
            return self._prerequisites[requirement]
        except KeyError:
            message = f"the backlog has no requirement {requirement!r}"
            raise UnknownIdError(message, kind="requirement", id=requirement) from None

    def to_jira_csv(self, *, issue_type: str = "Task", hours_per_day: float = 8.0) -> str:
        """The backlog as the CSV Jira's importer reads, one issue per requirement.

        ``Issue Id`` (1, 2... prerequisites first), ``Summary``, ``Issue Type``,
        ``Description`` (the provenance, in the language in force), ``Original
        Estimate`` (seconds: person-days x ``hours_per_day`` x 3600), three
        ``Labels`` and ``Blocked By`` (prerequisites' Issue Ids); spreadsheet
        CSV. The columns and the import: the docs page History and hand-off.

        Examples
        --------
        >>> backlog = derive_requirements(jk.example(), journey="deal-registration-future")
        >>> import csv, io
        >>> rows = list(csv.reader(io.StringIO(backlog.to_jira_csv())))
        >>> rows[5][:3], rows[5][3].splitlines()[:2]
        (['5', 'Online deal registration form', 'Task'], ['requirement: deal-registration-form', ...])
        >>> rows[5][4:]  # 10 person-days in seconds; labels; blocked by issues 4, 3 and 1
        ['288000', 'owner-portal-admin', 'wave-3', 'critical-path', '4', '3', '1']
        """
        from journeykit.analysis._trackers import jira_csv

        return jira_csv(self, issue_type=issue_type, hours_per_day=hours_per_day)

    def to_github_json(self) -> str:
        """The backlog as a JSON array of GitHub issues, prerequisites first.

        Each has ``requirement``, ``title``, ``body`` (Markdown: the provenance,
        a task list of the prerequisites' ids), ``labels`` and ``depends_on``;
        the docs page History and hand-off has a ``gh`` loop that creates them.

        Examples
        --------
        >>> backlog = derive_requirements(jk.example(), journey="deal-registration-future")
        >>> issue = json.loads(backlog.to_github_json())[4]
        >>> issue["title"], issue["labels"]
        ('Online deal registration form', ['owner-portal-admin', 'wave-3', 'critical-path'])
        >>> issue["body"].splitlines()[-3:]
        ['- [ ] `partner-sso`', '- [ ] `crm-integration`', '- [ ] `deal-rules`']
        """
        from journeykit.analysis._trackers import github_json

        return github_json(self)


@dataclass
class _Provenance:
    steps: set[int] = field(default_factory=set)  # ranks of the steps (see ProgramIndex.order)
    via: set[str] = field(default_factory=set)
    lanes: set[str] = field(default_factory=set)


def select_steps(
    program: Program,
    *,
    journey: str | Iterable[str] | None = None,
    stages: Iterable[str] | None = None,
    personas: Iterable[str] | None = None,
    use_cases: Iterable[str] | None = None,
) -> list[tuple[Journey, Step]]:
    """The steps a selection names, in programme order (all filters must hold).

    ``stages`` are stage ids, or ``JOURNEY/STAGE`` where an id is used by
    several journeys. Unknown ids raise ``UnknownReferenceError``.
    """
    program = program_of(program, "select_steps")
    idx = index(program)
    journey_ids = _ids(journey)
    _check_known(journey_ids, idx.journeys.keys(), "journey")
    stage_ids = _ids(stages)
    _check_known(stage_ids, idx.stage_ids, "stage")
    persona_ids = _ids(personas)
    _check_known(persona_ids, idx.persona_ids, "persona")
    use_case_ids = _ids(use_cases)
    _check_known(use_case_ids, idx.use_case_ids, "use case")
    covered = None
    if use_case_ids is not None:
        covered = idx.covered_by(use_case_ids)

    selected = []
    for j in program.journeys:
        if journey_ids is not None and j.id not in journey_ids:
            continue
        for stage in j.stages:
            if stage_ids is not None and not {stage.id, f"{j.id}/{stage.id}"} & stage_ids:
                continue
            for step in stage.steps:
                if persona_ids is not None and not persona_ids & set(step.personas or j.personas):
                    continue
                if covered is not None and (j.id, step.id) not in covered:
                    continue
                selected.append((j, step))
    return selected


def derive_requirements(
    program: Program,
    *,
    journey: str | Iterable[str] | None = None,
    stages: Iterable[str] | None = None,
    personas: Iterable[str] | None = None,
    use_cases: Iterable[str] | None = None,
    include_available: bool = False,
) -> Backlog:
    """The backstage requirements the selected front-stage steps need.

    A requirement is needed when a selected step reaches it through the
    step's own ``requires``, its actions (``supported_by``) and the actions
    they trigger, its sub-journey (recursively, every step of it), and then
    ``depends_on``; or when a rule matches a selected step, a step of a
    sub-journey, or a reached action (and then its ``depends_on`` too).

    Parameters
    ----------
    program
        The programme; it is not changed.
    journey, stages, personas, use_cases
        Select the front stage: steps of these journeys, in these stages,
        taken by these personas, covered by these use cases. Every filter
        given must hold; none given selects every step of every journey.
    include_available
        Keep requirements that are already ``available``. Left out by
        default, they still count for waves and order.

    Returns
    -------
    Backlog
        One row per requirement with its provenance, ``wave`` (0 for a
        requirement that needs nothing else, otherwise one more than its
        latest prerequisite), ``critical`` (on a longest chain of remaining
        effort, counting ``available`` requirements as done) and ``reach``:
        the summed ``share`` of the distinct personas who take the selected
        steps that need it, rounded to 6 decimals; ``None`` when none of
        those personas declares a share.

    Raises
    ------
    UnknownReferenceError
        A selection names an id the programme does not have.
    DependencyCycleError
        Requirements depend on each other in a cycle (only possible for a
        programme built without validation).

    Notes
    -----
    Time is linear in the size of the selected steps, their actions and
    sub-journeys, plus the needed requirements and their dependencies.

    Examples
    --------
    >>> portal = jk.example()
    >>> backlog = jk.derive_requirements(portal, journey="deal-registration-future")
    >>> backlog.ids()[:3]
    ['deal-rules', 'channel-manager-capacity', 'crm-integration']
    >>> row = backlog[2]
    >>> row.wave, row.status, row.owner, row.lanes
    (2, 'partial', 'it-admin', ('customer', 'frontstage', 'support'))
    >>> all(row.status != "available" for row in backlog)
    True

    Reach weighs a requirement by the personas whose steps need it:

    >>> [(p.id, p.share) for p in portal.personas]
    [('sales-manager', 0.5), ('marketing-manager', 0.35), ('senior-executive', 0.1)]
    >>> row.personas, row.reach
    (('sales-manager', 'senior-executive'), 0.6)
    """
    program = program_of(program, "derive_requirements")
    selected = select_steps(program, journey=journey, stages=stages, personas=personas, use_cases=use_cases)
    requirements = index(program).requirements
    walk = _Walk(program)
    for origin_journey, origin_step in selected:
        walk.from_step(origin_journey, origin_step)
    order = _close_over_dependencies(walk.found, requirements)
    waves = _waves(order, requirements)
    critical = _critical(order, requirements)
    return _backlog(program, walk.found, waves, critical, include_available)


class _Walk:
    """Walks from front-stage steps to the requirements they need, keeping provenance."""

    def __init__(self, program: Program) -> None:
        self.program = program
        idx = index(program)
        self.journeys = idx.journeys
        self.channel_of = idx.channel_of
        self.rank = idx.rank
        self.found: dict[str, _Provenance] = {}
        self._actions: dict[str, dict[str, tuple[Action, Step]]] = {}

    def from_step(self, journey: Journey, step: Step) -> None:
        """Everything ``step`` needs, its sub-journeys included."""
        origin = self.rank[(journey.id, step.id)]
        pending = [(journey, step)]
        seen_journeys = {journey.id}
        while pending:
            journey_, step_ = pending.pop()
            for requirement in step_.requires:
                self.need(requirement, origin, "link", CUSTOMER)
            self.apply_rules(journey_, step_, None, origin)
            self.walk_actions(journey_, step_, origin)
            sub = step_.sub_journey
            if sub is not None and sub not in seen_journeys:
                seen_journeys.add(sub)
                pending.extend((self.journeys[sub], s) for s in self.journeys[sub].steps)

    def walk_actions(self, journey: Journey, step: Step, origin: int) -> None:
        """The actions supporting ``step`` and every action they trigger, transitively."""
        stack = [(action, step) for action in step.actions]
        seen = {action.id for action in step.actions}
        while stack:
            action, owner = stack.pop()
            for requirement in action.requires:
                self.need(requirement, origin, "link", action.lane)
            self.apply_rules(journey, owner, action, origin)
            for target in action.triggers:
                if target not in seen:
                    seen.add(target)
                    stack.append(self.action(journey, target))

    def action(self, journey: Journey, action_id: str) -> tuple[Action, Step]:
        index = self._actions.get(journey.id)
        if index is None:
            index = self._actions[journey.id] = {a.id: (a, s) for s in journey.steps for a in s.actions}
        return index[action_id]

    def apply_rules(self, journey: Journey, step: Step, action: Action | None, origin: int) -> None:
        if not self.program.rules:
            return
        channels = {self.channel_of[t] for t in step.touchpoints}
        personas = step.personas or journey.personas
        for rule in self.program.rules:
            if match(rule.when, personas, channels, step, action):
                for requirement in rule.requires:
                    self.need(requirement, origin, rule.id, action.lane if action else CUSTOMER)

    def need(self, requirement: str, origin: int, via: str, lane: str) -> None:
        provenance = self.found.get(requirement)
        if provenance is None:
            provenance = self.found[requirement] = _Provenance()
        provenance.steps.add(origin)
        provenance.via.add(via)
        provenance.lanes.add(lane)


def _close_over_dependencies(
    found: dict[str, _Provenance], requirements: dict[str, Requirement]
) -> list[str]:
    """Add every prerequisite of what is found, with the provenance of what needs it.

    Returns the found requirements in dependency order (prerequisites first).
    Provenance flows from each requirement to its prerequisites once, in
    reverse of that order, so each ``depends_on`` link is followed once.
    """
    stack = list(found)
    while stack:  # which requirements are needed at all
        for dependency in requirements[stack.pop()].depends_on:
            if dependency not in found:
                found[dependency] = _Provenance()
                stack.append(dependency)
    order = _dependency_order({r: requirements[r].depends_on for r in found})
    for current in reversed(order):  # what needs a requirement comes before it here
        provenance = found[current]
        for dependency in requirements[current].depends_on:
            target = found[dependency]
            target.steps |= provenance.steps
            target.via |= provenance.via
            target.lanes |= provenance.lanes
    return order


def _dependency_order(depends_on: dict[str, tuple[str, ...]]) -> list[str]:
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for node in sorted(depends_on):
        sorter.add(node, *depends_on[node])
    try:
        return list(sorter.static_order())
    except CycleError as err:
        cycle = list(reversed(err.args[1]))
        raise DependencyCycleError(
            "requirements depend on each other in a cycle: " + " -> ".join(cycle)
        ) from None


def _waves(order: list[str], requirements: dict[str, Requirement]) -> dict[str, int]:
    wave: dict[str, int] = {}
    for node in order:  # prerequisites come first
        wave[node] = 1 + max((wave[d] for d in requirements[node].depends_on), default=-1)
    return wave


def _remaining(requirement: Requirement) -> float:
    """Effort still to spend: none for what is available, none when unestimated."""
    return 0.0 if requirement.status == "available" else (requirement.effort or 0.0)


def _critical(order: list[str], requirements: dict[str, Requirement]) -> set[str]:
    """Requirements on a longest chain of remaining effort (empty when nothing is left to do)."""
    upto: dict[str, float] = {}  # longest chain ending at r (prerequisites first)
    for r in order:
        upto[r] = _remaining(requirements[r]) + max(
            (upto[d] for d in requirements[r].depends_on), default=0.0
        )
    longest = max(upto.values(), default=0.0)
    if longest <= 0:
        return set()
    after: dict[str, float] = dict.fromkeys(order, 0.0)  # longest chain after r
    for r in reversed(order):
        for d in requirements[r].depends_on:
            after[d] = max(after[d], after[r] + _remaining(requirements[r]))
    return {r for r in order if abs(upto[r] + after[r] - longest) <= 1e-9 * max(1.0, longest)}


def _backlog(
    program: Program,
    found: dict[str, _Provenance],
    waves: dict[str, int],
    critical: set[str],
    include_available: bool,
) -> Backlog:
    idx = index(program)
    refs, stage_refs, journey_of = idx.column("ref"), idx.column("stage_ref"), idx.column("journey")
    personas_of, use_cases_of, stage_rank = (
        idx.column("personas"),
        idx.column("use_cases"),
        idx.column("stage_rank"),
    )
    rows = []
    first_stage: dict[str, int] = {}
    for rid, provenance in found.items():
        requirement = idx.requirements[rid]
        if requirement.status == "available" and not include_available:
            continue
        ranks = sorted(provenance.steps)  # programme order
        first_stage[rid] = stage_rank[ranks[0]]
        personas = tuple(sorted(set().union(*map(personas_of.__getitem__, ranks))))
        rows.append(
            NeededRequirement(
                requirement=rid,
                title=requirement.title,
                wave=waves[rid],
                critical=rid in critical,
                status=requirement.status,
                owner=requirement.owner,
                effort=requirement.effort,
                kind=requirement.kind,
                via=tuple(sorted(provenance.via, key=lambda v: (v != "link", v))),
                # map over list.__getitem__ runs in C: these lists can hold every step
                steps=tuple(map(refs.__getitem__, ranks)),
                stages=tuple(dict.fromkeys(map(stage_refs.__getitem__, ranks))),
                journeys=tuple(dict.fromkeys(map(journey_of.__getitem__, ranks))),
                personas=personas,
                reach=idx.reach(personas),
                use_cases=tuple(sorted(set().union(*map(use_cases_of.__getitem__, ranks)))),
                lanes=tuple(sorted(provenance.lanes, key=_LANE_ORDER.index)),
            )
        )
    # Steps come in programme order, so the first step needing a requirement
    # is in the earliest stage that needs it.
    rows.sort(key=lambda row: (row.wave, first_stage[row.requirement], row.requirement))
    depends_on = {rid: idx.requirements[rid].depends_on for rid in found}
    return Backlog(rows, title=N_("Requirements"), depends_on=depends_on)


_LANE_ORDER = [CUSTOMER, "frontstage", "backstage", "support"]


def _ids(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def _check_known(ids: set[str] | None, known: Collection[str], kind: str) -> None:
    for ident in sorted(ids or ()):
        if ident not in known:
            guess = closest(ident, sorted(known))
            if guess:
                hint = f"did you mean {guess!r}?"
            else:
                listed = ", ".join(sorted(set(known))[:12]) + (", ..." if len(set(known)) > 12 else "")
                hint = f"the {kind} ids are: {listed}" if known else f"it has no {kind} at all"
            raise UnknownReferenceError(f"the programme has no {kind} {ident!r}; {hint}")
