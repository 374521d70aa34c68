"""The tables of ``to_frames``: which model each holds, its columns, and how cells are read back."""

from __future__ import annotations

import ast
import json
import math
from typing import Any

from pydantic import BaseModel

from journeykit.io._fields import FieldKind, field_kinds
from journeykit.journeys import Action, Journey, Requirement, Stage, Step, Touchpoint
from journeykit.personas import Persona
from journeykit.program import Metric, Role, Rule, UseCase

__all__ = ["CHILDREN", "PROGRAM_COLUMNS", "TABLES", "Absent", "cell", "columns", "fields", "to_cell"]

#: Each table: the model of its rows and the columns naming where a row belongs.
TABLES: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "personas": (Persona, ()),
    "roles": (Role, ()),
    "use_cases": (UseCase, ()),
    "journeys": (Journey, ()),
    "stages": (Stage, ("journey",)),
    "steps": (Step, ("journey", "stage")),
    "actions": (Action, ("journey", "step")),
    "touchpoints": (Touchpoint, ()),
    "requirements": (Requirement, ()),
    "rules": (Rule, ()),
    "metrics": (Metric, ()),
}

#: The fields that hold child rows of another table, not cells.
CHILDREN = frozenset({"stages", "steps", "actions"})

#: The one row of the ``program`` table.
PROGRAM_COLUMNS = ("name", "purpose", "description", "language")

#: The longest text cell read as a Python literal (what pandas' ``to_csv`` writes for a list).
_MAX_LITERAL = 100_000


class Absent(Exception):
    """The cell is empty: the field takes its default."""


def columns(table: str) -> tuple[str, ...]:
    """The columns of ``table``: where a row belongs, then the model's fields in order.

    >>> columns("actions")[:4]
    ('journey', 'step', 'id', 'name')
    """
    model, parents = TABLES[table]
    return (*parents, *(name for name in model.model_fields if name not in CHILDREN))


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value  # a text of spaces is a text
    try:  # pandas' NA and NaT, without importing pandas
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _scalar(value: Any) -> Any:
    """A numpy scalar as the Python value it holds."""
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy":
        return item()
    return value


def _structure(text: str) -> Any:
    """JSON text, or the Python literal pandas writes for a list or dict in a CSV."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    if len(text) > _MAX_LITERAL:
        raise ValueError("the text is too long to read as a list or mapping")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ValueError("it is neither JSON nor a Python list or mapping") from None


def cell(value: Any, kind: FieldKind) -> Any:
    """The field value a cell holds; ``Absent`` when the cell is empty.

    Lists may be given as lists, as JSON or Python text (``["a", "b"]``), and
    lists of ids also as ids joined by ``;`` or ``,``; mappings as dicts or JSON.

    >>> cell("sso; crm", "ids"), cell('["a; b"]', "texts"), cell(3.0, "int")
    (['sso', 'crm'], ['a; b'], 3)
    """
    if isinstance(value, (list, tuple, dict)):
        return list(value) if isinstance(value, tuple) else value
    if hasattr(value, "tolist") and not isinstance(value, str):  # a numpy array
        return value.tolist()
    if _empty(value):
        raise Absent
    value = _scalar(value)
    if kind in ("ids", "texts", "mapping") and isinstance(value, str):
        text = value.strip()
        if text.startswith(("[", "{")):
            return _structure(text)
        if kind == "ids":
            return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
        if kind == "texts":
            return [value]
        return value
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "int" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if kind == "float" and isinstance(value, str):
        return float(value)
    if kind == "bool" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if kind == "text" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an id of digits that a CSV reader took for a number
    return value


def fields(model: type[BaseModel]) -> dict[str, FieldKind]:
    """The kinds of the fields that are cells (not child rows)."""
    return {name: kind for name, kind in field_kinds(model).items() if name not in CHILDREN}


def to_cell(value: Any) -> Any:
    """A field value as a cell: lists for tuples, plain data for models."""
    if isinstance(value, tuple):
        return [to_cell(v) for v in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        return dict(value)
    return value
