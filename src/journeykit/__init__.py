"""journeykit: personas, journeys and service blueprints as typed, queryable data.

>>> import journeykit as jk
>>> program = jk.example()
>>> program.summary()["personas"]
3
"""

from journeykit._examples import example, example_path
from journeykit.exceptions import (
    DependencyCycleError,
    DuplicateIdError,
    JourneyKitError,
    LimitExceededError,
    ParseError,
    SchemaError,
    UnknownReferenceError,
)
from journeykit.graph import to_networkx
from journeykit.io import load, loads, save
from journeykit.journeys import Action, Journey, Requirement, Stage, Step, Touchpoint
from journeykit.personas import Persona
from journeykit.program import Match, Metric, Program, Role, Rule, UseCase

__version__ = "0.1.0"

__all__ = [
    "Action",
    "DependencyCycleError",
    "DuplicateIdError",
    "Journey",
    "JourneyKitError",
    "LimitExceededError",
    "Match",
    "Metric",
    "ParseError",
    "Persona",
    "Program",
    "Requirement",
    "Role",
    "Rule",
    "SchemaError",
    "Stage",
    "Step",
    "Touchpoint",
    "UnknownReferenceError",
    "UseCase",
    "__version__",
    "example",
    "example_path",
    "load",
    "loads",
    "save",
    "to_networkx",
]
