"""Live answers: what is true now (docs/sla.md "Live queries").

:meth:`csmetrics.Engine.live` returns a :class:`LiveAnswer`, a dict shaped
as the query's kind answers (``sla_due``, ``ticket`` or ``queue``).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

__all__ = ["LiveAnswer"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_ONE_MS = _dt.timedelta(milliseconds=1)


def now_ms(now: Any, what: str = "now") -> int:
    """Epoch milliseconds from an aware datetime, an ISO-8601 string with an
    offset, or an integer (epoch ms)."""
    if isinstance(now, bool):
        raise TypeError(f"{what}: expected an aware datetime, an ISO-8601 string or epoch ms, got bool")
    if isinstance(now, str):
        try:
            now = _dt.datetime.fromisoformat(now.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{what}: {now!r} is not an ISO-8601 instant") from None
    if isinstance(now, _dt.datetime):
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"{what}: naive datetime {now!r}; use an aware datetime or epoch ms")
        return (now - _EPOCH) // _ONE_MS
    if hasattr(now, "dtype") and getattr(now.dtype, "kind", "") == "M":  # numpy.datetime64
        return int(now.astype("datetime64[ms]").astype("int64"))
    if isinstance(now, int) or (hasattr(now, "__index__") and not isinstance(now, float)):
        return int(now)
    raise TypeError(f"{what}: expected an aware datetime, an ISO-8601 string or epoch ms, "
                    f"got {type(now).__name__}")


class LiveAnswer(dict):
    """A live query's answer (a dict, as the C ABI's JSON). ``timezone`` is
    the engine config's zone, in which ``to_frame`` shows instants."""

    def __init__(self, data: dict, kind: str, timezone: str = "UTC"):
        super().__init__(data)
        self.kind = kind
        self.timezone = timezone

    @classmethod
    def from_json(cls, text: str, kind: str, timezone: str = "UTC") -> "LiveAnswer":
        return cls(json.loads(text), kind, timezone)

    def to_frame(self):
        """An ``sla_due`` answer as a pandas DataFrame, one row per item in
        due order: ticket, policy, metric, priority, state, breached, ``due``
        (a time-zone-aware Timestamp in the engine's zone), due_ms,
        remaining_calendar and remaining_business (seconds; NaN for a
        calendar-only target's business time). Needs pandas."""
        if self.kind != "sla_due":
            raise TypeError(f"to_frame() is for sla_due answers; this is a {self.kind} answer")
        import pandas as pd

        columns = ["ticket", "policy", "metric", "priority", "state", "breached", "due", "due_ms",
                   "remaining_calendar", "remaining_business"]
        records = []
        for item in self.get("items", []):
            remaining = item.get("remaining") or {}
            records.append({
                "ticket": item.get("ticket"),
                "policy": item.get("policy"),
                "metric": item.get("metric"),
                "priority": item.get("priority"),
                "state": item.get("state"),
                "breached": bool(item.get("breached")),
                "due": None,
                "due_ms": item.get("due_ms"),
                "remaining_calendar": remaining.get("calendar"),
                "remaining_business": remaining.get("business"),
            })
        frame = pd.DataFrame.from_records(records, columns=columns)
        frame["due"] = pd.to_datetime(frame["due_ms"].astype("int64"), unit="ms", utc=True).dt.tz_convert(
            self.timezone)
        frame["remaining_calendar"] = frame["remaining_calendar"].astype("float64")
        frame["remaining_business"] = frame["remaining_business"].astype("float64")
        return frame

    def __repr__(self) -> str:
        return f"<csmetrics.LiveAnswer {self.kind} now={self.get('now')!r}>"
