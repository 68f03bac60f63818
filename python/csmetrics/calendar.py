"""Business calendars: exact business time and due dates in any time zone.

A calendar is an IANA zone, weekly opening hours, holidays and special days
(the JSON spec of docs/calendar.md, as a dict or a JSON string). The one rule:
an instant is open iff its local wall-clock time lies in a half-open interval
[start, end) of that date's hours, so DST needs no special handling.

Instants are aware ``datetime`` objects or UTC epoch milliseconds (``int``);
each method answers in the kind it was given. Sub-millisecond parts of a
datetime are dropped (rounded down to its millisecond). The supported range
is 1970-01-01 to 2200-01-01 UTC.

>>> cal = Calendar({"timezone": "America/New_York",
...                 "weekly": {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}})
>>> cal.elapsed(1767992400000, 1768230000000)  # Fri 16:00 -> Mon 10:00 New York, in ms
7200000
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import json
import numbers
import threading
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Union

from . import _lib
from .errors import InvalidArgument, OutOfRange

__all__ = ["Calendar"]

if TYPE_CHECKING:  # numpy is needed only by the *_many methods
    import numpy as np

Instant = Union[_dt.datetime, int]
Duration = Union[_dt.timedelta, int]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_ONE_MS = _dt.timedelta(milliseconds=1)


def _int64(value: int, name: str) -> int:
    if not -(2**63) <= value < 2**63:
        raise OutOfRange(f"{name}: {value} ms does not fit a 64-bit integer")
    return value


def _instant_ms(t: Any, name: str) -> int:
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError(
                f"{name}: naive datetime {t!r}; pass an aware datetime (e.g. tzinfo=timezone.utc) or epoch ms"
            )
        return (t - _EPOCH) // _ONE_MS
    if isinstance(t, numbers.Integral) and not isinstance(t, bool):
        return _int64(int(t), name)
    raise TypeError(f"{name}: expected an aware datetime or epoch milliseconds (int), got {type(t).__name__}")


def _duration_ms(d: Any, name: str) -> int:
    if isinstance(d, _dt.timedelta):
        ms, rest = divmod(d, _ONE_MS)
        if rest:
            raise ValueError(f"{name}: {d!r} is not a whole number of milliseconds")
        return ms
    if isinstance(d, numbers.Integral) and not isinstance(d, bool):
        return _int64(int(d), name)
    raise TypeError(f"{name}: expected a timedelta or milliseconds (int), got {type(d).__name__}")


def _as_datetime(ms: int, like: _dt.datetime) -> _dt.datetime:
    return (_EPOCH + _dt.timedelta(milliseconds=ms)).astimezone(like.tzinfo)


def _int64_array(values: Any, name: str) -> "np.ndarray":
    """A C-contiguous int64 array of epoch (or business) ms; datetime64 and
    timedelta64 arrays are converted to milliseconds."""
    import numpy as np

    array = np.asarray(values)
    if array.dtype.kind in "mM":
        unit = "datetime64[ms]" if array.dtype.kind == "M" else "timedelta64[ms]"
        array = array.astype(unit).view(np.int64)
    elif array.dtype.kind in "iu":
        array = array.astype(np.int64, casting="safe", copy=False)
    else:
        raise TypeError(f"{name}: expected an integer (epoch ms) or datetime64 array, got dtype {array.dtype}")
    return np.ascontiguousarray(array)


def _is_datetime64(values: Any) -> bool:
    import numpy as np

    return getattr(values, "dtype", np.asarray(values).dtype).kind == "M"


def _empty_int64(shape: tuple) -> "np.ndarray":
    import numpy as np

    return np.empty(shape, dtype=np.int64)


def _pointer(array: "np.ndarray"):
    return array.ctypes.data_as(_lib.int64_p)


class Calendar:
    """A compiled business calendar (immutable).

    Create it from a spec dict or JSON string; release it with ``close()``
    or a ``with`` block (a finalizer frees it otherwise, exactly once).
    One Calendar may be shared between threads.
    """

    def __init__(self, spec: Mapping[str, Any] | str):
        if isinstance(spec, Mapping):
            text = json.dumps(spec)
        elif isinstance(spec, str):
            text = spec
        else:
            raise TypeError(f"spec: expected a dict or a JSON string, got {type(spec).__name__}")
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise InvalidArgument(f"calendar spec is not valid UTF-8 text: {e}") from None
        handle = _lib.calendar_p()
        _lib.check(_lib.lib.csm_calendar_create(encoded, len(encoded), ctypes.byref(handle)))
        self._spec = text
        self._handle = handle
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _lib.lib.csm_calendar_free, handle)

    # -- lifetime ---------------------------------------------------------
    def close(self) -> None:
        """Frees the calendar now. Idempotent; later calls raise ValueError."""
        with self._lock:
            self._handle = None
            self._finalizer()  # runs csm_calendar_free at most once

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self) -> "Calendar":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self):
        # Rebuilt from its spec (e.g. when shipped to Dask workers).
        return (Calendar, (self._spec,))

    @property
    def spec(self) -> str:
        """The JSON spec the calendar was built from."""
        return self._spec

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<csmetrics.Calendar ({state}) {self._spec[:60]!r}>"

    def _call(self, function, *args) -> None:
        with self._lock:
            if self._handle is None:
                raise ValueError("calendar is closed")
            _lib.check(function(self._handle, *args))

    # -- queries ----------------------------------------------------------
    def elapsed(self, start: Instant, end: Instant) -> Duration:
        """Business time from start to end (negative if start > end):
        a timedelta for datetimes, int ms for epoch ms."""
        self._check_same_kind(start, end)
        out = ctypes.c_int64()
        self._call(
            _lib.lib.csm_calendar_elapsed,
            _instant_ms(start, "start"),
            _instant_ms(end, "end"),
            ctypes.byref(out),
        )
        return _dt.timedelta(milliseconds=out.value) if isinstance(start, _dt.datetime) else out.value

    def add(self, start: Instant, business: Duration) -> Instant:
        """The due date: the earliest instant at which ``business`` (> 0) of
        business time has passed since start (the latest one before start for
        a negative amount). Raises OutOfRange past 1970..2200, including for a
        calendar that is never open again."""
        out = ctypes.c_int64()
        self._call(
            _lib.lib.csm_calendar_add,
            _instant_ms(start, "start"),
            _duration_ms(business, "business"),
            ctypes.byref(out),
        )
        return _as_datetime(out.value, start) if isinstance(start, _dt.datetime) else out.value

    def is_open(self, t: Instant) -> bool:
        out = ctypes.c_int()
        self._call(_lib.lib.csm_calendar_is_open, _instant_ms(t, "t"), ctypes.byref(out))
        return bool(out.value)

    def next_open(self, t: Instant) -> Instant:
        """The first open instant at or after t (OutOfRange if none before 2200)."""
        return self._next(_lib.lib.csm_calendar_next_open, t)

    def next_close(self, t: Instant) -> Instant:
        """The first closed instant at or after t (OutOfRange if none before 2200)."""
        return self._next(_lib.lib.csm_calendar_next_close, t)

    def _next(self, function, t: Instant) -> Instant:
        out = ctypes.c_int64()
        self._call(function, _instant_ms(t, "t"), ctypes.byref(out))
        return _as_datetime(out.value, t) if isinstance(t, _dt.datetime) else out.value

    # -- vectorised forms: one C call per array ---------------------------
    def elapsed_many(self, start: Any, end: Any) -> "np.ndarray":
        """Element-wise elapsed over arrays of the same shape: int64 epoch ms
        in, int64 ms out; datetime64 in, timedelta64[ms] out."""
        a = _int64_array(start, "start")
        b = _int64_array(end, "end")
        if a.shape != b.shape:
            raise InvalidArgument(f"elapsed_many: shapes differ: {a.shape} and {b.shape}")
        out = _empty_int64(a.shape)
        self._call(_lib.lib.csm_calendar_elapsed_many, _pointer(a), _pointer(b), a.size, _pointer(out))
        return out.view("timedelta64[ms]") if _is_datetime64(start) else out

    def add_many(self, start: Any, business: Any) -> "np.ndarray":
        """Element-wise add over arrays of the same shape: int64 epoch ms in
        and out, or datetime64 in and datetime64[ms] out; business time as
        int64 ms or timedelta64."""
        a = _int64_array(start, "start")
        d = _int64_array(business, "business")
        if a.shape != d.shape:
            raise InvalidArgument(f"add_many: shapes differ: {a.shape} and {d.shape}")
        out = _empty_int64(a.shape)
        self._call(_lib.lib.csm_calendar_add_many, _pointer(a), _pointer(d), a.size, _pointer(out))
        return out.view("datetime64[ms]") if _is_datetime64(start) else out

    @staticmethod
    def _check_same_kind(a: Any, b: Any) -> None:
        if isinstance(a, _dt.datetime) != isinstance(b, _dt.datetime):
            raise TypeError("pass both instants as aware datetimes or both as epoch milliseconds")
