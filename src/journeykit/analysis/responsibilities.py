"""Who does what: roles × journeys and roles × use cases, from actions and requirement owners."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from journeykit._args import program_of
from journeykit._i18n import N_
from journeykit._table import Table
from journeykit.analysis.derive import Backlog, derive_requirements, select_steps
from journeykit.exceptions import UnknownIdError

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Action
    from journeykit.program import Program

__all__ = [
    "Responsibilities",
    "Responsibility",
    "UseCaseResponsibilities",
    "UseCaseResponsibility",
    "responsibilities",
    "responsibilities_by_use_case",
]

#: Blueprint lanes, top to bottom: the order of ``lanes``.
LANES = ("frontstage", "backstage", "support")

#: What a matrix cell shows.
Cell = Literal["lanes", "actions", "owns"]


@dataclass(frozen=True)
class Responsibility:
    """What one role does in one journey.

    ``lanes`` are the blueprint lanes of the journey's actions the role
    performs (frontstage, backstage, support order), ``actions`` how many, and
    ``owns`` the requirements the role owns that the journey needs (available
    ones included), in derivation order.
    """

    role: str
    journey: str
    lanes: tuple[str, ...]
    actions: int
    owns: tuple[str, ...]


@dataclass(frozen=True)
class UseCaseResponsibility:
    """What one role does for one use case: whether it is the use case's
    ``sponsor`` (the senior executive) or ``champion`` (the mid-level
    champion), the actions of the steps it covers, and the requirements it
    needs that the role owns."""

    role: str
    use_case: str
    sponsor: bool
    champion: bool
    lanes: tuple[str, ...]
    actions: int
    owns: tuple[str, ...]


class _RoleRow(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def lanes(self) -> tuple[str, ...]: ...
    @property
    def actions(self) -> int: ...
    @property
    def owns(self) -> tuple[str, ...]: ...


R = TypeVar("R", bound=_RoleRow)


class _RoleTable(Table[R]):
    """Rows per (role, target) pair, and the roles × targets matrix."""

    _all_columns: tuple[str, ...]
    _target: str

    def __init__(
        self, rows: Sequence[R], *, title: str = "", roles: Sequence[str] = (), targets: Sequence[str] = ()
    ) -> None:
        super().__init__(rows, title=title)
        self.roles = tuple(roles)
        self.targets = tuple(targets)

    def _columns_when_empty(self) -> tuple[str, ...]:
        return self._all_columns

    def matrix(self, *, cell: Cell = "lanes") -> pd.DataFrame:
        """The roles × targets matrix as a pandas DataFrame.

        Every role of the programme is a row and every journey (or use case)
        a column, in programme order, so a role with no part shows as an
        empty row.

        Parameters
        ----------
        cell
            ``"lanes"``: the lanes the role acts in, joined with ``+`` (empty
            string when none); ``"actions"``: how many actions it performs;
            ``"owns"``: how many needed requirements it owns.

        Raises
        ------
        ValueError
            ``cell`` is none of the above.

        Examples
        --------
        >>> table = responsibilities(jk.example())
        >>> lanes = table.matrix()
        >>> lanes.shape, list(lanes.columns[:2])
        ((8, 4), ['onboarding-current', 'onboarding-future'])
        >>> lanes.loc["it-admin", "deal-registration-current"]
        'support'
        >>> table.matrix(cell="actions").loc["channel-manager"].tolist()
        [11, 5, 5, 3]
        >>> table.matrix(cell="owns").loc["portal-admin"].tolist()
        [4, 9, 2, 6]
        """
        if cell not in ("lanes", "actions", "owns"):
            raise ValueError(f"unknown cell: {cell!r} (must be one of 'lanes', 'actions', 'owns')")
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - pandas is in the dev set
            raise ImportError(
                "matrix() needs pandas; install it with: pip install 'journeykit[analytics]'"
            ) from err
        empty: str | int = "" if cell == "lanes" else 0
        values: dict[tuple[str, str], str | int] = {}
        for row in self:
            key = (row.role, getattr(row, self._target))
            if cell == "lanes":
                values[key] = "+".join(row.lanes)
            elif cell == "actions":
                values[key] = row.actions
            else:
                values[key] = len(row.owns)
        data = [[values.get((role, target), empty) for target in self.targets] for role in self.roles]
        frame = pd.DataFrame(data, index=pd.Index(self.roles, name="role"), columns=list(self.targets))
        frame.columns.name = self._target
        result: pd.DataFrame = frame
        return result


class Responsibilities(_RoleTable[Responsibility]):
    """Who acts and who owns in each journey.

    Rows come by role, then by journey, both in programme order; only pairs
    where the role performs an action or owns a needed requirement are rows.
    """

    _all_columns = tuple(f.name for f in dataclasses.fields(Responsibility))
    _target = "journey"
    display_columns = ("role", "journey", "lanes", "actions", "owns")


class UseCaseResponsibilities(_RoleTable[UseCaseResponsibility]):
    """Who acts and who owns for each use case.

    Rows come by role, then by use case, both in programme order; only pairs
    where the role sponsors or champions the use case, performs an action or
    owns a needed requirement are rows. ``sponsor(use_case)`` and
    ``champion(use_case)`` name each use case's roles.
    """

    _all_columns = tuple(f.name for f in dataclasses.fields(UseCaseResponsibility))
    _target = "use_case"
    display_columns = ("role", "use_case", "sponsor", "champion", "lanes", "actions", "owns")

    def __init__(
        self,
        rows: Sequence[UseCaseResponsibility],
        *,
        title: str = "",
        roles: Sequence[str] = (),
        targets: Sequence[str] = (),
        leads: Mapping[str, tuple[str | None, str | None]] | None = None,
    ) -> None:
        super().__init__(rows, title=title, roles=roles, targets=targets)
        self._leads = dict(leads or {})

    def sponsor(self, use_case: str) -> str | None:
        """The id of the role that sponsors ``use_case`` (None when it has no sponsor).

        Examples
        --------
        >>> table = responsibilities_by_use_case(jk.example())
        >>> table.sponsor("portal-support"), table.sponsor("online-deal-registration")
        ('executive-sponsor', 'executive-sponsor')
        >>> bare = jk.Program(name="Portal", use_cases=[jk.UseCase(id="mdf", name="MDF", theme="marketing")])
        >>> print(responsibilities_by_use_case(bare).sponsor("mdf"))
        None
        """
        return self._lead(use_case)[0]

    def champion(self, use_case: str) -> str | None:
        """The id of the role that champions ``use_case`` (None when it has no champion).

        Examples
        --------
        >>> table = responsibilities_by_use_case(jk.example())
        >>> table.champion("portal-support"), table.champion("online-deal-registration")
        ('it-admin', 'channel-sales-manager')
        >>> bare = jk.Program(name="Portal", use_cases=[jk.UseCase(id="mdf", name="MDF", theme="marketing")])
        >>> print(responsibilities_by_use_case(bare).champion("mdf"))
        None
        """
        return self._lead(use_case)[1]

    def _lead(self, use_case: str) -> tuple[str | None, str | None]:
        if use_case not in self.targets:
            raise UnknownIdError(
                f"no use case {use_case!r} in this table (the use cases are: {', '.join(self.targets)})"
            )
        return self._leads.get(use_case, (None, None))


def responsibilities(program: Program) -> Responsibilities:
    """Role × journey: the lanes each role acts in and the requirements it owns.

    A role acts in a journey when it is the ``actor`` of one of the journey's
    own blueprint actions (the actions of a sub-journey count for the
    sub-journey, not for the journey that expands into it). It owns for a
    journey when it is the ``owner`` of a requirement
    ``derive_requirements(program, journey=...)`` finds, available ones
    included; that follows sub-journeys, so a journey's owners include those
    of what its sub-journeys need.

    Parameters
    ----------
    program
        The programme; it is not changed.

    Returns
    -------
    Responsibilities
        One row per (role, journey) pair where the role acts or owns; roles
        with no part in any journey have no row, but ``matrix``
        lists every role.

    Notes
    -----
    One derivation per journey: time is linear in the size of each journey
    and of what it needs.

    Examples
    --------
    >>> table = responsibilities(jk.example())
    >>> pair = ("channel-sales-manager", "deal-registration-current")
    >>> row = next(r for r in table if (r.role, r.journey) == pair)
    >>> row.lanes, row.actions, row.owns
    (('frontstage', 'backstage'), 7, ('tracking-spreadsheets',))
    >>> table.matrix().loc["channel-sales-manager", "deal-registration-future"]
    'backstage'
    """
    program = program_of(program, "responsibilities")
    owned = {
        journey.id: _owners(derive_requirements(program, journey=journey.id, include_available=True))
        for journey in program.journeys
    }
    acted = {journey.id: _actors(journey.actions) for journey in program.journeys}
    rows = _pairs(program, [j.id for j in program.journeys], acted, owned)
    return Responsibilities(
        rows,
        title=N_("Responsibilities"),
        roles=[r.id for r in program.roles],
        targets=[j.id for j in program.journeys],
    )


def responsibilities_by_use_case(program: Program) -> UseCaseResponsibilities:
    """Role × use case: the lanes each role acts in and the requirements it owns.

    A role acts for a use case when it is the ``actor`` of an action of a step
    the use case covers; it owns for it when it owns a requirement
    ``derive_requirements(program, use_cases=[...])`` finds, available ones
    included. ``sponsor`` and ``champion`` say whether the role is the use
    case's senior executive sponsor or its mid-level champion, the two roles
    the seed asks every pilot use case to have.

    Parameters
    ----------
    program
        The programme; it is not changed.

    Returns
    -------
    UseCaseResponsibilities
        One row per (role, use case) pair where the role sponsors, champions,
        acts or owns.

    Notes
    -----
    One derivation per use case.

    Examples
    --------
    >>> table = responsibilities_by_use_case(jk.example())
    >>> row = next(r for r in table if (r.role, r.use_case) == ("it-admin", "portal-support"))
    >>> row.lanes, row.actions, row.owns
    (('backstage',), 1, ('internal-crm', 'crm-integration', 'partner-sso', 'partner-support-cases'))
    >>> table.sponsor("portal-support"), table.champion("portal-support")
    ('executive-sponsor', 'it-admin')
    >>> [(r.role, r.sponsor, r.champion) for r in table if r.use_case == "portal-support"][1:3]
    [('executive-sponsor', True, False), ('it-admin', False, True)]
    """
    program = program_of(program, "responsibilities_by_use_case")
    owned = {}
    acted = {}
    for case in program.use_cases:
        owned[case.id] = _owners(derive_requirements(program, use_cases=[case.id], include_available=True))
        steps = select_steps(program, use_cases=[case.id])
        acted[case.id] = _actors(action for _, step in steps for action in step.actions)
    leads = {case.id: (case.sponsor, case.champion) for case in program.use_cases}
    rows = []
    for role in program.roles:
        for case in program.use_cases:
            lanes, count = acted[case.id].get(role.id, ((), 0))
            owns = owned[case.id].get(role.id, ())
            sponsor, champion = case.sponsor == role.id, case.champion == role.id
            if sponsor or champion or count or owns:
                rows.append(UseCaseResponsibility(role.id, case.id, sponsor, champion, lanes, count, owns))
    return UseCaseResponsibilities(
        rows,
        title=N_("Responsibilities by use case"),
        roles=[r.id for r in program.roles],
        targets=[u.id for u in program.use_cases],
        leads=leads,
    )


def _pairs(
    program: Program,
    targets: list[str],
    acted: dict[str, dict[str, tuple[tuple[str, ...], int]]],
    owned: dict[str, dict[str, tuple[str, ...]]],
) -> list[Responsibility]:
    """One row per (role, journey) pair where the role acts or owns something."""
    rows = []
    for role in program.roles:
        for target in targets:
            lanes, count = acted[target].get(role.id, ((), 0))
            owns = owned[target].get(role.id, ())
            if count or owns:
                rows.append(Responsibility(role.id, target, lanes, count, owns))
    return rows


def _actors(actions: Iterable[Action]) -> dict[str, tuple[tuple[str, ...], int]]:
    """role id -> (lanes it acts in, in lane order; number of actions)."""
    lanes: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for action in actions:
        if action.actor is None:
            continue
        lanes.setdefault(action.actor, set()).add(action.lane)
        counts[action.actor] = counts.get(action.actor, 0) + 1
    return {role: (tuple(lane for lane in LANES if lane in lanes[role]), counts[role]) for role in lanes}


def _owners(backlog: Backlog) -> dict[str, tuple[str, ...]]:
    """role id -> the requirements it owns, in backlog order."""
    owns: dict[str, list[str]] = {}
    for row in backlog:
        if row.owner is not None:
            owns.setdefault(row.owner, []).append(row.requirement)
    return {role: tuple(ids) for role, ids in owns.items()}
