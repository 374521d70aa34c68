"""Hardened YAML: the parser journeykit reads files with, and the emitter it writes with.

Reading uses libyaml's parser when PyYAML has it (else PyYAML's own) under a
composer that refuses anchors, aliases and deep nesting, and a resolver with the
YAML 1.2 core schema: only ``true``/``false`` are booleans, so ``country: NO``
stays the string ``"NO"``; no dates, no sexagesimal numbers, no merge keys.
Explicit tags (``!!python/object``, ``!!binary``, ...) are refused.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from journeykit.exceptions import LimitExceededError, ParseError, SchemaError

__all__ = ["MAX_DEPTH", "compose", "dump", "to_python"]

#: How deeply collections may nest in a file. journeykit's own schema needs 11.
MAX_DEPTH = 32

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_CORE_SCHEMA = [  # YAML 1.2 core schema, section 10.3.2
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


for _tag, _pattern, _first in _CORE_SCHEMA:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class _SafeDumpResolver(Resolver):
    """YAML 1.1's resolver plus the 1.2 core patterns, so the emitter quotes any
    string that either a YAML 1.1 reader or journeykit would read as non-text."""

    yaml_implicit_resolvers: dict[Any, Any] = {  # noqa: RUF012 (PyYAML API)
        k: list(v) for k, v in Resolver.yaml_implicit_resolvers.items()
    }


for _tag, _pattern, _first in _CORE_SCHEMA:
    _SafeDumpResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

_Parser: type = getattr(yaml, "CParser", None) or yaml.parser.Parser  # libyaml when available
if _Parser is yaml.parser.Parser:
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PurePython(Reader, Scanner, yaml.parser.Parser):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)

    _Parser = _PurePython


class _Loader(Composer, _CoreResolver, _Parser):  # type: ignore[misc]
    def __init__(self, stream: str, max_depth: int) -> None:
        _Parser.__init__(self, stream)  # type: ignore[misc]
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.max_depth = max_depth
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1
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

    Raises :class:`ParseError` (without a file name; the caller adds it).
    """
    try:
        loader = _Loader(text, max_depth)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (err.context, err.problem) if part)
        raise ParseError(f"YAML syntax error: {what}", line=line) from None
    except yaml.reader.ReaderError as err:
        raise _unprintable(text, err.position) from None
    except yaml.YAMLError as err:  # pragma: no cover - PyYAML's other errors carry marks
        raise ParseError(f"YAML syntax error: {err}") from None


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


def _scalar(node: ScalarNode) -> object:
    value = node.value
    tag = node.tag
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value in ("true", "True", "TRUE")
    if tag == _INT:
        if value.startswith("0o"):
            return int(value[2:], 8)
        return int(value, 16) if value.startswith("0x") else int(value)
    if tag == _FLOAT:
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return float("-inf") if value.startswith("-") else float("inf")
        return float("nan") if lowered == ".nan" else float(value)
    raise ParseError(
        f"YAML tag {_short(tag)} is not allowed; journeykit files hold only text, numbers, "
        "true/false, null, lists and mappings",
        line=node.start_mark.line + 1,
    )


def _short(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` as it is written in a file: ``!!binary``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def to_python(node: Node) -> object:
    """Turn a composed node tree into dicts, lists and scalars.

    Duplicate keys in a mapping are an error naming both lines.
    """
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            raise ParseError(f"YAML tag {_short(node.tag)} is not allowed", line=node.start_mark.line + 1)
        return [to_python(item) for item in node.value]
    if isinstance(node, MappingNode):
        if node.tag != _MAP:
            raise ParseError(f"YAML tag {_short(node.tag)} is not allowed", line=node.start_mark.line + 1)
        result: dict[object, object] = {}
        first_line: dict[object, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise ParseError("a mapping key must be plain text, not a list or mapping", line=line)
            key = _scalar(key_node)
            if not isinstance(key, str):
                raise SchemaError(
                    f"the key {key_node.value!r} is read as {_yaml_name(key)}, but keys must be text; "
                    f"put it in quotes: '{key_node.value}':",
                    line=line,
                )
            if key in result:
                raise ParseError(
                    f"duplicate key {key!r} (first at line {first_line[key]}); "
                    "each key may appear once in a mapping",
                    line=line,
                )
            first_line[key] = line
            result[key] = to_python(value_node)
        return result
    raise ParseError(f"unexpected YAML node {type(node).__name__}")  # pragma: no cover


def _yaml_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


class _Dumper(yaml.SafeDumper):
    """Block style, unicode kept, strings quoted whenever a reader could misread them."""

    yaml_implicit_resolvers = _SafeDumpResolver.yaml_implicit_resolvers

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key ("steps:\n  - id: x"), as people write them.
        super().increase_indent(flow, False)


#: Characters a YAML reader folds or drops unless they are escaped: line breaks
#: other than \n, the byte-order mark, and control characters.
_NEEDS_ESCAPE = re.compile("[\r\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> ScalarNode:
    if _NEEDS_ESCAPE.search(value):
        style: str | None = '"'  # only double quotes can escape them
    elif "\n" in value:
        # Multi-line text reads best as a literal block; the emitter falls back
        # to a quoted scalar by itself when a block cannot hold the text exactly.
        style = "|"
    else:
        style = None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)


def dump(data: object) -> str:
    """Serialise ``data`` (plain dicts, lists and scalars) as block-style YAML."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
