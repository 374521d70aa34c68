"""Turns pydantic's ValidationError into a located JourneyKitError."""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from journeykit._suggest import closest
from journeykit.exceptions import (
    DependencyCycleError,
    DuplicateIdError,
    JourneyKitError,
    Problem,
    SchemaError,
    UnknownReferenceError,
)
from journeykit.io._source import Source

__all__ = ["to_journeykit_error"]

#: The error class for each error type journeykit's validators raise.
_CLASSES: dict[str, type[JourneyKitError]] = {
    "unknown_reference": UnknownReferenceError,
    "duplicate_id": DuplicateIdError,
    "dependency_cycle": DependencyCycleError,
}

#: How many problems one error lists before it says "and N more".
MAX_PROBLEMS = 20


def to_journeykit_error(err: ValidationError, source: Source, model: type[BaseModel]) -> JourneyKitError:
    """One JourneyKitError naming every problem, the first (by file and line) leading.

    Every problem is located (that is what orders them), but only the
    ``MAX_PROBLEMS`` shown get a message: a message may suggest the closest
    key, which costs far more than a line look-up, and a hostile file can
    hold hundreds of thousands of problems.
    """
    located = []
    for detail in err.errors(include_url=False, include_context=False):
        file, line, _ = source.locate(tuple(detail["loc"]))
        located.append((file, line, detail))
    located.sort(key=lambda found: (found[0], found[1]))  # stable: pydantic's order within a line
    shown = tuple(
        Problem(_message(detail, model), file=file, line=line, loc=tuple(detail["loc"]), kind=detail["type"])
        for file, line, detail in located[:MAX_PROBLEMS]
    )
    if len(located) > MAX_PROBLEMS:
        last = shown[-1]
        shown = (
            *shown,
            Problem(f"... and {len(located) - MAX_PROBLEMS:,} more problems", file=last.file, line=last.line),
        )
    first = shown[0]
    cls = _CLASSES.get(first.kind, SchemaError)
    return cls(first.message, file=first.file, line=first.line, loc=first.loc, problems=shown)


def _message(detail: Any, model: type[BaseModel]) -> str:
    loc = tuple(detail["loc"])
    where = _dotted(loc)
    kind = detail["type"]
    if kind in _CLASSES or kind.startswith("invalid_"):
        return f"{where}: {detail['msg']}" if where else detail["msg"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        key = str(loc[-1])
        hint = ""
        if allowed:
            guess = closest(key, allowed)
            hint = f"; did you mean {guess!r}?" if guess else f"; allowed keys: {', '.join(allowed)}"
        return f"{_dotted(loc[:-1]) or 'top level'}: unknown key {key!r}{hint}"
    if kind == "missing":
        return f"{_dotted(loc[:-1]) or 'top level'}: missing required key {str(loc[-1])!r}"
    message = _PLAIN_WORDS.get(kind, detail["msg"])
    if kind == "too_short":
        message = detail["msg"].replace("Tuple", "the list")
    value = detail.get("input")
    if isinstance(value, (str, int, float, bool)) or value is None:
        shown = json.dumps(value, ensure_ascii=False)
        if shown not in message and repr(value) not in message:
            message += f" (got {shown})"
    return f"{where}: {message}" if where else message


#: Pydantic messages that speak Python where file authors think in YAML or JSON.
_PLAIN_WORDS = {
    "tuple_type": "should be a list",
    "dict_type": "should be a mapping of keys to values",
    "model_type": "should be a mapping of keys to values",
    "model_attributes_type": "should be a mapping of keys to values",
    "string_type": "should be text",
    "bool_type": "should be true or false",
}


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at ``loc`` accepts (empty when ``loc`` is not a model)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The model class inside ``tuple[X, ...]``, ``X | None`` or ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
