"""Reading and writing programmes: YAML and JSON files, JSON Schema, graph files."""

from journeykit.io._files import MAX_BYTES, dumps, load, loads, save
from journeykit.io.schema import json_schema

__all__ = ["MAX_BYTES", "dumps", "json_schema", "load", "loads", "save"]
