"""Analyses over a programme: requirements, comparisons, impact, checks, priorities, responsibilities."""

from journeykit.analysis.check import CODES, Finding, Findings, check
from journeykit.analysis.compare import Comparison, StageChange, StepChange, compare
from journeykit.analysis.derive import Backlog, NeededRequirement, derive_requirements, select_steps
from journeykit.analysis.impact import Impact, impact_of
from journeykit.analysis.pilot import Pilot, select_pilot
from journeykit.analysis.prioritize import Priorities, Priority, prioritize
from journeykit.analysis.responsibilities import (
    Responsibilities,
    Responsibility,
    UseCaseResponsibilities,
    UseCaseResponsibility,
    responsibilities,
    responsibilities_by_use_case,
)
from journeykit.analysis.rules import rule_matches

__all__ = [
    "CODES",
    "Backlog",
    "Comparison",
    "Finding",
    "Findings",
    "Impact",
    "NeededRequirement",
    "Pilot",
    "Priorities",
    "Priority",
    "Responsibilities",
    "Responsibility",
    "StageChange",
    "StepChange",
    "UseCaseResponsibilities",
    "UseCaseResponsibility",
    "check",
    "compare",
    "derive_requirements",
    "impact_of",
    "prioritize",
    "responsibilities",
    "responsibilities_by_use_case",
    "rule_matches",
    "select_pilot",
    "select_steps",
]
