import pickle

import pytest

import journeykit as jk
from journeykit import exceptions
from journeykit.exceptions import Problem

ALL = [getattr(exceptions, name) for name in exceptions.__all__ if name.endswith("Error")]


@pytest.mark.parametrize("cls", ALL)
def test_every_error_is_a_journeykit_error_and_exported(cls: type[Exception]) -> None:
    assert issubclass(cls, jk.JourneyKitError)
    assert getattr(jk, cls.__name__, cls) is cls


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
