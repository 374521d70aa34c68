"""People in: the table ``segment`` reads, its id column and its features, as Arrow arrays.

The table may be pandas, Polars (eager or lazy), PyArrow or a DuckDB relation:
Narwhals reads them all, lazy ones are collected, and every column used is
taken as an Arrow array, whose type says what kind of feature it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from journeykit._suggest import closest
from journeykit.exceptions import SegmentationError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Column", "FeatureKind", "People", "read_people"]

FeatureKind = Literal["numeric", "boolean", "categorical"]

#: Shown at most in an error that lists the columns a table has.
_MAX_LISTED = 40


@dataclass(frozen=True)
class Column:
    """One feature column: its name, what kind of feature it is, and its values."""

    name: str
    kind: FeatureKind
    values: pa.Array


@dataclass(frozen=True)
class People:
    """The table as ``segment`` uses it.

    ``ids`` are the values of the id column (or ``None`` without one), in
    input order; ``columns`` the usable features; ``skipped`` the columns
    left out when features were not named, with the reason.
    """

    rows: int
    id_name: str
    ids: pa.Array | None
    columns: tuple[Column, ...]
    skipped: tuple[tuple[str, str], ...]


def read_people(table: Any, *, id: str | None, features: Sequence[str] | None) -> People:
    """Read ``table`` for ``segment``: check the named columns and decide each feature's kind.

    Raises
    ------
    SegmentationError
        A named column is missing, or holds values that are neither numbers,
        booleans nor text.
    TypeError
        ``table`` is not a table Narwhals can read.
    """
    import narwhals as nw

    try:
        frame: Any = nw.from_native(table)
    except TypeError as err:
        raise TypeError(
            "segment() takes a pandas, Polars or PyArrow table or a DuckDB relation, "
            f"not {type(table).__name__}"
        ) from err
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    present = list(frame.columns)
    if id is not None:
        _check_present(id, present, "id=")
    if isinstance(features, str):
        raise TypeError(f"features must be a list of column names, not the string {features!r}")
    named = features is not None
    wanted = list(dict.fromkeys(features)) if features is not None else [c for c in present if c != id]
    for name in wanted:
        _check_present(name, present, "features=")
    if id is not None and id in wanted:
        raise SegmentationError(
            f"column {id!r} is the id column and cannot also be a feature; leave it out of features=",
            column=id,
        )
    columns, skipped = [], []
    for name in wanted:
        values = _arrow(frame[name])
        kind = _kind(values.type)
        if kind is None:
            if named:
                raise SegmentationError(
                    f"column {name!r} holds {values.type}; segment() takes numbers, booleans and text "
                    "(turn dates into numbers, e.g. days since, first)",
                    column=name,
                )
            skipped.append((name, f"holds {values.type}"))
            continue
        columns.append(Column(name, kind, values))
    ids = _arrow(frame[id]) if id is not None else None
    return People(len(frame), id or "row", ids, tuple(columns), tuple(skipped))


def _arrow(series: Any) -> pa.Array:
    """A column as one Arrow array (chunks combined)."""
    import pyarrow as pa

    try:
        values = series.to_arrow()
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise SegmentationError(
            f"column {series.name!r} mixes values of different types ({err}); give it one type",
            column=series.name,
        ) from None
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values


def _kind(kind: pa.DataType) -> FeatureKind | None:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _kind(kind.value_type)
    if pa.types.is_boolean(kind):
        return "boolean"
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        return "numeric"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return "categorical"
    if pa.types.is_null(kind):  # a column of nothing but nulls: caught as all-missing later
        return "numeric"
    return None


def _check_present(name: str, present: list[str], option: str) -> None:
    if name in present:
        return
    guess = closest(name, present)
    if guess is not None:
        hint = f"did you mean {guess!r}?"
    else:
        shown = ", ".join(repr(c) for c in present[:_MAX_LISTED])
        more = f", ... ({len(present)} in all)" if len(present) > _MAX_LISTED else ""
        hint = f"its columns are: {shown or '(none)'}{more}"
    raise SegmentationError(f"the table has no column {name!r} ({option}); {hint}", column=name)
