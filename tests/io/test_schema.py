import jsonschema
import pytest
import yaml

import journeykit as jk
from journeykit.io import json_schema


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_examples_follow_the_schema(language: str) -> None:
    data = yaml.safe_load(jk.example_path(language=language).read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "data",
    [
        {
            "name": "P",
            "journeys": [
                {
                    "id": "j",
                    "name": "J",
                    "stages": [{"id": "s", "name": "S", "steps": [{"id": "x", "name": "X", "emotion": 9}]}],
                }
            ],
        },
        {"name": "P", "personas": [{"id": "p", "name": "P", "hobby": "golf"}]},
        {"personas": []},
    ],
    ids=["emotion-out-of-range", "unknown-key", "missing-name"],
)
def test_the_schema_refuses_what_load_refuses(data: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
    with pytest.raises(jk.SchemaError):
        jk.loads(yaml.safe_dump(data))


def test_every_field_has_a_description() -> None:
    schema = json_schema()
    missing = [
        f"{name}.{field}"
        for name, definition in [("Program", schema), *schema["$defs"].items()]
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert missing == []
