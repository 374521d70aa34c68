"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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


def catalogue_tool() -> Any:
    """``tools/catalogue.py``, the catalogue's extractor and compiler, as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "tools" / "catalogue.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogue"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def pseudo_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A language 'qps' whose every message is the English one in brackets (``⟦Pain points⟧``):
    any word drawn in it without brackets is not the user's and not from the catalogue."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from journeykit import _i18n

    catalog = Catalog(locale="en", domain="journeykit", fuzzy=False)
    for message in catalogue_tool().extract():
        if isinstance(message.id, tuple):
            catalog.add(message.id, tuple(f"⟦{i}⟧" for i in message.id))
        elif message.id:
            catalog.add(message.id, f"⟦{message.id}⟧")
    target = tmp_path / "qps" / "LC_MESSAGES" / "journeykit.mo"
    target.parent.mkdir(parents=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    target.write_bytes(buffer.getvalue())
    monkeypatch.setattr(_i18n, "LOCALE_DIR", tmp_path)
    _i18n.available.cache_clear()
    _i18n._translations.cache_clear()
    yield "qps"
    _i18n.available.cache_clear()
    _i18n._translations.cache_clear()


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the run for ever) if the block takes longer than ``seconds``.

    For the tests of hostile input that would block (a FIFO) or never end
    (``/dev/zero``) if journeykit read them; SIGALRM, so Unix only.
    """

    def expire(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m journeykit ARGS`` in a fresh interpreter, as a user runs it; never raises.

    ``env`` adds to (or overrides) this process's environment.
    """
    return subprocess.run(
        [sys.executable, "-m", "journeykit", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=None if env is None else {**os.environ, **env},
    )
