"""The hardened YAML reader and the writer, against PyYAML as an oracle."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeykit.io._yaml import parse
from journeykit.io._yaml_dump import dump
from journeykit.testing import texts

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | texts()
    | st.floats(allow_nan=False, allow_infinity=False)
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts(max_size=8), documents, max_size=5))
def test_what_journeykit_writes_it_reads_back_exactly(data: dict[str, object]) -> None:
    assert parse(dump(data)) == data


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts(max_size=8), documents, max_size=5))
def test_what_journeykit_writes_yaml_1_1_tools_read_the_same(data: dict[str, object]) -> None:
    assert yaml.safe_load(dump(data)) == data


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("null", None),
        ("~", None),
        ("", None),
        ("Null", None),
        ("42", 42),
        ("-7", -7),
        ("0o17", 15),
        ("0x1F", 31),
        ("017", 17),
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("0b101", "0b101"),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-.5", -0.5),
        (".inf", float("inf")),
        ("-.Inf", float("-inf")),
        ("2024-05-01", "2024-05-01"),
        ("'true'", "true"),
        ('"42"', "42"),
        ("!!str 42", "42"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert parse(f"key: {text}\n") == {"key": value}


def test_nan_is_read_as_a_float_for_the_schema_to_refuse() -> None:
    value = parse("key: .nan\n")["key"]  # type: ignore[index]
    assert value != value
