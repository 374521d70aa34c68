"""Journeys and the blueprint behind them."""

from journeykit.journeys._blueprint import (
    Action,
    Lane,
    Requirement,
    RequirementKind,
    RequirementStatus,
    Touchpoint,
)
from journeykit.journeys._journey import Journey, JourneyState, Stage, Step
from journeykit.journeys._mermaid import MermaidSource

__all__ = [
    "Action",
    "Journey",
    "JourneyState",
    "Lane",
    "MermaidSource",
    "Requirement",
    "RequirementKind",
    "RequirementStatus",
    "Stage",
    "Step",
    "Touchpoint",
]
