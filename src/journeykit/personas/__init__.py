"""Personas: the actors who go through journeys."""

from journeykit.personas._persona import Organization, Persona

__all__ = ["Organization", "Persona"]
