"""journeykit: personas, journeys and service blueprints as typed, queryable data.

>>> import journeykit as jk
>>> program = jk.example()
>>> program.summary()["personas"]
3
"""

from typing import TYPE_CHECKING

from journeykit._examples import example, example_path
from journeykit._lazy import lazy_names
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

if TYPE_CHECKING:
    from journeykit import analytics, io, personas, render  # noqa: F401  (analytics: not in __all__, it needs the extra)
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
    from journeykit.graph import to_networkx
    from journeykit.io import dumps, load, loads, save
    from journeykit.io.mermaid import from_mermaid
    from journeykit.journeys import Action, Journey, Requirement, Stage, Step, Touchpoint
    from journeykit.personas import Persona, PersonaSource
    from journeykit.program import Match, Metric, Observation, Program, Role, Rule, UseCase
    from journeykit.render import report, to_mermaid

# Everything past the exceptions is imported on first use, so that
# ``import journeykit`` (and ``import journeykit.analytics``, which needs no
# model) does not pay for pydantic, PyYAML and the analyses up front.
__getattr__, __dir__ = lazy_names(
    __name__,
    {
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
        **dict.fromkeys(("dumps", "load", "loads", "save"), "journeykit.io"),
        **dict.fromkeys(
            ("Action", "Journey", "Requirement", "Stage", "Step", "Touchpoint"), "journeykit.journeys"
        ),
        **dict.fromkeys(("Persona", "PersonaSource"), "journeykit.personas"),
        **dict.fromkeys(
            ("Match", "Metric", "Observation", "Program", "Role", "Rule", "UseCase"), "journeykit.program"
        ),
        "from_mermaid": "journeykit.io.mermaid",
        "to_networkx": "journeykit.graph",
        "report": "journeykit.render",
        "to_mermaid": "journeykit.render",
    },
    submodules=("analysis", "analytics", "graph", "io", "journeys", "personas", "program", "render"),
)


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
