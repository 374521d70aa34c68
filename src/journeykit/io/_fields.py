"""What kind of value each field of a model holds, for readers of flat data (tables, graphs).

A table cell or a GraphML attribute holds one scalar, so a list or a mapping
arrives as text; these helpers say which fields to decode, and how.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel

from journeykit._base import Text

__all__ = ["FieldKind", "field_kinds"]

#: text (any string), ids (a list of ids), texts (a list of free texts),
#: mapping (a dict or a model), int, float, bool.
FieldKind = Literal["text", "ids", "texts", "mapping", "int", "float", "bool"]


def _strip(annotation: Any) -> Any:
    """The type inside ``Annotated[X, ...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:  # a union of scalars (a persona attribute): left to the model
                return annotation
            annotation = args[0]
        else:
            return annotation


def _kind(annotation: Any) -> FieldKind:
    inner = _strip(annotation)
    origin = typing.get_origin(inner)
    if origin in (tuple, list):
        item = typing.get_args(inner)[0]
        return "texts" if item is Text or _strip(item) is not str or item is str else "ids"
    if origin is dict or (isinstance(inner, type) and issubclass(inner, BaseModel)):
        return "mapping"
    if inner is bool:
        return "bool"
    if inner is int:
        return "int"
    if inner is float:
        return "float"
    return "text"  # str, a Literal of strings, a date


@functools.cache
def field_kinds(model: type[BaseModel]) -> dict[str, FieldKind]:
    """The kind of each field of ``model``.

    >>> from journeykit import Step
    >>> kinds = field_kinds(Step)
    >>> kinds["name"], kinds["personas"], kinds["pain_points"], kinds["emotion"], kinds["emotions"]
    ('text', 'ids', 'texts', 'int', 'mapping')
    """
    return {name: _kind(info.annotation) for name, info in model.model_fields.items()}
