"""Analyses over a programme: derive requirements, compare journeys, what-if impact."""

from journeykit.analysis.compare import Comparison, StageChange, StepChange, compare
from journeykit.analysis.derive import Backlog, NeededRequirement, derive_requirements, select_steps
from journeykit.analysis.impact import Impact, impact_of
from journeykit.analysis.rules import rule_matches

__all__ = [
    "Backlog",
    "Comparison",
    "Impact",
    "NeededRequirement",
    "StageChange",
    "StepChange",
    "compare",
    "derive_requirements",
    "impact_of",
    "rule_matches",
    "select_steps",
]
