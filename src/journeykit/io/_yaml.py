"""Hardened YAML reading.

libyaml's parser (PyYAML's own when libyaml is missing) produces events that
``parse`` turns straight into dicts, lists and scalars, refusing anchors,
aliases, explicit tags, duplicate keys, non-text keys and deep nesting. Plain
scalars are read with the YAML 1.2 core schema: only ``true``/``false`` are
booleans, so ``country: NO`` stays the string ``"NO"``; no dates, no
sexagesimal numbers, no merge keys.

``compose`` builds PyYAML's node tree with line marks; journeykit uses it
only to find the line of a problem after the fast path has found one.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from journeykit.exceptions import LimitExceededError, ParseError, SchemaError

__all__ = ["CORE_SCHEMA", "MAX_DEPTH", "compose", "parse"]

#: How deeply collections may nest in a file. journeykit's own schema needs 11.
MAX_DEPTH = 32

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

CORE_SCHEMA = [  # YAML 1.2 core schema, section 10.3.2
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
]


class _CoreResolver(BaseResolver):
    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML API)


for _tag, _pattern, _first in CORE_SCHEMA:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


_Parser: type
try:  # libyaml's C parser, when PyYAML was built with it (the wheels are)
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class _Loader(Composer, _CoreResolver, _Parser):  # type: ignore[misc]
    """PyYAML's composer, for line marks. It refuses aliases and deep nesting
    too: it may be handed text the fast path stopped reading half way (at a
    duplicate key), and a tree walk over aliased nodes can blow up."""

    def __init__(self, stream: str, max_depth: int) -> None:
        _Parser.__init__(self, stream)  # type: ignore[misc]
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.max_depth = max_depth
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        line = _line(event)
        if isinstance(event, AliasEvent):
            raise ParseError(
                f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full",
                line=line,
            )
        if event.anchor is not None:
            raise ParseError(
                f"YAML anchors (&{event.anchor}) are not allowed; write each value out in full",
                line=line,
            )
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > self.max_depth:
                raise LimitExceededError(
                    f"the file nests more than {self.max_depth} levels deep; "
                    "journeykit files never need that many",
                    line=line,
                )
        try:
            return super().compose_node(parent, index)
        finally:
            if isinstance(event, CollectionStartEvent):
                self.depth -= 1


def compose(text: str, *, max_depth: int = MAX_DEPTH) -> Node | None:
    """Parse ``text`` into a YAML node tree (None for an empty document).

    Raises ``ParseError`` (without a file name; the caller adds it).
    """
    try:
        loader = _Loader(text, max_depth)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err) from None
    except yaml.reader.ReaderError as err:
        raise _unprintable(text, err.position) from None


def _unprintable(text: str, position: int) -> ParseError:
    """The error for a character YAML may not hold (NUL, ESC, C1 controls, ...)."""
    line = text.count("\n", 0, position) + 1
    if "\x00" in text[:1024]:
        return ParseError(
            "the file holds NUL characters: it looks like UTF-16 or a binary file; save it as UTF-8",
            line=line,
        )
    char = text[position] if position < len(text) else ""
    return ParseError(
        f"the control character U+{ord(char):04X} cannot appear in a YAML file; "
        "remove it, or write it as an escape inside double quotes",
        line=line,
    )


def _short(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` as it is written in a file: ``!!binary``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _yaml_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def parse(text: str, *, max_depth: int = MAX_DEPTH) -> object:
    """Read YAML ``text`` into plain dicts, lists and scalars (None for no document).

    Raises ``ParseError``, ``LimitExceededError`` or (for a key
    that is not text) ``SchemaError``, with the line but no file name.

    >>> parse("country: NO\\nactive: true\\nmode: 0o17\\n")
    {'country': 'NO', 'active': True, 'mode': 15}
    """
    try:
        parser = _Parser(text)
        try:
            get = parser.get_event
            get()  # stream start
            event = get()
            if isinstance(event, StreamEndEvent):
                return None
            value = _value(get, get(), 1, max_depth)
            get()  # document end
            second = get()
            if not isinstance(second, StreamEndEvent):
                raise ParseError(
                    "the file holds more than one YAML document (a second '---'); keep one",
                    line=_line(second),
                )
            return value
        finally:
            parser.dispose()
    except _DuplicateKey as err:
        first = _first_line_of_key(text, err.message, err.line or 1)
        raise ParseError(
            f"duplicate key {err.message!r}{f' (first at line {first})' if first else ''}; "
            "each key may appear once in a mapping",
            line=err.line,
        ) from None
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err) from None
    except yaml.reader.ReaderError as err:
        raise _unprintable(text, err.position) from None


class _DuplicateKey(ParseError):
    """Raised on the fast path; ``parse`` turns it into the message users see."""


def _first_line_of_key(text: str, key: str, line: int) -> int | None:
    """Where ``key`` first appears in the mapping that repeats it on ``line``.

    The fast path does not keep lines (it would slow every load down), so the
    file is composed again, once, to tell the user where both copies are.
    """
    try:
        node = compose(text)
    except ParseError:  # pragma: no cover - the same text parsed a moment ago
        return None
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            keys = [k for k, _ in current.value if isinstance(k, ScalarNode) and k.value == key]
            if len(keys) > 1 and any(_line(k) == line for k in keys[1:]):
                return _line(keys[0])
            stack.extend(v for _, v in current.value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return None


def _value(get: Any, event: Event, depth: int, max_depth: int) -> object:
    kind = type(event)
    if kind is ScalarEvent:
        return _scalar(event)  # type: ignore[arg-type]
    if kind is AliasEvent:
        raise ParseError(
            f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full",  # type: ignore[attr-defined]
            line=_line(event),
        )
    _check_collection(event, depth, max_depth)  # type: ignore[arg-type]
    if kind is SequenceStartEvent:
        items = []
        event = get()
        while type(event) is not SequenceEndEvent:
            items.append(_value(get, event, depth + 1, max_depth))
            event = get()
        return items
    result: dict[str, object] = {}
    event = get()
    while type(event) is not MappingEndEvent:
        key = _key(event)
        if key in result:
            raise _DuplicateKey(key, line=_line(event))
        result[key] = _value(get, get(), depth + 1, max_depth)
        event = get()
    return result


def _check_collection(event: CollectionStartEvent, depth: int, max_depth: int) -> None:
    if event.anchor is not None:
        raise ParseError(
            f"YAML anchors (&{event.anchor}) are not allowed; write each value out in full",
            line=_line(event),
        )
    if event.tag is not None and event.tag not in ("!", _SEQ, _MAP):
        raise ParseError(f"YAML tag {_short(event.tag)} is not allowed", line=_line(event))
    if depth > max_depth:
        raise LimitExceededError(
            f"the file nests more than {max_depth} levels deep; journeykit files never need that many",
            line=_line(event),
        )


def _key(event: Event) -> str:
    if not isinstance(event, ScalarEvent):
        raise ParseError("a mapping key must be plain text, not a list or mapping", line=_line(event))
    key = _scalar(event)
    if not isinstance(key, str):
        raise SchemaError(
            f"the key {event.value!r} is read as {_yaml_name(key)}, but keys must be text; "
            f"put it in quotes: '{event.value}':",
            line=_line(event),
        )
    return key


_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NUMBER_START = frozenset("-+.0123456789")
_INT_RE = re.compile(CORE_SCHEMA[2][1])
_FLOAT_RE = re.compile(CORE_SCHEMA[3][1])


def _scalar(event: ScalarEvent) -> object:
    value: str = event.value
    if event.anchor is not None:
        raise ParseError(
            f"YAML anchors (&{event.anchor}) are not allowed; write each value out in full",
            line=_line(event),
        )
    if event.tag is not None and event.tag not in ("!", _STR):
        raise ParseError(
            f"YAML tag {_short(event.tag)} is not allowed; journeykit files hold only text, "
            "numbers, true/false, null, lists and mappings",
            line=_line(event),
        )
    if event.tag is not None or not event.implicit[0]:  # quoted, block or tagged: text
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] in _NUMBER_START:
        if _INT_RE.match(value):
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value, 16)
            try:
                return int(value)
            except ValueError:  # over Python's 4,300 digits, a guard against quadratic conversion
                raise _too_many_digits(value, _line(event)) from None
        if _FLOAT_RE.match(value):
            lowered = value.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if value.startswith("-") else float("inf")
            return float("nan") if lowered == ".nan" else float(value)
    return value


def _too_many_digits(value: str, line: int) -> LimitExceededError:
    """The error for an integer longer than Python converts (``sys.get_int_max_str_digits``)."""
    import sys

    digits = len(value.lstrip("+-"))
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    return LimitExceededError(
        f"the number {value[:12]}... has {digits:,} digits, more than the {limit:,} Python reads "
        "(converting longer numbers takes time that grows with the square of their length); "
        "shorten it, or put it in quotes if it is text",
        line=line,
    )


def _line(item: Any) -> int:
    """The 1-based line an event or node starts on."""
    mark = item.start_mark
    return mark.line + 1 if mark is not None else 1


def _syntax_error(err: yaml.MarkedYAMLError) -> ParseError:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark is not None else None
    what = " ".join(part for part in (err.context, err.problem) if part)
    return ParseError(f"YAML syntax error: {what}", line=line)
