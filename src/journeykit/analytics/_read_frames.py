"""Reading an event log into a Polars LazyFrame or a pandas DataFrame."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Literal

from journeykit.analytics._read_spec import _OFFSET, FileFormat, _missing, _Spec
from journeykit.exceptions import JourneyKitError, SchemaError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

# A date without a time, such as 2024-05-01: its midnight.
_DATE = r"^\d{4}-\d\d-\d\d$"


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

        def parse(column: str, *, strict: bool) -> pl.Expr:
            col = pl.col(column)
            dtype = schema[column]
            if dtype == pl.String:
                text = col.str.strip_chars()
                # text without an offset is UTC; adding one (and a date its midnight) lets a
                # column mix all three forms
                naive = pl.when(text.str.contains(_DATE)).then(text + " 00:00:00").otherwise(text)
                text = pl.when(text.str.contains(_OFFSET)).then(text).otherwise(naive + "+00:00")
                return text.str.to_datetime(time_zone="UTC", time_unit="us", strict=strict)
            if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
                return col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
            return col.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")

        bad = [(pl.col(c).is_not_null() & parse(c, strict=False).is_null()).sum().alias(c) for c in stamps]
        # every column is read, so that a ragged row is noticed too
        counts = raw.select(pl.all().null_count().name.prefix("__nulls "), *bad).collect()
        broken = [c for c in stamps if counts[c][0]]
        if broken:
            column = broken[0]
            found = (
                raw.with_row_index("__n")
                .filter(pl.col(column).is_not_null() & parse(column, strict=False).is_null())
                .select("__n", column)
                .head(1)
                .collect()
            )
            raise spec.bad_timestamp(int(found["__n"][0]), column, found[column][0], fmt)
        frame = raw.with_columns(
            *(parse(c, strict=True) for c in stamps),
            *(pl.col(c).cast(pl.String) for c in strings if schema[c] != pl.String),
        )
        if spec.row_index is not None:
            frame = frame.with_row_index(spec.row_index).with_columns(pl.col(spec.row_index).cast(pl.Int64))
        return frame
    except pl.exceptions.PolarsError as err:
        raise spec.read_error(err, fmt) from None


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
        try:
            frame[column] = _utc(text)
        except (ValueError, TypeError, OverflowError):
            parsed = _utc(text, errors="coerce")
            row = int((parsed.isna() & text.notna()).to_numpy().nonzero()[0][0])
            raise spec.bad_timestamp(row, column, values.iloc[row], fmt) from None
    for column in strings:
        if not pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].astype("string").astype(str).where(frame[column].notna())
    if spec.row_index is not None:
        frame.insert(0, spec.row_index, range(len(frame)))
        frame[spec.row_index] = frame[spec.row_index].astype("int64")
    return frame


def _utc(text: pd.Series, errors: Literal["raise", "coerce"] = "raise") -> pd.Series:
    """ISO 8601 text as UTC times: those with an offset converted, those without taken as UTC.

    Parsed in two groups because pandas 2, given a column that mixes both,
    applies the first offset it meets to the times that have none.
    """
    import pandas as pd

    aware = text.str.contains(_OFFSET, regex=True, na=False)
    parsed: pd.Series = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    for rows in (aware, ~aware):
        if rows.any():
            times = pd.to_datetime(text[rows], utc=True, format="ISO8601", errors=errors)
            parsed[rows] = times.dt.as_unit("us")
    return parsed
