"""Analyses over a programme: derive requirements, compare journeys, impact, checks."""

from journeykit.analysis.check import CODES, Finding, Findings, check
from journeykit.analysis.compare import Comparison, StageChange, StepChange, compare
from journeykit.analysis.derive import Backlog, NeededRequirement, derive_requirements, select_steps
from journeykit.analysis.impact import Impact, impact_of
from journeykit.analysis.rules import rule_matches

__all__ = [
    "CODES",
    "Backlog",
    "Comparison",
    "Finding",
    "Findings",
    "Impact",
    "NeededRequirement",
    "StageChange",
    "StepChange",
    "check",
    "compare",
    "derive_requirements",
    "impact_of",
    "rule_matches",
    "select_steps",
]
