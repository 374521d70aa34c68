"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "partner-portal.yaml"
EXAMPLE_ES = ROOT / "examples" / "partner-portal.es.yaml"
#: The shared public event logs (see their README), next to the repository.
LOGS = ROOT.parent / "shared" / "data" / "eventlogs"
needs_logs = pytest.mark.skipif(not LOGS.is_dir(), reason=f"the shared event logs are not at {LOGS}")


@pytest.fixture(scope="session")
def portal() -> jk.Program:
    """The built-in partner-portal example, in English."""
    return jk.load(EXAMPLE)


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests, for calling the CLI as ``python -m journeykit``."""
    return sys.executable


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session (two cores, no UI, UTC), started once; skipped without Java."""
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java and there is no `java` on PATH")
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("journeykit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
