import math

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk


def test_a_persona_holds_the_seed_profile() -> None:
    persona = jk.Persona(
        id="marketing-manager",
        name="Marketing manager",
        role="Marketing manager at a partner",
        responsibilities=["Run campaigns"],
        challenges=["No assets"],
        goals=["More leads"],
        motivations=["Growth"],
        channels=["portal"],
        quotes=["Give me ready-made campaigns."],
        attributes={"country": "NO"},
    )
    assert persona.organization == "partner"
    assert persona.attributes == {"country": "NO"}
    assert (persona.share, persona.size, persona.source) == (None, None, None)


@pytest.mark.parametrize("organization", ["vendor", "Partner", ""])
def test_organization_is_partner_customer_or_internal(organization: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Persona(id="p", name="P", organization=organization)  # type: ignore[arg-type]


def test_attributes_hold_text_numbers_and_booleans_with_their_types() -> None:
    values = {"country": "ES", "age": 42, "sessions": 3.5, "mobile": True, "churned": False}
    persona = jk.Persona(id="p", name="P", attributes=values)
    assert persona.attributes == values
    assert [type(v) for v in persona.attributes.values()] == [str, int, float, bool, bool]


@pytest.mark.parametrize("value", [None, [1], {"a": 1}, math.nan, math.inf])
def test_attributes_refuse_lists_mappings_nulls_and_non_finite_numbers(value: object) -> None:
    with pytest.raises(pydantic.ValidationError, match="should be text, a finite number or true/false"):
        jk.Persona(id="p", name="P", attributes={"x": value})


attribute_values = st.one_of(
    st.text(max_size=20),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(st.dictionaries(st.text(min_size=1, max_size=10), attribute_values, max_size=5))
def test_attributes_survive_a_yaml_round_trip_with_their_types(attributes: dict[str, object]) -> None:
    program = jk.Program(name="P", personas=[jk.Persona(id="p", name="P", attributes=attributes)])
    again = jk.loads(jk.dumps(program, format="yaml"), format="yaml")
    assert again.persona("p").attributes == attributes
    assert [type(v) for v in again.persona("p").attributes.values()] == [type(v) for v in attributes.values()]


@pytest.mark.parametrize(
    "fields",
    [{"share": -0.1}, {"share": 1.01}, {"share": math.nan}, {"share": True}, {"size": -1}, {"size": 2.5}],
)
def test_share_is_a_fraction_and_size_a_count(fields: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Persona(id="p", name="P", **fields)  # type: ignore[arg-type]


def test_source_says_how_the_persona_was_made() -> None:
    persona = jk.Persona(
        id="p",
        name="P",
        share=0.25,
        size=250,
        source={
            "data": "crm.csv",
            "rows": 1000,
            "method": "kmeans",
            "k": 4,
            "features": ["age", "plan"],
            "seed": 0,
            "quality": {"silhouette": 0.4, "stability": 0.9},
            "date": "2026-12-03",
        },
    )
    assert persona.source is not None
    assert persona.source.date is not None
    assert persona.source.date.isoformat() == "2026-12-03"
    dumped = persona.model_dump(mode="json", exclude_defaults=True)
    assert dumped["source"]["date"] == "2026-12-03"
    assert jk.Persona.model_validate(dumped) == persona


def _without_new_keys(text: str) -> str:
    """The example as it was written before personas had shares and steps per-persona emotions."""
    kept: list[str] = []
    block = None  # the indentation of an `emotions:` block being left out
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if block is not None and indent > block:
            continue
        block = indent if line.strip().startswith("emotions:") else None
        if block is None and not line.strip().startswith("share:"):
            kept.append(line)
    return "\n".join(kept) + "\n"


def test_old_files_load_unchanged() -> None:
    # A file that predates share, size, source and emotions loads, and writes back the same keys.
    old = jk.loads(_without_new_keys(jk.example_path().read_text(encoding="utf-8")), format="yaml")
    assert all(p.share is None and p.size is None and p.source is None for p in old.personas)
    assert all(not step.emotions for journey in old.journeys for step in journey.steps)
    text = jk.dumps(old, format="yaml")
    for key in ("share:", "size:", "source:", "emotions:"):
        assert key not in text


def test_shares_summing_past_one_is_located_at_the_share_that_crosses() -> None:
    text = "\n".join(
        [
            "name: P",
            "personas:",
            "  - {id: a, name: A, share: 0.5}",
            "  - {id: b, name: B}",
            "  - {id: c, name: C, share: 0.3}",
            "  - {id: d, name: D, share: 0.25}",
            "",
        ]
    )
    with pytest.raises(jk.SchemaError) as caught:
        jk.loads(text, format="yaml", source="people.yaml")
    assert caught.value.file == "people.yaml"
    assert caught.value.line == 6
    assert "sum to 1.05, more than 1" in str(caught.value)


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=8))
def test_shares_made_from_counts_always_fit(counts: list[int]) -> None:
    total = sum(counts) or 1
    personas = [jk.Persona(id=f"p{i}", name="P", share=n / total) for i, n in enumerate(counts)]
    assert len(jk.Program(name="P", personas=personas).personas) == len(counts)


def test_per_persona_emotions_name_known_personas() -> None:
    step = jk.Step(id="s", name="S", emotion=3, emotions={"ghost": 2})
    journey = jk.Journey(id="j", name="J", stages=[jk.Stage(id="st", name="St", steps=[step])])
    with pytest.raises(pydantic.ValidationError, match="unknown persona 'ghost'"):
        jk.Program(name="P", personas=[jk.Persona(id="a", name="A")], journeys=[journey])


@pytest.mark.parametrize("score", [0, 6, 2.5, True])
def test_per_persona_emotions_are_scores(score: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Step(id="s", name="S", emotions={"a": score})
