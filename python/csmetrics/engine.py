"""The event engine: ticket events in, metric reports out.

An :class:`Engine` is configured by a dict or JSON string (docs/metrics.md §9),
ingests events (a list of dicts, a pandas DataFrame or a numpy structured
array with the field names of docs/metrics.md §1), and answers report queries
(docs/metrics.md §8) as a :class:`~csmetrics.Report` (a dict) or a DataFrame.
Its whole state can be serialized, restored (:meth:`Engine.from_state`) and
merged across shards. ``Engine(config, shards=N)`` spreads the work over N
engines on threads of their own and reports exactly as one engine
(docs/scale-out.md).

>>> with Engine({"views": [{"group_by": ["agent"], "grain": "day"}]}) as engine:
...     r = engine.ingest([
...         {"time": 1767949200000, "ticket": "T-1", "type": "created"},
...         {"time": 1767951000000, "ticket": "T-1", "type": "agent_reply", "agent": "alice"},
...     ])
...     (r.accepted, r.rejected)
(2, 0)
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import json
import numbers
import threading
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from . import _lib
from .errors import InvalidArgument
from .live import LiveAnswer, now_ms
from .report import Report

__all__ = ["Engine", "IngestResult"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_ONE_MS = _dt.timedelta(milliseconds=1)

#: Rows per C call when ingesting a table: big enough that the call is
#: negligible, small enough that one batch of csm_event (80 bytes each) stays
#: in the CPU cache between being filled and being ingested.
DEFAULT_BATCH_ROWS = 1 << 15


@dataclass(frozen=True)
class IngestResult:
    """What one ``ingest`` call did; ``accepted + rejected`` is the number of
    events given. ``rejections`` lists the first 16 rejected events as
    ``(index, reason)``, the index into the events given and a
    reason such as ``"out_of_order"``; every rejection is also counted in the
    engine's reports (``report()["rejected"]``). A sharded engine's ``ingest``
    returns zero counts: its verdicts come with ``finish()``."""

    accepted: int = 0
    rejected: int = 0
    rejections: tuple[tuple[int, str], ...] = field(default_factory=tuple)

    def _plus(self, c: _lib.IngestResult, offset: int) -> "IngestResult":
        more = tuple(
            (offset + int(c.rejection_index[i]), reason_name(c.rejection_reason[i]))
            for i in range(c.rejection_count)
        )
        rejections = (self.rejections + more)[: _lib.INGEST_MAX_REJECTIONS]
        return IngestResult(self.accepted + c.accepted, self.rejected + c.rejected, rejections)


def reason_name(reason: int) -> str:
    """The report name of a csm_reject_reason value ("out_of_order")."""
    return _lib.lib.csm_reject_reason_str(reason).decode("ascii")


def _config_text(config: Union[Mapping[str, Any], str, None], what: str) -> bytes:
    if config is None:
        text = ""
    elif isinstance(config, Mapping):
        text = json.dumps(config)
    elif isinstance(config, str):
        text = config
    else:
        raise TypeError(f"{what}: expected a dict or a JSON string, got {type(config).__name__}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidArgument(f"{what} is not valid UTF-8 text: {e}") from None


def _json_default(value: Any) -> Any:
    """JSON for the values a dict event may hold beyond JSON's own."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} in an event; use an aware datetime or epoch ms")
        return (value - _EPOCH) // _ONE_MS
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "M":  # numpy.datetime64
        return int(value.astype("datetime64[ms]").astype("int64"))
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"an event field holds a {type(value).__name__}, which is not a JSON value")


def _jsonl(events: Iterable[Mapping[str, Any]]) -> bytes:
    lines = []
    for i, event in enumerate(events):
        if not isinstance(event, Mapping):
            raise TypeError(f"events[{i}]: expected a dict, got {type(event).__name__}")
        # None and NaN mean "absent", as in a DataFrame.
        clean = {k: v for k, v in event.items() if v is not None and not (isinstance(v, float) and v != v)}
        lines.append(json.dumps(clean, default=_json_default, ensure_ascii=False, allow_nan=False))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


class Engine:
    """An event engine (not thread-safe in C; this wrapper serialises calls
    with a lock, so sharing one Engine between threads is safe but not
    parallel). For several cores of one machine create it with ``shards=N``;
    across processes or machines use one per partition and :meth:`merge`
    their states (or csmetrics.dask).

    Release it with ``close()`` or a ``with`` block; a finalizer frees it
    otherwise, exactly once. Engines pickle (config + serialized state).
    """

    def __init__(self, config: Union[Mapping[str, Any], str, None] = None, *,
                 shards: Optional[int] = None):
        """``config``: the engine config of docs/metrics.md §9 as a dict or JSON
        string; ``None`` or ``{}`` gives the defaults (one hourly view, UTC).
        Raises InvalidArgument for a bad config (the message names the key).

        ``shards`` (1 to 64): a sharded engine, N engines each on a thread of
        its own, fed by the thread that calls ``ingest`` (events routed by
        customer, else ticket: docs/engine.md "Routing"). Its ``ingest``
        calls return zero counts (a shard's verdict comes later);
        :meth:`finish` waits for the shards, merges them and returns the
        counts of every event given. ``report``, ``live``, ``advance``,
        ``serialize`` and ``merge`` finish it first if need be; reports are
        then exactly those of one engine. Raises InvalidArgument for a count
        outside 1..64, TypeError for a non-integer."""
        encoded = _config_text(config, "engine config")
        handle = _lib.engine_p()
        if shards is None:
            _lib.check(_lib.lib.csm_engine_create(encoded, len(encoded), ctypes.byref(handle)))
        else:
            if isinstance(shards, bool) or not isinstance(shards, numbers.Integral):
                raise TypeError(f"shards: expected an integer, got {type(shards).__name__}")
            if not -(2**31) <= int(shards) < 2**31:  # beyond a C int: out of range all the same
                raise InvalidArgument(f"shards is {int(shards)}, expected 1 to 64")
            _lib.check(_lib.lib.csm_engine_create_sharded(encoded, len(encoded), int(shards),
                                                          ctypes.byref(handle)))
        self._adopt(handle, encoded.decode("utf-8"), None if shards is None else int(shards))

    def _adopt(self, handle: _lib.engine_p, config: Optional[str], shards: Optional[int]) -> None:
        self._config = config
        self._shards = shards
        self._pending = shards is not None  # a sharded engine not finished yet
        self._handle: Optional[_lib.engine_p] = handle
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _lib.lib.csm_engine_free, handle)

    @classmethod
    def from_state(cls, state: Union[bytes, bytearray, memoryview]) -> "Engine":
        """A new engine holding ``state`` (bytes from :meth:`serialize`), with
        the config the state was written with: restores a checkpoint without
        knowing its config. Its ``config`` is then None (live answers' frames
        are in UTC). Raises DataLoss (corrupt or truncated bytes),
        Unimplemented (another format version), InvalidArgument."""
        if not isinstance(state, (bytes, bytearray, memoryview)):
            raise TypeError(f"state: expected bytes, got {type(state).__name__}")
        data = bytes(state)
        handle = _lib.engine_p()
        _lib.check(_lib.lib.csm_engine_create_from_state(data, len(data), ctypes.byref(handle)))
        engine = cls.__new__(cls)
        engine._adopt(handle, None, None)
        return engine

    @property
    def shards(self) -> Optional[int]:
        """The shard count of a sharded engine; None for one engine."""
        return self._shards

    def finish(self) -> IngestResult:
        """Waits for a sharded engine's shards and merges them into one
        engine; returns the counts of every event it was given and the first
        rejections (each index as its ``ingest`` call gave it). Later calls,
        and calls on an engine that is not sharded, return zero counts."""
        out = _new_result()
        with self._lock:
            self._pending = False
            _lib.check(_lib.lib.csm_engine_finish(self._live(), ctypes.byref(out)))
        return IngestResult()._plus(out, 0)

    def _merged(self) -> _lib.engine_p:
        """The live handle, a sharded engine's shards merged first (lock held)."""
        handle = self._live()
        if self._pending:
            self._pending = False
            _lib.check(_lib.lib.csm_engine_finish(handle, None))
        return handle

    # -- lifetime ---------------------------------------------------------
    def close(self) -> None:
        """Frees the engine now. Idempotent; later calls raise ValueError."""
        with self._lock:
            self._handle = None
            self._finalizer()  # csm_engine_free, at most once

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        shards = "" if self._shards is None else f" shards={self._shards}"
        return f"<csmetrics.Engine ({state}){shards} {(self._config or '')[:60]!r}>"

    def __reduce__(self):
        # Rebuilt from config + state (e.g. when shipped to Dask workers); a
        # sharded engine comes back as one engine with its merged state.
        if self._config is None:
            return (Engine.from_state, (self.serialize(),))
        return (_restore, (self._config, self.serialize()))

    @property
    def config(self) -> Optional[str]:
        """The JSON config the engine was created with (None after from_state)."""
        return self._config

    def _live(self) -> _lib.engine_p:
        if self._handle is None:
            raise ValueError("engine is closed")
        return self._handle

    # -- names ------------------------------------------------------------
    def intern(self, field: str, value: str) -> int:
        """The engine's id of ``value`` in ``field`` ("agent", "group" …, or
        "ticket"), interned when new. Raises InvalidArgument for an unknown
        field or a bad value (empty, over 1024 bytes, control characters)."""
        f = field.encode("utf-8")
        v = value.encode("utf-8")
        if b"\0" in f or b"\0" in v:
            raise InvalidArgument("intern: field and value must not contain NUL characters")
        out = ctypes.c_uint32()
        with self._lock:
            _lib.check(_lib.lib.csm_engine_intern(self._live(), f, v, ctypes.byref(out)))
        return out.value

    def _try_intern(self, field: str, value: str) -> Optional[int]:
        """Like intern, but None for a value the engine refuses (the event
        carrying it is then rejected as invalid_field). Lock held by caller."""
        try:
            v = value.encode("utf-8")
        except UnicodeEncodeError:
            return None
        if b"\0" in v:
            return None
        out = ctypes.c_uint32()
        status = _lib.lib.csm_engine_intern(self._handle, field.encode("ascii"), v, ctypes.byref(out))
        return out.value if status == 0 else None

    # -- ingest -----------------------------------------------------------
    def ingest(self, events: Any, *, batch_rows: int = DEFAULT_BATCH_ROWS) -> IngestResult:
        """Ingests events in order and says how many were accepted.

        ``events`` is one of:

        - a list (any iterable) of dicts with docs/metrics.md §1 keys; ``time`` as
          epoch ms, an ISO-8601 string with offset, or an aware datetime;
        - a pandas DataFrame with those column names (``time`` as datetime64 —
          naive means UTC — or epoch ms; name columns as strings, categoricals
          or integers; ``ticket`` as positive integers or strings);
        - a numpy structured array with those field names.

        Tables go through numpy: each distinct name is interned once, and
        each batch of ``batch_rows`` rows is one C call. Bad events are
        rejected with a reason, counted and reported, not raised; misuse
        (an unknown column, an unusable dtype) raises TypeError or
        InvalidArgument and ingests nothing.
        """
        if _is_table(events):
            return self._ingest_table(events, batch_rows)
        if isinstance(events, (str, bytes, Mapping)):
            raise TypeError("events: expected a list of dicts, a DataFrame or a structured array "
                            "(use ingest_jsonl for JSON lines)")
        return self.ingest_jsonl(_jsonl(events))

    def ingest_jsonl(self, data: Union[str, bytes]) -> IngestResult:
        """Ingests JSON lines (one event object per line, as ``csm import``
        writes them) in one C call; rejection indexes are 0-based lines."""
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data: expected str or bytes, got {type(data).__name__}")
        data = bytes(data)
        out = _new_result()
        with self._lock:
            _lib.check(_lib.lib.csm_engine_ingest_jsonl(self._live(), data, len(data), ctypes.byref(out)))
        return IngestResult()._plus(out, 0)

    def _ingest_table(self, table: Any, batch_rows: int) -> IngestResult:
        total = IngestResult()
        out = _new_result()
        with self._lock:
            for start, events in self._event_batches(table, batch_rows):
                _lib.check(
                    _lib.lib.csm_engine_ingest(self._handle, events.ctypes.data, len(events), ctypes.byref(out))
                )
                total = total._plus(out, start)
        return total

    def _event_batches(self, table: Any, batch_rows: int):
        """Yields (first row, csm_event array) for each batch of a table; the
        array is reused between batches. Interns names; the lock must be held."""
        import numpy as np

        from . import _columns as cols

        if not isinstance(batch_rows, int) or batch_rows < 1:
            raise InvalidArgument(f"batch_rows must be a positive integer, got {batch_rows!r}")
        self._live()
        columns = _table_columns(table)
        if "time" not in columns or "type" not in columns:
            raise InvalidArgument("events need at least the columns 'time' and 'type'")
        n = len(table)
        if n == 0:
            return
        time = cols.time_ms(columns["time"])
        type_codes = cols.types(columns["type"])
        if isinstance(type_codes, cols.Lookup):
            type_codes = type_codes[slice(None)]
        status = cols.statuses(columns["status"], type_codes) if "status" in columns else None
        value, has_value = cols.values(columns["value"]) if "value" in columns else (None, None)
        ticket = cols.tickets(columns["ticket"], self._try_intern) if "ticket" in columns else None
        names = {f: cols.names(columns[f], f, self._try_intern) for f in cols.NAME_FIELDS if f in columns}

        batch = np.zeros(min(n, batch_rows), dtype=cols.EVENT_DTYPE)
        batch["size"] = cols.EVENT_DTYPE.itemsize
        for start in range(0, n, batch_rows):
            rows = slice(start, min(n, start + batch_rows))
            events = batch[: rows.stop - rows.start]
            events["time_ms"] = time[rows]
            events["type"] = type_codes[rows]
            if ticket is not None:
                events["ticket"] = ticket[rows]
            if status is not None:
                events["status"] = status[rows]
            if value is not None:
                events["value"] = value[rows]
                events["has_value"] = has_value[rows]
            for f, ids in names.items():
                events[f] = ids[rows]
            yield start, events

    # -- reports ----------------------------------------------------------
    def report(
        self, query: Union[Mapping[str, Any], str, None] = None, *, as_frame: bool = False, **fields: Any
    ) -> Any:
        """Runs a report query (docs/metrics.md §9) and returns a :class:`Report`
        (a dict shaped as docs/metrics.md §8), or with ``as_frame=True`` a pandas
        DataFrame with one row per bucket × group, ``bucket`` as a
        Timestamp in the report's time zone and one column per scalar
        (``first_reply_time.business.p90``; see :meth:`Report.to_frame`).

        The query is a dict or JSON string, and/or keyword fields
        (``grain="day", group_by=["agent"], metrics=[...]``; ``from_`` for
        "from"). Raises InvalidArgument for a bad query and
        FailedPrecondition when no configured view can answer it (the
        message names the view to add)."""
        text = _query_text(query, fields)
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        with self._lock:
            _lib.check(
                _lib.lib.csm_engine_report_json(self._merged(), text, len(text), ctypes.byref(out),
                                                ctypes.byref(length))
            )
        report = Report.from_json(_lib.take_bytes(out, length.value).decode("utf-8"))
        return report.to_frame() if as_frame else report

    # -- live -------------------------------------------------------------
    def advance(self, now: Any) -> None:
        """Moves the engine's clock to ``now`` (an aware datetime, an ISO-8601
        string with offset, or epoch ms) without an event: records the SLA
        breaches due up to then (docs/sla.md). Afterwards events earlier than
        ``now`` less the allowed lateness are rejected as out_of_order.
        Raises OutOfRange when ``now`` is earlier than the engine's clock."""
        ms = now_ms(now)
        with self._lock:
            _lib.check(_lib.lib.csm_engine_advance(self._merged(), ms))

    def live(self, query: Union[Mapping[str, Any], str], now: Any) -> LiveAnswer:
        """Answers a live query (docs/sla.md "Live queries") at ``now`` (an
        aware datetime, an ISO-8601 string with offset, or epoch ms) without
        moving the engine's clock. ``query`` is a dict or JSON string with a
        ``kind``: ``{"kind": "sla_due", "within": 3600, "limit": 100}``,
        ``{"kind": "ticket", "ticket": "T-1"}`` or ``{"kind": "queue",
        "group_by": ["group"]}``. Returns a :class:`LiveAnswer` (a dict;
        ``to_frame()`` for sla_due). Raises InvalidArgument for a bad query,
        OutOfRange when ``now`` is earlier than the engine's clock, NotFound
        for a ticket the engine does not hold."""
        if not isinstance(query, (Mapping, str)):
            raise TypeError(f"query: expected a dict or a JSON string, got {type(query).__name__}")
        text = _config_text(query, "live query")
        ms = now_ms(now)
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        with self._lock:
            _lib.check(_lib.lib.csm_engine_live_json(
                self._merged(), text, len(text), ms, ctypes.byref(out), ctypes.byref(length)))
        answer = _lib.take_bytes(out, length.value).decode("utf-8")
        kind = query.get("kind") if isinstance(query, Mapping) else json.loads(text).get("kind")
        return LiveAnswer.from_json(answer, str(kind), self._timezone())

    def _timezone(self) -> str:
        try:
            config = json.loads(self._config) if self._config and self._config.strip() else {}
        except ValueError:
            return "UTC"
        return config.get("timezone", "UTC") if isinstance(config, dict) else "UTC"

    # -- state ------------------------------------------------------------
    def serialize(self) -> bytes:
        """The engine's whole state (config, names, tickets, views,
        rejections) as bytes, for checkpoints and for merging shards."""
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        with self._lock:
            _lib.check(_lib.lib.csm_engine_serialize(self._merged(), ctypes.byref(out), ctypes.byref(length)))
        return _lib.take_bytes(out, length.value)

    def merge(self, state: Union[bytes, bytearray, memoryview, "Engine"]) -> None:
        """Adds another engine's state (bytes from ``serialize()``, or an
        Engine) to this one. Both need the same config and disjoint tickets;
        the result then reports what one engine that saw all the events
        would. Into a fresh engine it restores a checkpoint. On error nothing
        changes: DataLoss (corrupt bytes), Unimplemented (newer format),
        FailedPrecondition (another config, or a ticket both engines hold)."""
        if isinstance(state, Engine):
            state = state.serialize()
        if not isinstance(state, (bytes, bytearray, memoryview)):
            raise TypeError(f"state: expected bytes or an Engine, got {type(state).__name__}")
        data = bytes(state)
        with self._lock:
            _lib.check(_lib.lib.csm_engine_merge_serialized(self._merged(), data, len(data)))


def _restore(config: str, state: bytes) -> Engine:
    engine = Engine(config)
    engine.merge(state)
    return engine


def _new_result() -> _lib.IngestResult:
    out = _lib.IngestResult()
    _lib.check(_lib.lib.csm_ingest_result_init(ctypes.byref(out), ctypes.sizeof(out)))
    return out


def _query_text(query: Union[Mapping[str, Any], str, None], fields: Mapping[str, Any]) -> bytes:
    if fields:
        base = json.loads(query) if isinstance(query, str) else dict(query or {})
        for key, value in fields.items():
            base["from" if key == "from_" else key] = value
        query = base
    return _config_text(query, "report query")


def _is_table(events: Any) -> bool:
    if hasattr(events, "columns") and hasattr(events, "iloc"):  # a pandas DataFrame
        return True
    dtype = getattr(events, "dtype", None)
    return dtype is not None and getattr(dtype, "names", None) is not None  # structured array


def _table_columns(table: Any) -> dict:
    """The columns of a DataFrame or structured array, checked against docs/metrics.md §1."""
    from . import _columns as cols

    if hasattr(table, "columns"):  # DataFrame
        names = [str(c) for c in table.columns]
        if len(set(names)) != len(names):
            raise InvalidArgument(f"events: duplicate column names in {names}")
    else:
        if table.ndim != 1:
            raise InvalidArgument(f"events: expected a 1-D structured array, got shape {table.shape}")
        names = list(table.dtype.names)
    unknown = [n for n in names if n not in cols.COLUMNS]
    if unknown:
        raise InvalidArgument(f"events: unknown columns {unknown}; the fields are {list(cols.COLUMNS)}")
    return {name: cols.Column(name, table[name]) for name in names}
