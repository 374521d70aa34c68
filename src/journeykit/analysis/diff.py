"""Two revisions of a programme: what changed, entity by entity, and what it does to the backlog."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeykit._table import Table

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.program import Program

__all__ = ["KINDS", "BacklogChange", "BacklogDelta", "Change", "ProgramDiff", "diff"]

#: The kinds of entity a diff compares, in the order it lists them. ``program``
#: is the programme's own fields (name, purpose, description, language).
KINDS = (
    "program",
    "persona",
    "role",
    "touchpoint",
    "use_case",
    "journey",
    "stage",
    "step",
    "action",
    "requirement",
    "rule",
    "metric",
)


@dataclass(frozen=True)
class Change:
    """One difference between two revisions of a programme.

    ``change`` is one of:

    - ``added`` / ``removed``: the entity is only in the new / old revision;
      ``after`` / ``before`` holds all of it (``model_dump(mode="json")``), its
      stages, steps and actions included, which are not listed again;
    - ``changed``: ``field`` differs, from ``before`` to ``after`` (JSON
      values). Nested entities are not fields: a journey's stages, a stage's
      steps and a step's actions are compared as entities of their own. The
      pseudo-field ``position`` (1 for the first) says that an entity changed
      its place among its siblings: only the fewest entities whose moves
      explain the new order are named, so adding a step does not move the
      steps after it;
    - ``moved``: a step went to another stage (``field`` is ``stage``) or an
      action to another step (``field`` is ``step``) of the same journey;
      ``before`` and ``after`` are the ids.

    Stages, steps and actions are keyed by ``(journey, id)``; ``journey`` is
    None for the other kinds. ``id`` is empty for the programme's own fields.

    Examples
    --------
    >>> old = jk.example()
    >>> new = old.model_copy(update={"name": "Partner portal 2"})
    >>> jk.diff(old, new).changes  # doctest: +NORMALIZE_WHITESPACE
    (Change(kind='program', id='', change='changed', field='name', before='Partner portal',
            after='Partner portal 2', journey=None),)
    """

    kind: str
    id: str
    change: str
    field: str | None = None
    before: Any = None
    after: Any = None
    journey: str | None = None

    @property
    def ref(self) -> str:
        """The entity as people write it: ``JOURNEY/ID`` for stages, steps and actions, else the id.

        Examples
        --------
        >>> jk.analysis.diff.Change("step", "apply", "removed", journey="onboarding").ref
        'onboarding/apply'
        """
        return f"{self.journey}/{self.id}" if self.journey is not None else self.id


@dataclass(frozen=True)
class BacklogChange:
    """One difference between the backlogs of two revisions (``derive_requirements``
    on the whole programme, available requirements included).

    ``change`` is ``needed`` (newly needed), ``no_longer_needed`` or ``changed``;
    a changed row names the ``field`` (``status``, ``effort`` or ``wave``) and
    its ``before`` and ``after``. ``status``, ``effort`` and ``wave`` are the
    requirement's in the new revision, or in the old one when it is no longer
    needed.
    """

    requirement: str
    title: str
    change: str
    field: str | None
    before: Any
    after: Any
    status: str
    effort: float | None
    wave: int


class BacklogDelta(Table[BacklogChange]):
    """What a change does to the backlog: requirements newly needed, no longer needed, or changed.

    Rows come newly needed first, then no longer needed, then changed, each in
    the new revision's backlog order (the old one's for those no longer needed).
    """

    display_columns = ("requirement", "title", "change", "field", "before", "after", "status", "effort")

    def _columns_when_empty(self) -> tuple[str, ...]:
        return tuple(BacklogChange.__dataclass_fields__)

    def _cell(self, column: str, value: object) -> str:
        # A status changed is a word journeykit defines: read in the language in force.
        if column in ("before", "after") and isinstance(value, str):
            return super()._cell("status", value)
        return super()._cell(column, value)


class ProgramDiff:
    """The semantic difference between two revisions of a programme.

    ``changes`` lists every entity added, removed, changed (field by field) or
    moved; ``backlog`` what that does to the backlog. ``bool(d)`` is True when
    anything differs; ``d.empty`` is its opposite. ``old`` and ``new`` are the
    two programmes; ``labels`` their names as given (a path or ``REV:PATH``;
    None for a ``Program``).

    It prints as text, converts with ``to_dict()``, ``to_json()``,
    ``to_markdown()`` (for a pull-request comment) and ``to_frame()``, and a
    notebook shows it as tables.
    """

    def __init__(
        self,
        old: Program,
        new: Program,
        changes: Iterable[Change],
        backlog: BacklogDelta,
        *,
        labels: tuple[str | None, str | None] = (None, None),
    ) -> None:
        self.old = old
        self.new = new
        self.changes: tuple[Change, ...] = tuple(changes)
        self.backlog = backlog
        self.labels = labels

    @property
    def empty(self) -> bool:
        """True when nothing differs: no change and no backlog delta.

        Examples
        --------
        >>> portal = jk.example()
        >>> jk.diff(portal, portal).empty
        True
        """
        return not self.changes and not len(self.backlog)

    def __bool__(self) -> bool:
        return not self.empty

    def __len__(self) -> int:
        return len(self.changes) + len(self.backlog)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ProgramDiff) and self.changes == other.changes and self.backlog == other.backlog
        )

    __hash__ = None  # type: ignore[assignment]

    def of(self, kind: str) -> tuple[Change, ...]:
        """The changes to entities of one kind (see ``KINDS``).

        Examples
        --------
        >>> portal = jk.example()
        >>> new = portal.model_copy(update={"requirements": tuple(
        ...     r.model_copy(update={"effort": 13.0}) if r.id == "partner-sso" else r
        ...     for r in portal.requirements)})
        >>> [(c.id, c.field, c.before, c.after) for c in jk.diff(portal, new).of("requirement")]
        [('partner-sso', 'effort', 8, 13)]
        """
        if kind not in KINDS:
            from journeykit.exceptions import ArgumentValueError

            raise ArgumentValueError(f"no kind {kind!r}; the kinds are {', '.join(KINDS)}")
        return tuple(change for change in self.changes if change.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain data: ``old`` and ``new`` (the labels), ``changes`` and ``backlog``.

        Field names and values are English and never translated; JSON values as
        ``model_dump(mode="json")`` writes them.

        Examples
        --------
        >>> portal = jk.example()
        >>> data = jk.diff(portal, portal.model_copy(update={"name": "Portal"})).to_dict()
        >>> sorted(data), data["changes"][0]["after"]
        (['backlog', 'changes', 'new', 'old'], 'Portal')
        """
        return {
            "old": self.labels[0],
            "new": self.labels[1],
            "changes": [asdict(change) for change in self.changes],
            "backlog": self.backlog.to_records(),
        }

    def to_json(self) -> str:
        """The diff as indented JSON text (see ``to_dict``), ending with a line break.

        Examples
        --------
        >>> portal = jk.example()
        >>> json.loads(jk.diff(portal, portal).to_json())["changes"]
        []
        """
        from journeykit.cli._output import json_text

        return json_text(self.to_dict())

    def to_frame(self) -> pd.DataFrame:
        """The changes as a pandas DataFrame: one row per change, a column per field of ``Change``.

        Needs pandas (``pip install 'journeykit[analytics]'``). The backlog
        delta is ``d.backlog.to_frame()``.

        Examples
        --------
        >>> portal = jk.example()
        >>> frame = jk.diff(portal, portal.model_copy(update={"name": "Portal"})).to_frame()
        >>> frame[["kind", "change", "field", "after"]]
              kind   change field   after
        0  program  changed  name  Portal
        """
        from journeykit._extras import require

        pandas = require("pandas", "to_frame()")
        columns = list(Change.__dataclass_fields__)
        frame: pd.DataFrame = pandas.DataFrame.from_records(
            [asdict(change) for change in self.changes], columns=columns
        )
        return frame

    def to_markdown(self) -> str:
        """The diff as Markdown for a pull-request comment: a heading, a table per kind, the backlog delta.

        Words are in the language in force; user text is escaped.

        Examples
        --------
        >>> portal = jk.example()
        >>> print(jk.diff(portal, portal.model_copy(update={"name": "Portal"})).to_markdown())
        ## Programme changes
        <BLANKLINE>
        Changes: 1; backlog changes: 0.
        <BLANKLINE>
        ### Programme
        <BLANKLINE>
        | entity | change | field | before | after |
        |---|---|---|---|---|
        |  | changed | name | Partner portal | Portal |
        <BLANKLINE>
        """
        from journeykit.analysis._diff_text import markdown

        return markdown(self)

    def __str__(self) -> str:
        """The diff as text to read: one line per change, then the backlog delta."""
        from journeykit.analysis._diff_text import text

        return text(self)

    def __repr__(self) -> str:
        return f"<ProgramDiff: {len(self.changes)} changes, {len(self.backlog)} backlog changes>"

    def _repr_html_(self) -> str:
        from journeykit.analysis._diff_text import html

        return html(self)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: object
    ) -> dict[str, str]:
        bundle = {
            "text/plain": repr(self),
            "text/html": self._repr_html_(),
            "text/markdown": self.to_markdown(),
        }
        wanted = set(bundle) if include is None else set(include)
        return {k: v for k, v in bundle.items() if k in wanted and k not in set(exclude or ())}


def diff(
    old: Program | str | os.PathLike[str],
    new: Program | str | os.PathLike[str],
    *,
    repo: str | os.PathLike[str] | None = None,
) -> ProgramDiff:
    """What changed from ``old`` to ``new``: entities, fields, and the backlog.

    Parameters
    ----------
    old, new
        Each a ``Program``, a path (a file or a folder, as ``jk.load`` reads
        it), or a git revision and path written ``REV:PATH`` as ``git show``
        takes it (``HEAD~1:portal.yaml``, ``main:programme/``; the path is
        from the top of the repository, or from the current folder when it
        starts with ``./``). An existing path wins over a revision. Git is
        read through the ``git`` command, which must be installed.
    repo
        The folder git runs in (default: the current folder).

    Returns
    -------
    ProgramDiff
        Its ``changes`` (see ``Change``) come by kind (``KINDS``), then in the
        new revision's order (removed entities after, in the old one's); its
        ``backlog`` compares ``derive_requirements(..., include_available=True)``
        of the two revisions.

    Raises
    ------
    JourneyKitError
        A file or revision that cannot be read or is not a valid programme;
        errors of a revision's file name it ``REV:PATH:LINE``.

    Examples
    --------
    >>> portal = jk.example()
    >>> journey = portal.journey("onboarding-future")
    >>> stages = list(journey.stages)
    >>> step = stages[0].steps[0]
    >>> stages[0] = stages[0].model_copy(update={"steps": stages[0].steps[1:]})
    >>> stages[1] = stages[1].model_copy(update={"steps": (step, *stages[1].steps)})
    >>> moved = portal.model_copy(update={"journeys": tuple(
    ...     j.model_copy(update={"stages": tuple(stages)}) if j.id == journey.id else j
    ...     for j in portal.journeys)})
    >>> d = jk.diff(portal, moved)
    >>> [(c.kind, c.ref, c.change, c.before, c.after) for c in d.changes]
    [('step', 'onboarding-future/find-programme', 'moved', 'discover', 'apply')]
    >>> bool(d), bool(jk.diff(portal, portal))
    (True, False)
    """
    from journeykit.analysis._diff_backlog import backlog_delta
    from journeykit.analysis._diff_entities import entity_changes

    old_program, old_label = _side(old, repo, "old")
    new_program, new_label = _side(new, repo, "new")
    return ProgramDiff(
        old_program,
        new_program,
        entity_changes(old_program, new_program),
        backlog_delta(old_program, new_program),
        labels=(old_label, new_label),
    )


def _side(value: object, repo: str | os.PathLike[str] | None, name: str) -> tuple[Program, str | None]:
    """The programme ``value`` names, and its label."""
    from journeykit.program import Program

    if isinstance(value, Program):
        return value, None
    if isinstance(value, os.PathLike) or (isinstance(value, str) and not _is_revision(value)):
        from journeykit.io import load

        return load(value), os.fspath(value)
    if isinstance(value, str):
        from journeykit.io._git import load_revision

        return load_revision(value, repo=repo), value
    from journeykit._args import _kind
    from journeykit.exceptions import ArgumentError

    raise ArgumentError(
        f"diff: {name} must be a Program, a path or 'REV:PATH' (a git revision and path), not {_kind(value)}"
    )


def _is_revision(text: str) -> bool:
    """Whether ``text`` is ``REV:PATH`` rather than a path: it has a ``:`` and no such file exists."""
    return ":" in text and not Path(text).exists()
