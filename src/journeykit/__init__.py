"""journeykit: personas, journeys and service blueprints as typed, queryable data.

>>> import journeykit as jk
>>> program = jk.example()
>>> program.summary()["personas"]
3
"""

from typing import TYPE_CHECKING, Any

from journeykit import io
from journeykit._examples import example, example_path
from journeykit.exceptions import (
    ArgumentError,
    ArgumentValueError,
    DependencyCycleError,
    DuplicateIdError,
    EventLogError,
    FileAccessError,
    JourneyKitError,
    JourneyKitWarning,
    LimitExceededError,
    MissingDependencyError,
    ParseError,
    ResourceLimitError,
    SchemaError,
    SegmentationError,
    StepMappingError,
    TableError,
    UnknownIdError,
    UnknownPersonaWarning,
    UnknownReferenceError,
    UnsupportedFormatError,
)
from journeykit.graph import to_networkx
from journeykit.io import dumps, load, loads, save
from journeykit.io.mermaid import from_mermaid
from journeykit.journeys import Action, Journey, Requirement, Stage, Step, Touchpoint
from journeykit.personas import Persona, PersonaSource
from journeykit.program import Match, Metric, Observation, Program, Role, Rule, UseCase

if TYPE_CHECKING:
    from journeykit import analytics, render  # noqa: F401  (analytics: not in __all__, it needs the extra)
    from journeykit.analysis import (
        Backlog,
        Comparison,
        Finding,
        Findings,
        Impact,
        NeededRequirement,
        Pilot,
        Priorities,
        Responsibilities,
        check,
        compare,
        derive_requirements,
        impact_of,
        prioritize,
        responsibilities,
        select_pilot,
    )
    from journeykit.analysis.diff import ProgramDiff, diff
    from journeykit.render import report, to_mermaid

#: Names loaded on first use, so ``import journeykit`` stays quick: the
#: analyses and the views are imported when a program first asks for them.
_LAZY = {
    **dict.fromkeys(
        (
            "Backlog",
            "Comparison",
            "Finding",
            "Findings",
            "Impact",
            "NeededRequirement",
            "Pilot",
            "Priorities",
            "Responsibilities",
            "check",
            "compare",
            "derive_requirements",
            "impact_of",
            "prioritize",
            "responsibilities",
            "select_pilot",
        ),
        "journeykit.analysis",
    ),
    **dict.fromkeys(("ProgramDiff", "diff"), "journeykit.analysis.diff"),
    "report": "journeykit.render",
    "to_mermaid": "journeykit.render",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name in ("render", "analytics"):  # subpackages with optional dependencies, loaded on use
        return importlib.import_module(f"journeykit.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'journeykit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


__version__ = "0.1.0"

__all__ = [
    "Action",
    "ArgumentError",
    "ArgumentValueError",
    "Backlog",
    "Comparison",
    "DependencyCycleError",
    "DuplicateIdError",
    "EventLogError",
    "FileAccessError",
    "Finding",
    "Findings",
    "Impact",
    "Journey",
    "JourneyKitError",
    "JourneyKitWarning",
    "LimitExceededError",
    "Match",
    "Metric",
    "MissingDependencyError",
    "NeededRequirement",
    "Observation",
    "ParseError",
    "Persona",
    "PersonaSource",
    "Pilot",
    "Priorities",
    "Program",
    "ProgramDiff",
    "Requirement",
    "ResourceLimitError",
    "Responsibilities",
    "Role",
    "Rule",
    "SchemaError",
    "SegmentationError",
    "Stage",
    "Step",
    "StepMappingError",
    "TableError",
    "Touchpoint",
    "UnknownIdError",
    "UnknownPersonaWarning",
    "UnknownReferenceError",
    "UnsupportedFormatError",
    "UseCase",
    "__version__",
    "check",
    "compare",
    "derive_requirements",
    "diff",
    "dumps",
    "example",
    "example_path",
    "from_mermaid",
    "impact_of",
    "io",
    "load",
    "loads",
    "personas",
    "prioritize",
    "render",
    "report",
    "responsibilities",
    "save",
    "select_pilot",
    "to_mermaid",
    "to_networkx",
]
