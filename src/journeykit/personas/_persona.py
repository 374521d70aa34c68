"""The persona: an actor who goes through journeys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field

from journeykit._base import Identifier, JourneyModel, Text, Texts

__all__ = ["Organization", "Persona"]

Organization = Literal["partner", "customer", "internal"]


class Persona(JourneyModel):
    """An actor who goes through journeys, as the seed asks to profile them:
    responsibilities, challenges, goals and what motivates them.

    Examples
    --------
    >>> p = Persona(id="sales-manager", name="Partner sales manager",
    ...             goals=["Close registered deals faster"])
    >>> p.organization, p.goals
    ('partner', ('Close registered deals faster',))
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
    attributes: dict[str, str] = Field(
        default_factory=dict, description="Free key-value attributes (region, seniority, ...)."
    )

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: object
    ) -> dict[str, str] | None:
        """In Jupyter, a persona shows its card (nothing extra without matplotlib)."""
        from journeykit.render.jupyter import persona_bundle

        return persona_bundle(self, include, exclude)
