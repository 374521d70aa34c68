"""journeykit's own in-memory DuckDB database, where pandas and PyArrow tables are run.

Opening a database costs 20-30 ms, a tenth of a whole ``discover`` on a log
of a few hundred thousand events; a cursor on an open one costs microseconds.
So the database is opened once per process (a forked child must not use its
parent's, whose threads it lacks), and each call gets a cursor: a connection
of its own, so calls in several threads do not share one. The caller's
default DuckDB connection is never touched.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from journeykit.analytics._duckdb_errors import configure

if TYPE_CHECKING:
    import duckdb

__all__ = ["private_connection"]


def private_connection() -> duckdb.DuckDBPyConnection:
    """A new connection to journeykit's database, with the memory settings of the environment."""
    connection: duckdb.DuckDBPyConnection = configure(_database(os.getpid()).cursor())
    return connection


@cache
def _database(process: int) -> duckdb.DuckDBPyConnection:
    import duckdb

    return duckdb.connect()
