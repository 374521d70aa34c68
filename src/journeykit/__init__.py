"""journeykit: personas, journeys and service blueprints as typed, queryable data.

>>> import journeykit as jk
>>> program = jk.example()
>>> program.summary()["personas"]
3
"""

from journeykit import io, render
from journeykit._examples import example, example_path
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
from journeykit.exceptions import (
    DependencyCycleError,
    DuplicateIdError,
    FileAccessError,
    JourneyKitError,
    LimitExceededError,
    ParseError,
    SchemaError,
    UnknownReferenceError,
    UnsupportedFormatError,
)
from journeykit.graph import to_networkx
from journeykit.io import dumps, load, loads, save
from journeykit.io.mermaid import from_mermaid
from journeykit.journeys import Action, Journey, Requirement, Stage, Step, Touchpoint
from journeykit.personas import Persona
from journeykit.program import Match, Metric, Program, Role, Rule, UseCase
from journeykit.render import to_mermaid

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Backlog",
    "Comparison",
    "DependencyCycleError",
    "DuplicateIdError",
    "FileAccessError",
    "Finding",
    "Findings",
    "Impact",
    "Journey",
    "JourneyKitError",
    "LimitExceededError",
    "Match",
    "Metric",
    "NeededRequirement",
    "ParseError",
    "Persona",
    "Pilot",
    "Priorities",
    "Program",
    "Requirement",
    "Responsibilities",
    "Role",
    "Rule",
    "SchemaError",
    "Stage",
    "Step",
    "Touchpoint",
    "UnknownReferenceError",
    "UnsupportedFormatError",
    "UseCase",
    "__version__",
    "check",
    "compare",
    "derive_requirements",
    "dumps",
    "example",
    "example_path",
    "from_mermaid",
    "impact_of",
    "io",
    "load",
    "loads",
    "prioritize",
    "render",
    "responsibilities",
    "save",
    "select_pilot",
    "to_mermaid",
    "to_networkx",
]
