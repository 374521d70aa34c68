"""Reading and writing programmes: YAML and JSON files, JSON Schema, graph files."""

from typing import TYPE_CHECKING

from journeykit._lazy import lazy_names

if TYPE_CHECKING:
    from journeykit.io import graphfiles
    from journeykit.io._files import MAX_BYTES, dumps, load, load_with_source, loads, save
    from journeykit.io._yaml import MAX_DEPTH
    from journeykit.io.schema import json_schema

# Imported on first use: the event-log readers share ``journeykit.io._read``
# and must not pull in the model and PyYAML with it.
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        **dict.fromkeys(
            ("MAX_BYTES", "dumps", "load", "load_with_source", "loads", "save"), "journeykit.io._files"
        ),
        "MAX_DEPTH": "journeykit.io._yaml",
        "json_schema": "journeykit.io.schema",
    },
    submodules=("frames", "graphfiles", "mermaid", "schema"),
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "dumps",
    "graphfiles",
    "json_schema",
    "load",
    "load_with_source",
    "loads",
    "save",
]
