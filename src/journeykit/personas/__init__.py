"""Personas: the actors who go through journeys, and the segments of real people behind them."""

from journeykit.personas._persona import AttributeValue, Organization, Persona, PersonaSource, Share

__all__ = ["AttributeValue", "Organization", "Persona", "PersonaSource", "Share"]
