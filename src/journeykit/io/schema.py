"""The JSON Schema of programme files, generated from the models."""

from __future__ import annotations

from typing import Any

from journeykit.program import Program

__all__ = ["json_schema"]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that programme files follow.

    Editors use it for completion and checking; the schema is generated from
    the pydantic models, so it is always what ``journeykit.load`` accepts
    (whole-programme rules such as "every reference resolves" aside).

    Examples
    --------
    >>> schema = jk.io.json_schema()
    >>> schema["title"], "journeys" in schema["properties"]
    ('Program', True)
    """
    schema = Program.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
