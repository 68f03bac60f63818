"""Staffing: Erlang C, Erlang A and agents required for planning intervals.

Targets are fractions (0.8 for 80 %), as queueing libraries take them;
config, CLI and reports keep percentages. Every number argument may be a
numpy array (or anything numpy broadcasts); then each output is an array of
the broadcast shape. docs/staffing.md has the formulas and their limits.

>>> r = erlang_c(arrivals=100, interval_s=1800, aht_s=180, agents=14, threshold_s=20)
>>> round(r.service_level, 3), round(r.wait_probability, 3)
(0.888, 0.174)
>>> agents_required(100, 1800, 180, service_level=0.8, threshold_s=20, shrinkage=0.3)
20

``forecast(engine, weeks=1)`` forecasts offered contacts and handle time per
interval from the engine's history and plans each interval (a DataFrame).
"""

from __future__ import annotations

import ctypes
import numbers
from dataclasses import dataclass
from typing import Any, Optional

from . import _lib
from .errors import InvalidArgument

__all__ = ["QueueResult", "erlang_c", "erlang_a", "agents_required", "forecast"]


@dataclass(frozen=True)
class QueueResult:
    """What a queueing model predicts for one interval (or arrays of them).

    ``service_level`` is the share of offered contacts answered within the
    threshold (0..1), ``asa`` the mean wait in seconds (Erlang A: of answered
    and abandoned contacts), ``occupancy`` the agents' busy share (0..1).
    ``stable`` is False where Erlang C's queue never settles (agents <= load):
    there ``service_level`` is 0 and ``asa`` is infinite, never NaN.
    """

    wait_probability: Any
    service_level: Any
    asa: Any
    occupancy: Any
    abandon_probability: Any
    stable: Any


def _is_array(values) -> bool:
    return any(hasattr(v, "__len__") or hasattr(v, "shape") for v in values)


def _broadcast(*values):
    import numpy as np

    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values])
    return arrays[0].shape, [a.ravel() for a in arrays]


def _agents(value) -> int:
    # ints stay exact (float(2**70) would round); ctypes would wrap a value
    # beyond int64 silently (2**64 becomes 0 agents), so check the range here.
    number = value if isinstance(value, int) else float(value)
    if isinstance(number, float) and not number.is_integer():
        raise InvalidArgument(f"agents must be a whole number, got {value}")
    if not -(2**63) <= int(number) < 2**63:
        raise InvalidArgument(f"agents must be in 0..1000000, got {value}")
    return int(number)


def _cap(name: str, value: Optional[float]) -> float:
    """An optional cap for the C ABI, where 0 means "none": an explicit cap
    that is not > 0 would silently become no cap, so it is an error."""
    if value is None:
        return 0.0
    if not float(value) > 0:
        raise InvalidArgument(f"{name} must be > 0 (or None for no cap), got {value}")
    return float(value)


def _queue_one(fn, arrivals, interval_s, aht_s, agents, threshold_s, patience_s) -> QueueResult:
    q = _lib.QueueInput()
    _lib.check(_lib.lib.csm_queue_input_init(ctypes.byref(q), ctypes.sizeof(q)))
    q.arrivals, q.interval_s, q.aht_s = float(arrivals), float(interval_s), float(aht_s)
    q.agents = _agents(agents)
    q.threshold_s, q.patience_s = float(threshold_s), float(patience_s)
    r = _lib.QueueResult()
    _lib.check(_lib.lib.csm_queue_result_init(ctypes.byref(r), ctypes.sizeof(r)))
    _lib.check(fn(ctypes.byref(q), ctypes.byref(r)))
    return QueueResult(r.wait_probability, r.service_level, r.asa_s, r.occupancy,
                       r.abandon_probability, bool(r.stable))


def _queue(fn, *args) -> QueueResult:
    if not _is_array(args):
        return _queue_one(fn, *args)
    import numpy as np

    shape, flat = _broadcast(*args)
    results = [_queue_one(fn, *row) for row in zip(*flat)]
    def field(name, dtype=float):
        return np.array([getattr(r, name) for r in results], dtype=dtype).reshape(shape)
    return QueueResult(field("wait_probability"), field("service_level"), field("asa"),
                       field("occupancy"), field("abandon_probability"), field("stable", bool))


def erlang_c(arrivals, interval_s, aht_s, agents, threshold_s) -> QueueResult:
    """Erlang C: ``arrivals`` contacts offered in ``interval_s`` seconds with
    an average handle time of ``aht_s`` seconds, answered by ``agents``;
    service level at ``threshold_s`` seconds."""
    return _queue(_lib.lib.csm_erlang_c, arrivals, interval_s, aht_s, agents, threshold_s, 0.0)


def erlang_a(arrivals, interval_s, aht_s, agents, threshold_s, patience_s) -> QueueResult:
    """Erlang A: Erlang C plus abandonment after an exponential patience of
    mean ``patience_s`` seconds (``math.inf``: nobody abandons)."""
    return _queue(_lib.lib.csm_erlang_a, arrivals, interval_s, aht_s, agents, threshold_s, patience_s)


def _required_one(arrivals, interval_s, aht_s, service_level, threshold_s, max_occupancy,
                  shrinkage, max_asa, patience_s) -> int:
    t = _lib.StaffingInput()
    _lib.check(_lib.lib.csm_staffing_input_init(ctypes.byref(t), ctypes.sizeof(t)))
    t.arrivals, t.interval_s, t.aht_s = float(arrivals), float(interval_s), float(aht_s)
    t.service_level, t.threshold_s = float(service_level), float(threshold_s)
    t.max_occupancy = _cap("max_occupancy", max_occupancy)
    t.max_asa_s = _cap("max_asa", max_asa)
    t.shrinkage = float(shrinkage)
    if patience_s is not None:
        t.model, t.patience_s = _lib.MODEL_ERLANG_A, float(patience_s)
    r = _lib.StaffingResult()
    _lib.check(_lib.lib.csm_staffing_result_init(ctypes.byref(r), ctypes.sizeof(r)))
    _lib.check(_lib.lib.csm_agents_required(ctypes.byref(t), ctypes.byref(r)))
    return int(r.scheduled)


def agents_required(arrivals, interval_s, aht_s, service_level, threshold_s,
                    max_occupancy: Optional[float] = None, shrinkage: float = 0.0, *,
                    max_asa: Optional[float] = None, patience_s: Optional[float] = None):
    """The fewest agents to schedule so that ``service_level`` (a fraction)
    of the contacts are answered within ``threshold_s`` seconds, with
    occupancy at most ``max_occupancy`` and the mean wait at most
    ``max_asa`` seconds when given, grossed up for ``shrinkage`` (the share
    of paid time off contacts): ⌈N / (1 − shrinkage)⌉. Erlang C, or Erlang A
    when ``patience_s`` is given. An int, or an int array for array inputs."""
    for name, value in (("service_level", service_level), ("max_occupancy", max_occupancy),
                        ("shrinkage", shrinkage)):
        if value is not None and not _is_array([value]) and 1 < value <= 100:
            raise InvalidArgument(f"{name} is a fraction (0..1), got {value}; did you mean {value / 100}?")
    if not _is_array([arrivals, interval_s, aht_s, service_level, threshold_s]):
        return _required_one(arrivals, interval_s, aht_s, service_level, threshold_s,
                             max_occupancy, shrinkage, max_asa, patience_s)
    import numpy as np

    shape, flat = _broadcast(arrivals, interval_s, aht_s, service_level, threshold_s)
    out = [_required_one(*row, max_occupancy, shrinkage, max_asa, patience_s) for row in zip(*flat)]
    return np.array(out, dtype=np.int64).reshape(shape)


_FORECAST_COLUMNS = ["start", "weekday", "time", "offered", "aht", "erlangs", "agents",
                     "scheduled", "service_level", "occupancy", "holiday"]


def forecast(engine, weeks: int = 1, *, grain: str = "30min", backtest_weeks: int = 0,
             staffing: Optional[dict] = None, calendar: Optional[str] = None,
             timezone: Optional[str] = None, from_: Any = None, to: Any = None,
             filter: Optional[dict] = None):
    """Forecast and staffing plan for the ``weeks`` weeks after the engine's
    history (docs/staffing.md, "Forecast"): a pandas DataFrame with one row
    per interval — ``start`` (a Timestamp in the forecast's zone),
    ``weekday``, ``time``, ``offered`` (contacts), ``aht`` (s), ``erlangs``,
    ``agents`` (on contacts), ``scheduled`` (after shrinkage),
    ``service_level`` and ``occupancy`` (%, the model's prediction) and
    ``holiday``.

    The engine needs a view of ``grain`` ("15min", "30min" or "hour"; the
    error names the view to add). ``staffing`` overrides keys of the
    config's ``options.staffing`` target, in percentages as config takes
    them (``{"service_level": 80, "threshold": 20, "shrinkage": 30}``).
    ``backtest_weeks`` holds the last weeks out and compares the forecast
    with them. The rest of the answer — ``history``, ``staffing``,
    ``aht_source``, ``patience`` and ``backtest`` (``wape`` and
    ``naive_wape`` in %, and its intervals) — is in ``frame.attrs``."""
    import pandas as pd

    for name, value, lo in (("weeks", weeks, 1), ("backtest_weeks", backtest_weeks, 0)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < lo:
            raise InvalidArgument(f"{name} must be a whole number >= {lo}, got {value!r}")
    weeks, backtest_weeks = int(weeks), int(backtest_weeks)
    spec: dict[str, Any] = {"weeks": weeks, "grain": grain, "backtest_weeks": backtest_weeks}
    if staffing is not None:
        spec["staffing"] = staffing
    if calendar is not None:
        spec["calendar"] = calendar
    query: dict[str, Any] = {"forecast": spec}
    for key, value in (("timezone", timezone), ("from", from_), ("to", to), ("filter", filter)):
        if value is not None:
            query[key] = value
    answer = dict(engine.report(query))
    frame = pd.DataFrame(answer.get("intervals", []), columns=_FORECAST_COLUMNS)
    frame["start"] = pd.to_datetime(frame["start"], utc=True).dt.tz_convert(answer["timezone"])
    for column in ("agents", "scheduled"):
        frame[column] = frame[column].astype("Int64")  # null where no AHT was measured
    frame.attrs.update({k: v for k, v in answer.items() if k != "intervals"})
    return frame
