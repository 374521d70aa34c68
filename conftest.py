"""Shared pytest set-up: the names docstring examples use without importing them."""

import json
from pathlib import Path

import pytest

import journeykit
import journeykit.render  # so jk.render.journey_map is the function, not its module


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, object], tmp_path: object) -> None:
    doctest_namespace["jk"] = journeykit
    doctest_namespace["json"] = json
    doctest_namespace["tmp_path"] = tmp_path


#: Notebooks that read the shared public event logs, which live next to the repository.
_NEEDS_LOGS = {"02-observed-journeys.ipynb"}
_LOGS = Path(__file__).resolve().parent.parent / "shared" / "data" / "eventlogs"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _LOGS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"the shared event logs are not at {_LOGS}")
    for item in items:
        if item.path.name in _NEEDS_LOGS:
            item.add_marker(skip)
