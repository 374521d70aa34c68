"""Fixtures shared by the test modules."""

from __future__ import annotations

import sys
from pathlib import Path

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
