"""Shared pytest set-up: the names docstring examples use without importing them."""

import json

import pytest

import journeykit


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, object], tmp_path: object) -> None:
    doctest_namespace["jk"] = journeykit
    doctest_namespace["json"] = json
    doctest_namespace["tmp_path"] = tmp_path
