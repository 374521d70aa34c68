"""``import journeykit`` stays light and clean."""

import ast
import importlib
import importlib.util
import json
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


def _type_checking_imports(package: str) -> dict[str, str]:
    """``{name: module}`` imported under ``if TYPE_CHECKING:`` in a package's ``__init__``."""
    spec = importlib.util.find_spec(package)
    assert spec is not None
    assert spec.origin is not None
    with open(spec.origin, encoding="utf-8") as file:
        tree = ast.parse(file.read())
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    )
    names = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        assert node.module is not None
        for alias in node.names:
            names[alias.asname or alias.name] = node.module
    return names


@pytest.mark.parametrize("package", ["journeykit", "journeykit.io"])
def test_the_lazy_names_are_the_ones_type_checkers_see(package: str) -> None:
    # The same names are listed twice, for type checkers and for first use:
    # list what a fresh process offers before loading any, and compare.
    seen = _type_checking_imports(package)
    code = (
        f"import importlib, json; p = importlib.import_module({package!r}); "
        "print(json.dumps(sorted(set(dir(p)) - set(vars(p)))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lazy = set(json.loads(result.stdout))
    assert set(seen) - lazy == set()
    for name in lazy - set(seen):  # the rest are submodules, reached as attributes
        assert importlib.util.find_spec(f"{package}.{name}") is not None, name
    module = importlib.import_module(package)
    for name, origin in seen.items():
        if origin == package:  # `from journeykit import io`: the submodule itself
            assert getattr(module, name) is importlib.import_module(f"{package}.{name}")
        else:
            assert getattr(module, name) is getattr(importlib.import_module(origin), name)
