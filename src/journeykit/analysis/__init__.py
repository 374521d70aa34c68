"""Analyses over a programme: derive requirements, and more to come."""

from journeykit.analysis.derive import Backlog, NeededRequirement, derive_requirements, select_steps
from journeykit.analysis.rules import rule_matches

__all__ = ["Backlog", "NeededRequirement", "derive_requirements", "rule_matches", "select_steps"]
