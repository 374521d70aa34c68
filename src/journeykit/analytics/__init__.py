"""Observed journeys: what customers actually did, read from event logs.

Needs the ``analytics`` extra (``pip install 'journeykit[analytics]'``):
narwhals, DuckDB, pandas and PyArrow; Polars and PySpark input run in
Polars and Spark when they are installed.
"""

from journeykit.exceptions import MissingDependencyError, UnknownPersonaWarning

try:
    import narwhals  # noqa: F401
except ImportError as err:  # pragma: no cover - narwhals is in the dev set
    raise MissingDependencyError(
        "journeykit.analytics needs narwhals, duckdb, pandas and pyarrow; install them with: "
        "pip install 'journeykit[analytics]'"
    ) from err

from journeykit.analytics._events import EventColumns, EventLogError
from journeykit.analytics._mapping import StepMappingError, match_steps
from journeykit.analytics._readers import ACTIVITY, CASE, START_TIMESTAMP, TIMESTAMP, read_events
from journeykit.analytics._xes import read_xes
from journeykit.analytics.conformance import Conformance, conformance
from journeykit.analytics.discover import ObservedJourney, discover
from journeykit.analytics.funnel import Funnel, funnel
from journeykit.analytics.measure import Measurements, MeasureStatus, MetricValue, measure

__all__ = [
    "ACTIVITY",
    "CASE",
    "START_TIMESTAMP",
    "TIMESTAMP",
    "Conformance",
    "EventColumns",
    "EventLogError",
    "Funnel",
    "MeasureStatus",
    "Measurements",
    "MetricValue",
    "ObservedJourney",
    "StepMappingError",
    "UnknownPersonaWarning",
    "conformance",
    "discover",
    "funnel",
    "match_steps",
    "measure",
    "read_events",
    "read_xes",
]
