"""Typed XES attribute values: converters from the tag's text, and their Arrow types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

_UTC = timezone.utc

# Tags of the attributes read (list, container and unknown tags are skipped).
_TYPED = frozenset({"string", "date", "int", "float", "boolean", "id"})


def _text(value: str) -> str:
    return value


def _int(value: str) -> int:
    return int(value)


def _float(value: str) -> float:
    return float(value)


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise ValueError(value)


def _date(value: str) -> datetime:
    """An aware datetime from XES's xs:dateTime (and the looser forms some exporters write).

    >>> _date("2010-12-30T14:32:00.000+01:00")
    datetime.datetime(2010, 12, 30, 14, 32, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))
    >>> _date("2019/11/03 08:11:19.000")
    datetime.datetime(2019, 11, 3, 8, 11, 19, tzinfo=datetime.timezone.utc)
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = datetime.fromisoformat(_loose_iso(value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)


def _loose_iso(value: str) -> str:
    """Text ``fromisoformat`` reads on Python 3.10 too: ``Z``, odd fractions, ``/`` in the date."""
    text = value.strip().replace("/", "-", 2)
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    head, dot, rest = text.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        text = head + "." + rest[:digits][:6].ljust(6, "0") + rest[digits:]
    return text


_CONVERT: dict[str, tuple[str, Callable[[str], object]]] = {
    "string": ("str", _text),
    "id": ("str", _text),
    "int": ("int", _int),
    "float": ("float", _float),
    "boolean": ("bool", _boolean),
    "date": ("date", _date),
}
_WANTED = {
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "date": "a date (2024-05-01T09:30:00+02:00)",
}
_AS_TEXT: tuple[str, Callable[[str], object]] = ("str", _text)
_AS_DATE: tuple[str, Callable[[str], object]] = ("date", _date)


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _arrow_types() -> dict[str, Callable[[], pa.DataType]]:
    import pyarrow

    return {
        "str": pyarrow.string,
        "int": pyarrow.int64,
        "float": pyarrow.float64,
        "bool": pyarrow.bool_,
        "date": lambda: pyarrow.timestamp("us", tz="UTC"),
    }
