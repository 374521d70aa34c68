"""Deterministic, human-friendly YAML writing that journeykit (and YAML 1.1 tools) read back exactly."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from journeykit.io._yaml import CORE_SCHEMA

__all__ = ["dump"]

_STR = "tag:yaml.org,2002:str"


class _SafeDumpResolver(Resolver):
    """YAML 1.1's resolver plus the 1.2 core patterns, so the emitter quotes any
    string that either a YAML 1.1 reader or journeykit would read as non-text."""

    yaml_implicit_resolvers: dict[Any, Any] = {  # noqa: RUF012 (PyYAML API)
        k: list(v) for k, v in Resolver.yaml_implicit_resolvers.items()
    }


for _tag, _pattern, _first in CORE_SCHEMA:
    _SafeDumpResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


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
