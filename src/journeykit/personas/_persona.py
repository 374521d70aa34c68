"""The persona: an actor who goes through journeys, and the segment of real people behind it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, PlainValidator, StrictInt, WithJsonSchema
from pydantic_core import PydanticCustomError

from journeykit._base import Identifier, JourneyModel, Number, Text, Texts

__all__ = ["AttributeValue", "Organization", "Persona", "PersonaSource", "Share"]

Organization = Literal["partner", "customer", "internal"]


def _attribute_value(value: object) -> str | bool | int | float:
    # One check with one message, where a union of four types would give four.
    if isinstance(value, (str, bool, int)) or (isinstance(value, float) and math.isfinite(value)):
        return value
    raise PydanticCustomError(
        "invalid_attribute",
        "should be text, a finite number or true/false, not {value}",
        {"value": "NaN or infinity" if isinstance(value, float) else type(value).__name__},
    )


#: The value of a persona attribute: text, a whole or finite number, or a boolean.
AttributeValue = Annotated[
    str | bool | int | float,
    PlainValidator(_attribute_value),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}),
]

#: A part of a population, from 0 to 1.
Share = Annotated[Number, Field(ge=0, le=1)]


class PersonaSource(JourneyModel):
    """How a persona was made from data: the data set, the method and how good the segments are.

    ``journeykit.personas.segment`` fills it in for the drafts it writes;
    hand-written personas have none.

    Examples
    --------
    >>> source = PersonaSource(data="survey-2026.csv", method="kmeans", k=4,
    ...                        quality={"silhouette": 0.31, "stability": 0.94}, date="2026-12-03")
    >>> source.k, source.date.year, source.quality["stability"]
    (4, 2026, 0.94)
    """

    data: str | None = Field(
        default=None, description="The data set the segment comes from (a file name, a table, a query)."
    )
    rows: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None, description="How many people (rows) the data set held."
    )
    method: str | None = Field(
        default=None, description="How people were segmented: kmeans, nmf, or a method of your own."
    )
    k: Annotated[StrictInt, Field(ge=1)] | None = Field(
        default=None, description="How many segments the data was divided into."
    )
    features: tuple[Text, ...] = Field(default=(), description="The columns the segments were made from.")
    seed: StrictInt | None = Field(default=None, description="The random seed, to make the segments again.")
    quality: dict[str, Number] = Field(
        default_factory=dict,
        description="Quality figures of the segmentation: silhouette (-1 to 1) and stability (0 to 1) "
        "across resamples.",
    )
    date: dt.date | None = Field(default=None, description="When the segments were made (YYYY-MM-DD).")


class Persona(JourneyModel):
    """An actor who goes through journeys, as the seed asks to profile them:
    responsibilities, challenges, goals and what motivates them.

    A persona made from data also says how much of the population it stands
    for (``share``, ``size``), what sets its people apart (``attributes``) and
    how it was made (``source``). The shares of a programme's personas may not
    sum to more than 1.

    Examples
    --------
    >>> p = Persona(id="sales-manager", name="Partner sales manager",
    ...             goals=["Close registered deals faster"])
    >>> p.organization, p.goals
    ('partner', ('Close registered deals faster',))
    >>> p = Persona(id="power-user", name="Power user", share=0.18, size=1812,
    ...             attributes={"sessions_per_week": 11.5, "country": "ES", "mobile": True})
    >>> p.share, p.attributes["mobile"]
    (0.18, True)
    """

    id: Identifier = Field(description="Unique persona id, used to refer to it.")
    name: Text = Field(description="Display name, e.g. 'Partner sales manager'.")
    role: str | None = Field(default=None, description="Job title or function in their organisation.")
    organization: Organization = Field(
        default="partner", description="Whose side the persona is on: partner, customer or internal."
    )
    description: str | None = Field(default=None, description="A short portrait in prose.")
    responsibilities: Texts = Field(default=(), description="What the persona is accountable for.")
    challenges: Texts = Field(default=(), description="What gets in their way day to day.")
    goals: Texts = Field(default=(), description="What they want to achieve.")
    motivations: Texts = Field(default=(), description="What drives them.")
    channels: Texts = Field(default=(), description="Channels they prefer (portal, email, phone, ...).")
    quotes: Texts = Field(default=(), description="Things they said, in their own words.")
    attributes: dict[str, AttributeValue] = Field(
        default_factory=dict,
        description="Free key-value attributes (region, seniority, sessions per week, ...): text, numbers "
        "or true/false.",
    )
    share: Share | None = Field(
        default=None, description="The part of the population the persona stands for, from 0 to 1."
    )
    size: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None, description="How many people the persona stands for (counted in the data)."
    )
    source: PersonaSource | None = Field(
        default=None, description="How the persona was made from data; absent for a hand-written one."
    )

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: object
    ) -> dict[str, str] | None:
        """In Jupyter, a persona shows its card (nothing extra without matplotlib)."""
        from journeykit.render.jupyter import persona_bundle

        return persona_bundle(self, include, exclude)
