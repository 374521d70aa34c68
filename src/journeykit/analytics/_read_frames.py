"""Reading an event log into a Polars LazyFrame or a pandas DataFrame."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeykit.analytics._read_spec import (
    _OFFSET,
    _ZONE_TAIL,
    _ZONED,
    FileFormat,
    _missing,
    _Spec,
    _unknown_zones,
)
from journeykit.exceptions import JourneyKitError, SchemaError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

# A date without a time, such as 2024-05-01: its midnight.
_DATE = r"^\d{4}-\d\d-\d\d$"

# The distinct zone names one scan collects per column (the tz database has about 600).
_MAX_ZONES = 1000


# --------------------------------------------------------------------------- Polars


def _read_polars(spec: _Spec, fmt: FileFormat) -> pl.LazyFrame:
    try:
        import polars as pl
    except ImportError as err:
        raise _missing("polars") from err
    name = str(spec.file)
    try:
        if fmt == "csv":
            header = pl.scan_csv(name, separator=spec.separator, n_rows=0).collect_schema()
            strings, stamps = spec.check_columns(list(header.names()), fmt)
            raw = pl.scan_csv(
                name,
                separator=spec.separator,
                schema_overrides=dict.fromkeys(strings + stamps, pl.String),
                infer_schema_length=10_000,
            )
        else:
            raw = pl.scan_parquet(name)
            strings, stamps = spec.check_columns(list(raw.collect_schema().names()), fmt)
        schema = raw.collect_schema()
        for column in stamps:
            dtype = schema[column]
            if not (dtype in (pl.String, pl.Date, pl.Null) or isinstance(dtype, pl.Datetime)):
                raise SchemaError(
                    f"column {column!r} holds {dtype} values, not timestamps; name the right column "
                    "with timestamp= (or timestamps=)",
                    file=spec.display,
                    line=1 if fmt == "csv" else None,
                )

        def parse(column: str, *, strict: bool, zones: Sequence[str] | None = ()) -> pl.Expr:
            """``column`` as UTC times; ``zones`` are the named zones it may hold (checked
            beforehand), ``None`` to read their local time alone (for the check)."""
            col = pl.col(column)
            dtype = schema[column]
            if dtype == pl.String:
                return _polars_text(col, strict=strict, zones=zones).alias(column)
            if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
                return col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
            return col.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")

        def unreadable(column: str) -> pl.Expr:
            return _blank(pl.col(column)).not_() & parse(column, strict=False, zones=None).is_null()

        def zone_names(column: str) -> pl.Expr:
            if schema[column] != pl.String:
                return pl.lit([], dtype=pl.List(pl.String)).alias(f"__zones {column}")
            zone = _polars_zone(pl.col(column).str.strip_chars())
            return zone.drop_nulls().unique().head(_MAX_ZONES).implode().alias(f"__zones {column}")

        def first(condition: pl.Expr, column: str) -> tuple[int, object]:
            found = raw.with_row_index("__n").filter(condition).select("__n", column).head(1).collect()
            return int(found["__n"][0]), found[column][0]

        # one scan: every column is read, so that a ragged row is noticed too
        counts = raw.select(
            pl.len().alias("__rows"),
            pl.all().null_count().name.prefix("__nulls "),
            *(_blank(pl.col(c)).sum().alias(f"__blank {c}") for c in stamps),
            *(unreadable(c).sum().alias(c) for c in stamps),
            *(zone_names(c) for c in stamps),
        ).collect()
        rows = int(counts["__rows"][0])
        named: dict[str, list[str]] = {}
        for column in stamps:
            spec.check_filled(column, rows, rows - int(counts[f"__blank {column}"][0]), fmt)
            if counts[column][0]:
                row, value = first(unreadable(column), column)
                raise spec.bad_timestamp(row, column, value, fmt)
            named[column] = sorted(z for z in counts[f"__zones {column}"][0] if z is not None)
            unknown, reason = _unknown_zones(named[column]), ""
            if not unknown:
                unknown, reason = _polars_lacks(named[column])
            if unknown:
                zone = _polars_zone(pl.col(column).str.strip_chars())
                row, value = first(zone.is_in(unknown).fill_null(value=False), column)
                raise spec.bad_zone(
                    row, column, value, next(z for z in unknown if z in str(value)), fmt, reason
                )
        frame = raw.with_columns(
            *(parse(c, strict=True, zones=named[c]) for c in stamps),
            *(pl.col(c).cast(pl.String) for c in strings if schema[c] != pl.String),
        )
        if spec.row_index is not None:
            frame = frame.with_row_index(spec.row_index).with_columns(pl.col(spec.row_index).cast(pl.Int64))
        return frame
    except pl.exceptions.PolarsError as err:
        raise spec.read_error(err, fmt) from None


def _blank(col: pl.Expr) -> pl.Expr:
    """Whether a value is missing: null, or (as text) blank, which every engine reads as missing."""
    import polars as pl

    if_text = col.cast(pl.String).str.strip_chars() == ""
    return col.is_null() | if_text.fill_null(value=False)


def _polars_zone(text: pl.Expr) -> pl.Expr:
    """The time zone named after the time (text without an offset), or null."""
    import polars as pl

    named = ~text.str.contains(_OFFSET) & text.str.contains(_ZONE_TAIL)
    return pl.when(named).then(text.str.extract(_ZONED, 2))


def _polars_text(col: pl.Expr, *, strict: bool, zones: Sequence[str] | None) -> pl.Expr:
    """Text as UTC times: with an offset converted, with a named zone read on its clocks, else UTC.

    A time the zone's clocks show twice is read with the offset in force
    before the change (the earlier instant), and a time they skip with the
    offset before the skip, as Python's zoneinfo reads both: ``earliest``
    does the first; the second is the local time a day earlier, read on the
    zone's clocks and moved on by 24 hours.
    """
    import polars as pl

    text = pl.when(_blank(col).not_()).then(col.str.strip_chars())
    offset = text.str.contains(_OFFSET)
    zone = _polars_zone(text)
    # text without an offset is UTC; adding one (and a date its midnight) lets a column mix the forms
    naive = pl.when(text.str.contains(_DATE)).then(text + " 00:00:00").otherwise(text)
    plain = pl.when(zone.is_not_null()).then(None).when(offset).then(text).otherwise(naive + "+00:00")
    plain_utc = plain.str.to_datetime(time_zone="UTC", time_unit="us", strict=strict)
    extracted = pl.when(zone.is_not_null()).then(text.str.extract(_ZONED, 1)).otherwise(None)
    local_text = pl.when(extracted.str.contains(_DATE)).then(extracted + " 00:00:00").otherwise(extracted)
    local = local_text.str.to_datetime(time_unit="us", strict=strict)
    if zones is None:  # the check: whether the local time reads, whatever the zone
        return pl.when(zone.is_not_null()).then(local.dt.replace_time_zone("UTC")).otherwise(plain_utc)
    day = pl.duration(days=1)
    zoned = pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    for name in zones:
        here = local.dt.replace_time_zone(name, ambiguous="earliest", non_existent="null")
        skipped = (local - day).dt.replace_time_zone(name, ambiguous="earliest", non_existent="null") + day
        zoned = (
            pl.when(zone == name).then(here.fill_null(skipped).dt.convert_time_zone("UTC")).otherwise(zoned)
        )
    return pl.when(zone.is_not_null()).then(zoned).otherwise(plain_utc)


def _polars_lacks(zones: Sequence[str]) -> tuple[list[str], str]:
    """The first of ``zones`` Polars does not know (its tz database is its own), and why."""
    import polars as pl

    for name in zones:
        try:
            pl.Series([None], dtype=pl.Datetime("us")).dt.replace_time_zone(name)
        except pl.exceptions.PolarsError:
            return [name], "which Polars does not know; read the file with engine='duckdb' or engine='pandas'"
    return [], ""


# --------------------------------------------------------------------------- pandas


def _read_pandas(spec: _Spec, fmt: FileFormat) -> pd.DataFrame:
    try:
        import pandas as pd
    except ImportError as err:
        raise _missing("pandas") from err
    name = str(spec.file)
    frame: pd.DataFrame
    try:
        if fmt == "csv":
            header = pd.read_csv(name, sep=spec.separator, nrows=0).columns.tolist()
            strings, stamps = spec.check_columns([str(c) for c in header], fmt)
            frame = pd.read_csv(name, sep=spec.separator, dtype=dict.fromkeys(strings + stamps, str))
        else:
            if importlib.util.find_spec("pyarrow") is None:
                raise _missing("pyarrow")
            frame = pd.read_parquet(name)
            strings, stamps = spec.check_columns([str(c) for c in frame.columns], fmt)
    except JourneyKitError:
        raise
    except (ValueError, OSError) as err:  # pandas' ParserError is a ValueError
        raise spec.read_error(err, fmt) from None
    frame = frame.reset_index(drop=True)
    for column in stamps:
        values = frame[column]
        if pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
            values = values.where(values.astype("string").str.strip() != "")  # blank: missing, as elsewhere
        spec.check_filled(column, len(values), int(values.notna().sum()), fmt)
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            frame[column] = values.dt.tz_convert("UTC")
            continue
        if pd.api.types.is_datetime64_dtype(values.dtype):
            frame[column] = values.dt.tz_localize("UTC")
            continue
        if not (pd.api.types.is_string_dtype(values.dtype) or values.isna().all()):
            raise SchemaError(
                f"column {column!r} holds {values.dtype} values, not timestamps; name the right column "
                "with timestamp= (or timestamps=)",
                file=spec.display,
                line=1 if fmt == "csv" else None,
            )
        text = values.astype("string").str.strip()
        zones = _pandas_zones(text)
        unknown = _unknown_zones(sorted(set(zones.dropna())))
        if unknown:
            row = int(zones.isin(unknown).to_numpy(dtype=bool, na_value=False).nonzero()[0][0])
            raise spec.bad_zone(row, column, values.iloc[row], str(zones.iloc[row]), fmt)
        parsed = _utc(text, zones)
        bad = (parsed.isna() & text.notna()).to_numpy(dtype=bool)
        if bad.any():
            row = int(bad.nonzero()[0][0])
            raise spec.bad_timestamp(row, column, values.iloc[row], fmt)
        frame[column] = parsed
    for column in strings:
        if not pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].astype("string").astype(str).where(frame[column].notna())
    if spec.row_index is not None:
        frame.insert(0, spec.row_index, range(len(frame)))
        frame[spec.row_index] = frame[spec.row_index].astype("int64")
    return frame


def _pandas_zones(text: pd.Series) -> pd.Series:
    """The time zone named after each time (text without an offset), or NA."""
    named = ~text.str.contains(_OFFSET, regex=True, na=False) & text.str.contains(
        _ZONE_TAIL, regex=True, na=False
    )
    zones: pd.Series = text.str.extract(_ZONED, expand=True)[1].where(named)
    return zones


def _utc(text: pd.Series, zones: pd.Series) -> pd.Series:
    """ISO 8601 text as UTC times, NaT where it is none: with an offset converted, with a
    named zone (``zones``, all known) read on that zone's clocks, with neither taken as UTC.

    Parsed in groups because pandas 2, given a column that mixes offsets and
    none, applies the first offset it meets to the times that have none. A
    time a zone's clocks show twice, or skip, is read with the offset in force
    before the change, as Python's zoneinfo does: the local time a day earlier,
    read on the zone's clocks and moved on by 24 hours.
    """
    import pandas as pd

    aware = text.str.contains(_OFFSET, regex=True, na=False).to_numpy(dtype=bool)
    named = zones.notna().to_numpy(dtype=bool)
    parsed: pd.Series = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    for rows in (aware, ~aware & ~named):
        if rows.any():
            times = pd.to_datetime(text[rows], utc=True, format="ISO8601", errors="coerce")
            parsed[rows] = times.dt.as_unit("us")
    if named.any():
        local_text = text.str.extract(_ZONED, expand=True)[0]
        day = pd.Timedelta(days=1)
        for zone in sorted(set(zones[named])):
            rows = (zones == zone).to_numpy(dtype=bool, na_value=False)
            local = pd.to_datetime(local_text[rows], format="ISO8601", errors="coerce").dt.as_unit("us")
            here = local.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
            before = (local - day).dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT") + day
            parsed[rows] = here.fillna(before).dt.tz_convert("UTC").dt.as_unit("us")
    return parsed
