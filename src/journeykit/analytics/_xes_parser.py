"""The streaming expat parser behind read_xes: gzip inflation, safe handlers, column building."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO
from xml.parsers import expat

from journeykit.analytics._readers import ACTIVITY, CASE, START_TIMESTAMP, TIMESTAMP
from journeykit.analytics._xes_values import (
    _AS_DATE,
    _AS_TEXT,
    _CONVERT,
    _TYPED,
    _WANTED,
    _arrow_types,
    _as_text,
)
from journeykit.exceptions import FileAccessError, JourneyKitError, LimitExceededError, ParseError
from journeykit.io._read import open_regular

if TYPE_CHECKING:
    import pyarrow as pa

_CHUNK = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip header and trailer, whose CRC zlib checks

# Parser states: where the element being read sits.
_ROOT, _LOG, _TRACE, _EVENT, _SKIP = range(5)
# Keys whose values are always text, and always timestamps, whatever their tag says.
_TEXT_KEYS = frozenset({"concept:name"})
_TIME_KEYS = frozenset({TIMESTAMP, START_TIMESTAMP})


class _Column:
    """The values of one attribute key: event values by event number, trace values by ranges."""

    __slots__ = ("index", "kinds", "ranges", "values")

    def __init__(self) -> None:
        self.index: list[int] = []
        self.values: list[object] = []
        self.ranges: list[tuple[int, int, object]] = []
        self.kinds: set[str] = set()


@dataclass(frozen=True)
class Limits:
    """What one read may hold, so a hostile file cannot fill memory (see read_xes)."""

    max_bytes: int  # of XML read, after decompression
    max_keys: int  # distinct attribute keys: columns, the three always there included
    max_value_chars: int  # of one attribute key or value
    max_total_chars: int  # of all attribute values together


class _Reader:
    """One pass over one file: expat handlers that collect columns."""

    def __init__(self, display: str, limits: Limits) -> None:
        self.display = display
        self.limits = limits
        self.max_value_chars = limits.max_value_chars
        self.total_chars = 0  # of the values read so far
        self.new_trace_keys = 0  # keys of the current trace that are no column yet
        self.events = 0
        self.columns: dict[str, _Column] = {CASE: _Column(), ACTIVITY: _Column(), TIMESTAMP: _Column()}
        self.stack: list[int] = [_ROOT]
        self.trace_start = 0
        self.trace_values: dict[str, tuple[str, object]] = {}
        self.parser = expat.ParserCreate()

    def error(self, message: str, cls: type[ParseError] = ParseError) -> ParseError:
        return cls(message, file=self.display, line=self.parser.CurrentLineNumber)

    # -- reading

    def run(self, progress: Callable[[int, int], object] | None) -> None:
        parser = self.parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.UnparsedEntityDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.external
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True
        handle = open_regular(self.display, what="an XES file")  # a FIFO or device is refused
        size = os.fstat(handle.fileno()).st_size
        with handle:
            compressed = self.read(handle, 2) == _GZIP_MAGIC
            handle.seek(0)
            seen = 0
            for chunk in self.gunzip(handle) if compressed else iter(lambda: self.read(handle, _CHUNK), b""):
                seen += len(chunk)
                if seen > self.limits.max_bytes:
                    raise self.over_bytes(compressed)
                self.feed(chunk, final=False)
                if progress is not None:
                    progress(handle.tell(), size)
        if seen == 0:
            raise ParseError("the file is empty; an XES log starts with <log>", file=self.display, line=1)
        self.feed(b"", final=True)
        if progress is not None:
            progress(size, size)

    def over_bytes(self, compressed: bool) -> ParseError:
        limit = self.limits.max_bytes
        what = "decompresses to" if compressed else "is"
        return self.error(
            f"the file {what} more than {limit:,} bytes of XML (the limit, which bounds the time a "
            f"read takes{' and stops decompression bombs' if compressed else ''}); "
            "pass max_bytes= to read_xes to read it",
            LimitExceededError,
        )

    def read(self, handle: BinaryIO, size: int) -> bytes:
        try:
            return handle.read(size)
        except OSError as err:
            raise FileAccessError(f"cannot read the file: {err.strerror or err}", file=self.display) from None

    def gunzip(self, handle: BinaryIO) -> Iterator[bytes]:
        """The decompressed bytes of a gzip file, at most ``_CHUNK`` at a time (so a
        "zip bomb" never sits in memory), member after member."""
        inflate = zlib.decompressobj(_GZIP_WBITS)
        fresh = True  # no byte of the current member read yet
        data = b""
        while True:
            if not data:
                data = self.read(handle, _CHUNK)
            if not data:
                if fresh:
                    return
                rest = self.inflate(inflate.flush)
                if rest:
                    yield rest
                if not inflate.eof:
                    raise self.error(
                        "the gzip data ends early: the file is truncated; download or export it again"
                    )
                return
            if fresh:
                data = data.lstrip(b"\0")  # padding after the last member
                if not data:
                    continue
                fresh = False
            out = self.inflate(inflate.decompress, data, _CHUNK)
            if inflate.eof:
                data = inflate.unused_data
                inflate, fresh = zlib.decompressobj(_GZIP_WBITS), True
            else:
                data = inflate.unconsumed_tail
            if out:
                yield out

    def inflate(self, step: Callable[..., bytes], *args: object) -> bytes:
        try:
            return step(*args)
        except zlib.error as err:
            raise self.error(f"the gzip data is corrupt ({err}); download or export the file again") from None

    def feed(self, chunk: bytes, *, final: bool) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as err:
            reason = expat.errors.messages.get(err.code, str(err)) if err.code else str(err)
            column = f", column {err.offset + 1}" if err.offset is not None else ""
            if final:
                message = (
                    f"the XML ends before the log is complete ({reason}); the file is truncated: "
                    "download or export it again"
                )
            else:
                message = f"the file is not well-formed XML ({reason}{column}); is it an XES file?"
            raise ParseError(message, file=self.display, line=err.lineno) from None
        except JourneyKitError:
            raise
        if final and self.stack != [_ROOT]:  # pragma: no cover - expat reports unclosed elements
            raise self.error("the XML ends before the log is complete")

    # -- handlers

    def doctype(self, *_: object) -> None:
        raise self.error(
            "the file declares a DTD (<!DOCTYPE ...>); XES files have none, and journeykit refuses "
            "one because it can define entities that expand without bound or read other files. "
            "Remove the <!DOCTYPE ...> declaration"
        )

    def entity(self, *_: object) -> None:  # pragma: no cover - a DTD is refused first
        raise self.error("the file declares an XML entity; journeykit refuses entities")

    def external(self, *_: object) -> int:  # pragma: no cover - a DTD is refused first
        raise self.error("the file refers to an external entity; journeykit refuses them")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        stack = self.stack
        where = stack[-1]
        if where in (_EVENT, _TRACE):
            stack.append(_SKIP)
            if name in _TYPED:
                self.attribute(name, attrs, where)
            elif name == "event" and where == _TRACE:
                stack[-1] = _EVENT
        elif where == _LOG:
            if name == "trace":
                stack.append(_TRACE)
                self.trace_start = self.events
                self.trace_values = {}
                self.new_trace_keys = 0
            elif name == "event":
                stack.append(_EVENT)
            else:
                stack.append(_SKIP)
        elif where == _ROOT:
            if name != "log":
                raise self.error(
                    f"this is XML but not XES: its root element is <{name[:80]}>, and an XES file's is <log>"
                )
            stack.append(_LOG)
        else:
            stack.append(_SKIP)

    def end(self, name: str) -> None:
        where = self.stack.pop()
        if where == _EVENT:
            self.events += 1
        elif where == _TRACE:
            start, stop = self.trace_start, self.events
            columns = self.columns
            for column_name, (kind, value) in self.trace_values.items():
                column = columns.get(column_name)
                if column is None:
                    column = columns[column_name] = _Column()
                column.kinds.add(kind)
                column.ranges.append((start, stop, value))

    def attribute(self, tag: str, attrs: dict[str, str], where: int) -> None:
        key = attrs.get("key")
        value = attrs.get("value")
        if key is None or value is None:
            raise self.error(f'<{tag}> needs both key="..." and value="..."')
        limit = self.max_value_chars
        if len(value) > limit or len(key) > limit:
            raise self.error(
                f"an attribute of <{tag} key={key[:40]!r}> is {max(len(key), len(value)):,} characters, "
                f"over the limit of {limit:,}; pass max_value_chars= to read it",
                LimitExceededError,
            )
        self.total_chars += len(value)
        if self.total_chars > self.limits.max_total_chars:
            raise self.error(
                f"the attribute values add up to more than {self.limits.max_total_chars:,} characters "
                "(the limit, which bounds the memory a read takes); pass max_total_chars= to read it",
                LimitExceededError,
            )
        if key in _TEXT_KEYS:
            kind, convert = _AS_TEXT
        elif key in _TIME_KEYS and where == _EVENT:
            kind, convert = _AS_DATE
        else:
            kind, convert = _CONVERT[tag]
        try:
            converted = convert(value)
        except (ValueError, OverflowError):
            wanted = _WANTED[kind]
            raise self.error(
                f"<{tag} key={key[:80]!r}> has the value {value[:80]!r}, which is not {wanted}"
            ) from None
        if where == _TRACE:
            name = "case:" + key
            if name not in self.columns and name not in self.trace_values:
                self.new_trace_keys += 1
                self.check_keys(name, 0)  # counted in new_trace_keys already
            self.trace_values[name] = (kind, converted)
            return
        column = self.columns.get(key)
        if column is None:
            self.check_keys(key, 1)
            column = self.columns[key] = _Column()
        column.kinds.add(kind)
        column.index.append(self.events)
        column.values.append(converted)

    def check_keys(self, key: str, new: int) -> None:
        """Refuse a column past ``max_keys``: each is as long as the log, so a log with a
        new key on every event would need memory of events times events."""
        if len(self.columns) + self.new_trace_keys + new > self.limits.max_keys:
            raise self.error(
                f"the log has more than {self.limits.max_keys:,} attribute keys (the limit; "
                f"{key[:80]!r} is one too many). Each key becomes a column as long as the log, "
                "so memory grows with keys times events; pass max_keys= to read_xes to read it",
                LimitExceededError,
            )

    # -- the result

    def table(self) -> pa.Table:
        import pyarrow

        n = self.events
        types = _arrow_types()
        arrays: dict[str, pyarrow.Array | pyarrow.ChunkedArray] = {}
        forced = {CASE: "str", ACTIVITY: "str", TIMESTAMP: "date"}
        for name, column in self.columns.items():
            values: list[object] = [None] * n
            for start, stop, value in column.ranges:
                values[start:stop] = [value] * (stop - start)
            for i, value in zip(column.index, column.values, strict=True):
                values[i] = value
            column.index, column.values, column.ranges = [], [], []
            kinds = column.kinds or {forced[name]}
            kind = kinds.pop() if len(kinds) == 1 else "float" if kinds <= {"int", "float"} else "mixed"
            if kind == "mixed":
                values = [_as_text(v) for v in values]
                kind = "str"
            arrays[name] = pyarrow.array(values, type=types[kind]())
        return pyarrow.table(arrays)
