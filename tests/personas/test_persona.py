import pydantic
import pytest

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


@pytest.mark.parametrize("organization", ["vendor", "Partner", ""])
def test_organization_is_partner_customer_or_internal(organization: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Persona(id="p", name="P", organization=organization)  # type: ignore[arg-type]


def test_attributes_hold_text_only() -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Persona(id="p", name="P", attributes={"age": 42})  # type: ignore[dict-item]
