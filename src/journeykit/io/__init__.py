"""Reading and writing programmes: YAML and JSON files, JSON Schema, graph files."""

from journeykit.io import graphfiles
from journeykit.io._files import MAX_BYTES, dumps, load, load_with_source, loads, save
from journeykit.io._yaml import MAX_DEPTH
from journeykit.io.schema import json_schema

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
