"""The programme as pandas tables, and back.

``to_frames`` gives one DataFrame per kind of entity, plus a one-row
``program`` table with the programme's name, purpose, description and
language. Each row is one entity; its columns are the model's fields (as in
a file), after columns naming where the row belongs: ``journey`` for stages;
``journey`` and ``stage`` for steps; ``journey`` and ``step`` for actions.
Row order is the programme's order (stages, steps and actions in a journey
follow their rows' order). Lists are Python lists, mappings (and models
such as a metric's ``observe``) dicts; an absent value is ``None`` (NaN in a
number column).

``from_frames`` reads the same tables back, and also what a spreadsheet or a
CSV file gives: a list as JSON or Python text (``["a", "b"]``, which is how
pandas' ``to_csv`` writes a list), a list of ids also as ``a; b``, numbers
as text, and NaN or an empty cell for an absent value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from journeykit._extras import require
from journeykit.exceptions import TableError
from journeykit.io._frames_tables import (
    CHILDREN,
    PROGRAM_COLUMNS,
    TABLES,
    Absent,
    cell,
    columns,
    fields,
    to_cell,
)

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.program import Program

__all__ = ["TABLES", "from_frames", "to_frames"]

Loc = tuple[str | int, ...]


def to_frames(program: Program) -> dict[str, pd.DataFrame]:
    """One DataFrame for the programme and one per kind of entity, ids and references as columns.

    Examples
    --------
    >>> frames = jk.example().to_frames()
    >>> list(frames)[:4]
    ['program', 'personas', 'roles', 'use_cases']
    >>> frames["steps"][["journey", "stage", "id"]].iloc[0].tolist()
    ['onboarding-current', 'discover', 'find-programme']
    """
    pd = require("pandas", "tables of the programme")
    rows: dict[str, list[list[Any]]] = {table: [] for table in TABLES}

    def add(table: str, entity: Any, *parents: str) -> None:
        rows[table].append([*parents, *(to_cell(getattr(entity, name)) for name in fields(type(entity)))])

    for table in ("personas", "roles", "use_cases", "touchpoints", "requirements", "rules", "metrics"):
        for entity in getattr(program, table):
            add(table, entity)
    for journey in program.journeys:
        add("journeys", journey)
        for stage in journey.stages:
            add("stages", stage, journey.id)
            for step in stage.steps:
                add("steps", step, journey.id, stage.id)
                for action in step.actions:
                    add("actions", action, journey.id, step.id)
    frames = {
        "program": pd.DataFrame([[getattr(program, c) for c in PROGRAM_COLUMNS]], columns=PROGRAM_COLUMNS)
    }
    for table in TABLES:
        frames[table] = pd.DataFrame(rows[table], columns=list(columns(table)), dtype=object)
        frames[table] = frames[table].infer_objects()  # numbers as numbers, the rest as objects
    return frames


def from_frames(frames: Mapping[str, Any], *, name: str | None = None) -> Program:
    """The programme the tables of ``to_frames`` describe.

    A table may be left out (no entities of that kind). The ``program`` table
    gives the name, purpose, description and language; without it, give
    ``name``. A table is a pandas DataFrame or anything ``pandas.DataFrame()``
    takes.

    Raises
    ------
    TableError
        A cell holds a value the programme refuses, a column is unknown, or a
        row names a journey, stage or step that does not exist; the message
        names the table, the row (its index label) and the column.

    Examples
    --------
    >>> program = jk.example()
    >>> frames = program.to_frames()
    >>> jk.Program.from_frames(frames) == program
    True
    >>> frames["requirements"].loc[0, "effort"] = -1
    >>> jk.Program.from_frames(frames)
    Traceback (most recent call last):
    ...
    journeykit.exceptions.TableError: table 'requirements', row 0, column 'effort': ...
    """
    pd = require("pandas", "tables of the programme")
    from journeykit.program import Program

    unknown = sorted(set(frames) - set(TABLES) - {"program"})
    if unknown:
        raise TableError(f"unknown table; the tables are program, {', '.join(TABLES)}", table=unknown[0])
    data: dict[str, Any] = _program_row(pd, frames, name)
    where: dict[Loc, tuple[str, object]] = {}
    for table in TABLES:
        if table not in CHILDREN:  # rows of stages, steps and actions go inside their parents
            data[table] = []
    journeys: dict[str, dict[str, Any]] = {}
    stages: dict[tuple[str, str], dict[str, Any]] = {}
    steps: dict[tuple[str, str], dict[str, Any]] = {}
    for table in TABLES:
        frame = frames.get(table)
        if frame is None:
            continue
        for label, entity, parents in _rows(pd, table, frame):
            loc: Loc
            if table == "stages":
                journey = _parent(journeys, parents[0], table, label, "journey")
                loc = (*journey["_loc"], "stages", len(journey["stages"]))
                journey["stages"].append(entity)
                entity["steps"] = []
                stages[parents[0], str(entity.get("id", ""))] = {"steps": entity["steps"], "_loc": loc}
            elif table == "steps":
                stage = _parent(stages, (parents[0], parents[1]), table, label, "stage")
                loc = (*stage["_loc"], "steps", len(stage["steps"]))
                stage["steps"].append(entity)
                entity["actions"] = []
                steps[parents[0], str(entity.get("id", ""))] = {"actions": entity["actions"], "_loc": loc}
            elif table == "actions":
                step = _parent(steps, (parents[0], parents[1]), table, label, "step")
                loc = (*step["_loc"], "actions", len(step["actions"]))
                step["actions"].append(entity)
            else:
                loc = (table, len(data[table]))
                data[table].append(entity)
                if table == "journeys":
                    entity["stages"] = []
                    journeys[str(entity.get("id", ""))] = {"stages": entity["stages"], "_loc": loc}
            where[loc] = (table, label)
    try:
        return Program.model_validate(data)
    except ValidationError as err:
        raise _located(err, where) from None


def _program_row(pd: Any, frames: Mapping[str, Any], name: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if "program" in frames:
        rows = list(_rows(pd, "program", frames["program"]))
        if len(rows) != 1:
            raise TableError(f"the program table must have one row, not {len(rows)}", table="program")
        data.update(rows[0][1])
    if name is not None:
        data["name"] = name
    if "name" not in data:
        raise TableError("no name for the programme: give a program table or name=", table="program")
    return data


def _rows(pd: Any, table: str, frame: Any) -> Any:
    """(index label, the row's fields, its parent ids) for each row of ``frame``."""
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)
    if table == "program":
        kinds: dict[str, Any] = dict.fromkeys(PROGRAM_COLUMNS, "text")
        parents: tuple[str, ...] = ()
    else:
        model, parents = TABLES[table]
        kinds = fields(model)
    known = (*parents, *kinds)
    for column in frame.columns:
        if column not in known:
            from journeykit._suggest import closest

            guess = closest(str(column), list(known))
            hint = f"did you mean {guess!r}?" if guess else f"the columns are {', '.join(known)}"
            raise TableError(f"unknown column; {hint}", table=table, column=str(column))
    for column in parents:
        if column not in frame.columns:
            raise TableError(f"the column {column!r} is missing: it says where each row belongs", table=table)
    names = [str(c) for c in frame.columns]
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        entity: dict[str, Any] = {}
        ids: list[str] = []
        for column, value in zip(names, values, strict=True):
            kind = kinds.get(column, "text")
            try:
                decoded = cell(value, kind)
            except Absent:
                if column in parents:
                    raise TableError(
                        "empty; say where the row belongs", table=table, row=label, column=column
                    ) from None
                continue
            except ValueError as err:
                raise TableError(str(err), table=table, row=label, column=column) from None
            if column in parents:
                ids.append(str(decoded))
            else:
                entity[column] = decoded
        yield label, entity, ids


def _parent(
    known: dict[Any, dict[str, Any]], key: Any, table: str, label: object, kind: str
) -> dict[str, Any]:
    found = known.get(key)
    if found is None:
        column = kind
        shown = key if isinstance(key, str) else "/".join(key)
        raise TableError(
            f"no {kind} {shown!r} (a row of the {kind}s table must come first)",
            table=table,
            row=label,
            column=column,
        )
    return found


def _located(err: ValidationError, where: dict[Loc, tuple[str, object]]) -> TableError:
    """The first problem pydantic found, at its table, row and column."""
    detail = err.errors(include_url=False, include_context=False)[0]
    loc = tuple(detail["loc"])
    for size in range(len(loc), -1, -1):
        if loc[:size] in where:
            table, label = where[loc[:size]]
            rest = loc[size:]
            column = str(rest[0]) if rest else None
            inner = ".".join(f"item {part}" if isinstance(part, int) else str(part) for part in rest[1:])
            message = f"{inner}: {detail['msg']}" if inner else str(detail["msg"])
            return TableError(message, table=table, row=label, column=column)
    column = str(loc[0]) if loc else None
    return TableError(str(detail["msg"]), table="program", row=0 if column else None, column=column)
