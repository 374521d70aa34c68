"""``import journeykit`` stays light and clean."""

import subprocess
import sys

import pytest

HEAVY = (
    "matplotlib",
    "pandas",
    "duckdb",
    "polars",
    "pyspark",
    "pygraphviz",
    "narwhals",
    "IPython",
    "hypothesis",
    "jiter",
    "sklearn",
    "scipy",
    "numpy",
)


def test_import_pulls_in_no_optional_extra_and_warns_nothing() -> None:
    code = f"import sys, journeykit; print([m for m in {HEAVY!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-Werror", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_public_names_are_all_importable() -> None:
    import journeykit

    assert sorted(journeykit.__all__) == sorted(set(journeykit.__all__))
    for name in journeykit.__all__:
        assert getattr(journeykit, name) is not None


def test_the_personas_functions_load_on_first_use_without_their_extras() -> None:
    # Reaching jk.personas.coverage needs no extra; segment and behaviour import theirs when called.
    code = (
        "import sys, journeykit as jk; jk.personas.coverage; jk.personas.segment; jk.personas.behaviour; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-Werror", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_event_log_analytics_start_without_the_model() -> None:
    # A fresh `journeykit discover` pays for DuckDB and narwhals, not for pydantic and PyYAML:
    # the package's names load on first use, and the analytics need none of the model's.
    code = (
        "import sys, journeykit.analytics; "
        "print([m for m in ('pydantic', 'yaml', 'networkx', 'journeykit.program', 'journeykit.analysis') "
        "if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-Werror", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_names_loaded_on_first_use_are_the_defining_modules_own() -> None:
    import journeykit
    from journeykit import io, journeys, program

    assert "Program" in dir(journeykit)
    assert "load" in dir(journeykit.io)
    assert journeykit.Program is program.Program
    assert journeykit.Step is journeys.Step
    assert journeykit.load is io.load
    from journeykit import derive_requirements, diff  # `from` reaches them too

    assert callable(derive_requirements)
    assert callable(diff)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = journeykit.no_such_name
