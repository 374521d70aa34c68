import pickle

import pytest

import journeykit as jk
from journeykit import exceptions
from journeykit.exceptions import Problem

ALL = [getattr(exceptions, name) for name in exceptions.__all__ if name.endswith("Error")]
WARNINGS = [getattr(exceptions, name) for name in exceptions.__all__ if name.endswith("Warning")]


@pytest.mark.parametrize("cls", ALL)
def test_every_error_is_a_journeykit_error_and_exported(cls: type[Exception]) -> None:
    assert issubclass(cls, jk.JourneyKitError)
    assert getattr(jk, cls.__name__, cls) is cls


def test_there_are_warnings() -> None:
    assert {cls.__name__ for cls in WARNINGS} >= {"JourneyKitWarning", "UnknownPersonaWarning"}


@pytest.mark.parametrize("cls", WARNINGS)
def test_every_warning_is_a_journeykit_warning_and_exported(cls: type[Warning]) -> None:
    assert issubclass(cls, jk.JourneyKitWarning)
    assert issubclass(cls, UserWarning)
    assert not issubclass(cls, jk.JourneyKitError)
    assert getattr(jk, cls.__name__) is cls
    assert cls.__name__ in jk.__all__


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (jk.ParseError, ValueError),
        (jk.SchemaError, ValueError),
        (jk.DuplicateIdError, ValueError),
        (jk.DependencyCycleError, ValueError),
        (jk.UnknownReferenceError, LookupError),
        (exceptions.FileAccessError, OSError),
    ],
)
def test_errors_subclass_the_builtin_they_resemble(cls: type[Exception], builtin: type[Exception]) -> None:
    assert issubclass(cls, builtin)


def test_message_starts_with_file_and_line() -> None:
    err = jk.SchemaError("emotion: too high", file="map.yaml", line=7)
    assert str(err) == "map.yaml:7: emotion: too high"
    assert (err.file, err.line, err.message) == ("map.yaml", 7, "emotion: too high")


def test_without_a_line_the_file_still_leads() -> None:
    assert str(exceptions.FileAccessError("cannot read", file="x.yaml")) == "x.yaml: cannot read"


def test_without_a_file_the_location_leads() -> None:
    assert str(jk.SchemaError("bad", loc=("journeys", 0, "name"))) == "journeys.0.name: bad"


def test_every_problem_gets_its_own_line() -> None:
    problems = (
        Problem("first", file="a.yaml", line=2),
        Problem("second", file="a.yaml", line=9),
    )
    err = jk.SchemaError("first", file="a.yaml", line=2, problems=problems)
    assert str(err).splitlines() == ["a.yaml:2: first", "a.yaml:9: second"]


def test_errors_survive_pickling() -> None:
    err = jk.DuplicateIdError("dup", file="a.yaml", line=3, loc=("personas", 1, "id"))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is jk.DuplicateIdError
    assert str(back) == str(err)
    assert back.loc == err.loc


@pytest.mark.parametrize(
    "err",
    [
        jk.EventLogError("no column 'x'", column="x", columns=("a", "b")),
        jk.StepMappingError("ambiguous", activity="Visit", candidates=("a", "b")),
        jk.SegmentationError("no values", column="age", file="people.csv"),
        jk.UnknownReferenceError("unknown", file="a.yaml", line=4),
    ],
    ids=lambda err: type(err).__name__,
)
def test_errors_with_attributes_of_their_own_survive_pickling(err: jk.JourneyKitError) -> None:
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert str(back) == str(err)
    assert vars(back) == vars(err)
