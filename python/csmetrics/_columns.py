"""Column-wise conversion of event tables into ``csm_event`` arrays (numpy).

A DataFrame or a numpy structured array becomes, column by column, the
fields of an array laid out exactly as the C struct ``csm_event``, which the
engine then ingests in one C call per batch. String columns are factorized
(each distinct value interned once per ingest call, never once per row).

Values the engine would reject are not errors here: they are mapped to codes
the engine rejects with the same reason as its JSONL reader would (an unknown
type name -> ``unknown_type``; a bad time, ticket, status or name ->
``invalid_field``), so a bad row is counted and reported, not raised.
"""

from __future__ import annotations

import ctypes
import numbers
from typing import Any, Callable, Optional

import numpy as np

from . import _lib

# The public contract of docs/metrics.md §1 (values pinned in csmetrics.h).
EVENT_TYPES = (
    "created", "updated", "assigned", "customer_message", "agent_reply", "bot_reply", "note",
    "handoff", "status", "merged", "workflow", "survey_sent", "csat", "ces", "nps", "queued",
    "ivr", "answered", "hold_start", "hold_end", "transferred", "abandoned", "callback",
    "ended", "wrapup_end", "agent_state", "cost",
)  # fmt: skip
EVENT_TYPE_CODES = {name: code for code, name in enumerate(EVENT_TYPES, start=1)}
TICKET_STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
AGENT_STATES = ("offline", "available", "busy", "after_call", "away")
AGENT_STATE_TYPE = EVENT_TYPE_CODES["agent_state"]
NAME_FIELDS = ("agent", "customer", "group", "channel", "category", "priority", "segment", "step", "workflow")
COLUMNS = ("time", "ticket", "type", "status", "value") + NAME_FIELDS

NAMED_TICKET_BIT = 1 << 63
INVALID_TICKET = NAMED_TICKET_BIT  # a named ticket with id 0: rejected as invalid_field
INVALID_ID = 0xFFFFFFFF  # never interned: rejected as invalid_field
INVALID_STATUS = 255  # outside every status enum: rejected as invalid_field
INVALID_TIME = np.iinfo(np.int64).min  # outside 1970..2200: rejected as invalid_field


def event_dtype() -> np.dtype:
    """The numpy dtype with csm_event's exact layout (offsets from ctypes)."""
    fields = _lib.Event._fields_
    return np.dtype(
        {
            "names": [name for name, _ in fields],
            "formats": [np.dtype(ctype) for _, ctype in fields],
            "offsets": [getattr(_lib.Event, name).offset for name, _ in fields],
            "itemsize": ctypes.sizeof(_lib.Event),
        }
    )


EVENT_DTYPE = event_dtype()


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT, pd.NA
    except (TypeError, ValueError):
        return False


def _factorize(values: np.ndarray) -> tuple[np.ndarray, list]:
    """Codes (-1 = missing) and the distinct values of a column."""
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.asarray(codes), list(uniques)
    if values.dtype.kind in "US":
        uniques, codes = np.unique(values, return_inverse=True)
        return codes, list(uniques)
    table: dict = {}
    codes = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        codes[i] = -1 if _is_missing(v) else table.setdefault(v, len(table))
    return codes, list(table)


class Column:
    """One input column: either plain values, or codes into distinct values
    (a pandas Categorical, or a factorized string column)."""

    def __init__(self, name: str, values: Any):
        self.name = name
        self.values: Optional[np.ndarray] = None
        self.codes: Optional[np.ndarray] = None
        self.uniques: Optional[list] = None
        categorical = getattr(values, "cat", None)
        if categorical is not None and hasattr(categorical, "codes"):
            self.codes = np.asarray(categorical.codes)
            self.uniques = list(categorical.categories)
        else:
            self.values = values if isinstance(values, np.ndarray) else _to_numpy(values)

    @property
    def kind(self) -> str:
        return "O" if self.values is None else self.values.dtype.kind

    def coded(self) -> tuple[np.ndarray, list]:
        if self.codes is None:
            codes, uniques = _factorize(self.values)
            if self.values.dtype.kind in "US":
                # numpy strings have no null: "" means absent; bytes are UTF-8.
                uniques = [u.decode("utf-8", "surrogateescape") if isinstance(u, bytes) else u for u in uniques]
                if "" in uniques:
                    empty = uniques.index("")
                    codes = np.where(codes == empty, -1, codes)
            self.codes, self.uniques = codes, uniques
        return self.codes, self.uniques

    def lookup(self, translate: Callable[[Any], int], dtype) -> "Lookup":
        """Codes plus a table: table[code + 1] is the value (table[0]: missing)."""
        codes, uniques = self.coded()
        table = np.zeros(len(uniques) + 1, dtype=dtype)
        for i, u in enumerate(uniques):
            table[i + 1] = translate(u)
        return Lookup(codes, table)


class Lookup:
    """A column as codes into a small table, expanded one batch at a time."""

    def __init__(self, codes: np.ndarray, table: np.ndarray):
        self.codes = codes
        self.table = table

    def __getitem__(self, rows: slice) -> np.ndarray:
        return self.table[self.codes[rows].astype(np.int64) + 1]


def _to_numpy(series: Any) -> np.ndarray:
    """A pandas Series as numpy; tz-aware times in UTC, nullable ints as float."""
    dtype = getattr(series, "dtype", None)
    if getattr(dtype, "tz", None) is not None:  # DatetimeTZDtype
        return series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    if dtype is not None and getattr(dtype, "kind", "O") in "iuf" and not isinstance(dtype, np.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)  # Int64 / Float64 extension types
    return np.asarray(series)


# ------------------------------------------------------------------ columns


def time_ms(column: Column) -> np.ndarray:
    """Epoch ms (int64) from datetime64 (naive = UTC) or integer / integral float ms."""
    if column.values is None:
        raise TypeError("time: a categorical column is not supported; use datetime64 or epoch ms")
    values = column.values
    kind = values.dtype.kind
    if kind == "M":
        return values.astype("datetime64[ms]").view(np.int64)  # NaT stays INT64_MIN: invalid
    if kind == "i":
        return values.astype(np.int64, copy=False)
    if kind == "u":
        out = values.astype(np.int64)
        out[values > np.iinfo(np.int64).max] = INVALID_TIME
        return out
    if kind == "f":
        ok = np.isfinite(values) & (values == np.floor(values)) & (np.abs(values) < 2.0**62)
        return np.where(ok, values, 0).astype(np.int64) + np.where(ok, 0, INVALID_TIME)
    raise TypeError(
        f"time: expected datetime64 or epoch milliseconds (integers), got dtype {values.dtype}; "
        "convert strings with pandas.to_datetime(..., utc=True)"
    )


def _ticket_key(value: Any, intern: Callable[[str, str], Optional[int]]) -> int:
    if isinstance(value, str):
        tid = intern("ticket", value)
        return INVALID_TICKET if tid is None else NAMED_TICKET_BIT | tid
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return int(value) if 0 < int(value) < NAMED_TICKET_BIT else INVALID_TICKET
    return INVALID_TICKET


def tickets(column: Column, intern: Callable[[str, str], Optional[int]]):
    """Ticket keys (uint64): positive integers as keys, strings as named tickets."""
    if column.kind in "iu":
        v = column.values
        ok = (v > 0) & (v.astype(np.uint64) < np.uint64(NAMED_TICKET_BIT))
        return np.where(ok, v.astype(np.uint64), np.uint64(INVALID_TICKET))
    if column.kind == "f":
        v = column.values
        ok = np.isfinite(v) & (v == np.floor(v)) & (v > 0) & (v < 2.0**63)
        keys = np.where(ok, np.where(ok, v, 1).astype(np.uint64), np.uint64(INVALID_TICKET))
        return np.where(np.isnan(v), np.uint64(0), keys)
    return column.lookup(lambda u: _ticket_key(u, intern), np.uint64)


def types(column: Column):
    """csm_event_type codes; unknown names give 0 (rejected as unknown_type)."""
    if column.kind in "iu":
        return np.clip(column.values.astype(np.int64), -1, 2**31 - 1).astype(np.int32)
    return column.lookup(lambda u: EVENT_TYPE_CODES.get(u, 0) if isinstance(u, str) else 0, np.int32)


def statuses(column: Column, type_codes: np.ndarray) -> np.ndarray:
    """Status codes: agent states for agent_state events, ticket statuses for the rest."""
    if column.kind in "iu":
        return np.clip(column.values.astype(np.int64), -1, 2**31 - 1).astype(np.int32)
    codes, uniques = column.coded()

    def table(names: tuple[str, ...]) -> np.ndarray:
        t = np.zeros(len(uniques) + 1, dtype=np.int32)
        for i, u in enumerate(uniques):
            t[i + 1] = names.index(u) + 1 if isinstance(u, str) and u in names else INVALID_STATUS
        return t

    index = codes.astype(np.int64) + 1
    return np.where(type_codes == AGENT_STATE_TYPE, table(AGENT_STATES)[index], table(TICKET_STATUSES)[index])


def values(column: Column) -> tuple[np.ndarray, np.ndarray]:
    """(value, has_value): ratings and costs; missing (NaN / None) means none."""
    try:
        if column.values is None:  # categorical
            table = np.array([np.nan] + [float(u) for u in column.uniques], dtype=np.float64)
            v = table[column.codes.astype(np.int64) + 1]
        elif column.kind in "iuf":
            v = column.values.astype(np.float64, copy=False)
        elif column.kind == "O":
            v = np.array([np.nan if _is_missing(x) else float(x) for x in column.values], dtype=np.float64)
        else:
            raise TypeError
    except (TypeError, ValueError):
        raise TypeError(f"value: expected numbers, got {column.kind!r} data") from None
    return v, (~np.isnan(v)).astype(np.int32)


def _name(value: Any) -> Optional[str]:
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return str(int(value))  # numeric ids, e.g. customer 1042, as the JSONL reader does
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return str(int(value))  # integer ids in a float column (pandas' ints with NaN)
    return None


def names(column: Column, field: str, intern: Callable[[str, str], Optional[int]]) -> Lookup:
    """Interned ids (uint32) of a name column; each distinct value interned once."""

    def translate(u: Any) -> int:
        name = _name(u)
        tid = None if name is None else intern(field, name)
        return INVALID_ID if tid is None else tid

    return column.lookup(translate, np.uint32)
