"""The user x activity matrix of an event log: what each person does, and how often.

``behaviour`` turns an event table (one row per event) into one row per user
and one column per activity, holding the number of events -- or the sum of a
weight such as seconds spent. That count matrix is what
``segment(..., method="nmf")`` takes to find people who behave alike.

It runs where the data is, as the analytics functions do: pandas and PyArrow
tables in DuckDB, Polars in Polars, a DuckDB relation in DuckDB and a PySpark
DataFrame in Spark, where the matrix stays; only the list of activities
reaches the driver.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_ACTIVITIES", "behaviour"]

#: The most distinct activities ``behaviour`` makes columns of, unless told otherwise.
MAX_ACTIVITIES = 1_000


def behaviour(
    events: Any,
    *,
    user: str,
    activity: str,
    weight: str | None = None,
    max_activities: int = MAX_ACTIVITIES,
) -> Any:
    """The user x activity matrix of an event log: events (or a weight) per user and activity.

    One row per user, sorted by user; the first column is the user column,
    under its own name, then one column per activity, named by the activity as
    text and sorted by name. Each cell holds the number of the user's events of
    that activity (``int64``) or, with ``weight``, the sum of their weights
    (``float64``); a user who never did an activity gets 0. Events whose user
    or activity is null are left out, and so are users left with no events.
    The table is not changed.

    Parameters
    ----------
    events
        The event table: pandas or PyArrow (run through DuckDB), Polars eager
        or lazy (run in Polars), a DuckDB relation, or a PySpark DataFrame (run
        in Spark).
    user
        The column that says who did it: a customer, account or session id.
    activity
        The column that says what was done: page, feature, touchpoint or step.
        Any type; it is cast to text (as the engine writes it) to name the
        columns.
    weight
        A numeric column to sum instead of counting events, such as the
        seconds spent or the amount paid. Null and NaN weights count 0.
    max_activities
        The most distinct activities accepted, 1,000 by default: every one of
        them becomes a column, so a log with page URLs or free text as
        activities would otherwise give a table of any width.

    Returns
    -------
    table
        The same kind of table as ``events``: a pandas ``DataFrame`` (with a
        fresh ``RangeIndex``), a PyArrow ``Table`` or a Polars ``DataFrame``
        (also for a ``LazyFrame``), all computed; for a DuckDB relation, a
        relation on the same connection, and for Spark, a Spark ``DataFrame``
        -- lazy, like every relation and Spark DataFrame: the query runs each
        time they are read (``.to_arrow_table()``, ``.df()``, ``.pl()``;
        ``.toPandas()``), so read them once or store them
        (``.to_table(name)``, ``.cache()``). Their columns are the activities
        found when ``behaviour`` was called. Every one of them is a table
        ``narwhals.from_native`` accepts.

    Raises
    ------
    journeykit.exceptions.EventLogError
        A named column is missing (the message lists the columns there are);
        ``weight`` is not numeric; there are more than ``max_activities``
        distinct activities; two activities, or an activity and the user column,
        differ only in case; an activity is the empty text.
    journeykit.exceptions.MissingDependencyError
        pandas or PyArrow input, and DuckDB is not installed.
    TypeError
        ``events`` is not a table journeykit can run on.

    See Also
    --------
    journeykit.personas.segment : segments people from this matrix (``method="nmf"``).

    Notes
    -----
    Two queries run in the engine, for n events of u users and k activities.
    The first finds the distinct activities (a hash aggregation; at most
    ``max_activities + 1`` of them come back). The second makes the matrix,
    sorted by user: in DuckDB a ``PIVOT`` on the activities found, which
    counts each (user, activity) pair once, O(n + u k); in Polars and Spark
    one conditional count (or sum) per activity, grouped by user, O(n k).
    Sorting the users adds O(u log u), and the result holds u k numbers.
    pandas and PyArrow tables reach DuckDB as Arrow, only the two or three
    columns needed (no copy for Arrow-backed columns); the matrix comes back
    as Arrow and is converted once.

    Activities become column names, and DuckDB and Spark compare column
    names without regard to case. So that every engine gives the same table,
    two activities that differ only in case, or an activity named like the
    user column in any case, are refused: lower-case or rename them first.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "customer": ["ana", "ana", "ben", "ana", "cy", None],
    ...     "page": ["Pricing", "Docs", "Pricing", "Pricing", "Signup", "Docs"],
    ...     "seconds": [30.0, 120.0, 15.0, None, 5.0, 60.0],
    ... })
    >>> behaviour(log, user="customer", activity="page")
      customer  Docs  Pricing  Signup
    0      ana     1        2       0
    1      ben     0        1       0
    2       cy     0        0       1
    >>> behaviour(log, user="customer", activity="page", weight="seconds")
      customer   Docs  Pricing  Signup
    0      ana  120.0     30.0     0.0
    1      ben    0.0     15.0     0.0
    2       cy    0.0      0.0     5.0

    Polars in, Polars out, computed in Polars:

    >>> import polars as pl
    >>> behaviour(pl.from_pandas(log), user="customer", activity="page").row(0)
    ('ana', 1, 2, 0)
    """
    # narwhals and the engines are imported on the call, so reaching this
    # function (jk.personas.behaviour) imports nothing heavy.
    from journeykit.personas._behaviour_matrix import build

    return build(events, user=user, activity=activity, weight=weight, max_activities=max_activities)
