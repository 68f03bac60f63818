"""Reports: the JSON report of docs/metrics.md §8 as a dict, and as a table.

:class:`Report` *is* a dict (the parsed JSON, unchanged) with a few helpers:
``rows``, ``rejected``, ``to_json()`` and ``to_frame()``, which flattens it
into a pandas DataFrame with one row per bucket × group, ``bucket`` as a
time-zone-aware timestamp and one column per scalar
(``first_reply_time.business.p90``, ``csat.score``).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

__all__ = ["Report", "flatten_row", "bucket_start"]


def _edge_name(edge: float) -> str:
    return str(int(edge)) if float(edge).is_integer() else repr(float(edge))


def _flatten(value: Any, name: str, out: dict) -> None:
    if isinstance(value, dict):
        if set(value) == {"edges", "counts"} and isinstance(value["counts"], list):
            # A histogram: one column per bin, named by its lower edge in
            # seconds (the first bin starts at 0, the last is open-ended).
            lower = [0] + list(value["edges"])
            for edge, count in zip(lower, value["counts"]):
                out[f"{name}.{_edge_name(edge)}"] = count
            return
        if "weekdays" in value:
            # The volume heatmap: per weekday name, per local hour.
            days = value["weekdays"]
            for key, item in value.items():
                if key == "weekdays":
                    continue
                if isinstance(item, list) and len(item) == len(days):
                    for day, hours in zip(days, item):
                        _flatten(hours, f"{name}.{key}.{day}", out)
                else:
                    _flatten(item, f"{name}.{key}", out)
            return
        for key, item in value.items():
            _flatten(item, f"{name}.{key}" if name else str(key), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _flatten(item, f"{name}.{i}", out)
    else:
        out[name] = value


def flatten_row(row: dict) -> dict:
    """A report row as ``{"bucket": ..., "agent": ..., "a.b.c": scalar}``.

    Nested objects become dotted names and lists one column per element
    (``.0``, ``.1`` …); a histogram one column per bin named by its lower
    edge (``first_reply_time.calendar.histogram.3600``), the heatmap's
    per-hour lists ``volume_heatmap.tickets.mon.13``. A metric that is null
    stays one null column. ``bucket`` stays the report's label."""
    out: dict = {}
    _flatten(row, "", out)
    return out


def bucket_start(label: str, grain: str, timezone: str, start: str | None = None):
    """The start of a bucket as a pandas Timestamp in ``timezone``.

    ``label`` is the report's bucket label (hour ``2026-11-02T13:00:00-05:00``,
    day ``2026-11-02``, week ``2026-W45``, month ``2026-11``); for grain
    ``all`` the bucket starts at the report's ``from`` (``start``; NaT
    without one)."""
    import pandas as pd

    if grain == "all":
        return pd.Timestamp(start).tz_convert(timezone) if start else pd.NaT
    if grain == "hour":
        return pd.Timestamp(label).tz_convert(timezone)
    if grain == "week":
        year, week = label.split("-W")
        day = datetime.date.fromisocalendar(int(year), int(week), 1)
    elif grain == "month":
        day = datetime.date.fromisoformat(label + "-01")
    else:
        day = datetime.date.fromisoformat(label)
    # The bucket starts at the day's first instant: an ambiguous midnight is
    # its first occurrence, a skipped one the moment the day begins.
    return pd.Timestamp(day).tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")


class Report(dict):
    """A report (docs/metrics.md §8): a dict with ``from``, ``to``,
    ``timezone``, ``grain``, ``group_by``, ``rows`` and ``rejected``."""

    @classmethod
    def from_json(cls, text: str) -> "Report":
        """Parses a report JSON text (as ``csm_engine_report_json`` returns)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a report is a JSON object")
        return cls(data)

    @property
    def rows(self) -> list[dict]:
        """One dict per bucket × group: ``bucket``, the group-by values, the metrics."""
        return self.get("rows", [])

    @property
    def group_by(self) -> list[str]:
        return list(self.get("group_by", []))

    @property
    def rejected(self) -> dict:
        """``{"count": n, "reasons": {"out_of_order": k, ...}}``."""
        return self.get("rejected", {"count": 0, "reasons": {}})

    def to_json(self, **kwargs: Any) -> str:
        """The report as JSON text (``json.dumps`` keyword arguments apply)."""
        return json.dumps(self, **kwargs)

    def to_frame(self):
        """A pandas DataFrame: one row per bucket × group. Columns: ``bucket``
        (the bucket's start, a Timestamp in the report's time zone), the
        group-by dimensions, then one column per scalar as a dotted name
        (see :func:`flatten_row`). Missing data is None / NaN, never 0.
        Needs pandas."""
        import pandas as pd

        flat = [flatten_row(row) for row in self.rows]
        columns: dict[str, None] = {"bucket": None}
        for dim in self.group_by:
            columns[dim] = None
        for row in flat:
            for name in row:
                columns.setdefault(name, None)
        # A metric that is null in one row and an object in another is only
        # its scalars: the bare null column would duplicate them.
        names = list(columns)
        parents = {n for n in names if any(other.startswith(n + ".") for other in names)}
        keep = [n for n in names if n not in parents]
        frame = pd.DataFrame.from_records(
            [{k: v for k, v in row.items() if k not in parents} for row in flat], columns=keep
        )
        zone = self.get("timezone") or "UTC"
        grain = self.get("grain", "all")
        frame["bucket"] = pd.Series(
            [bucket_start(row.get("bucket"), grain, zone, self.get("from")) for row in self.rows],
            index=frame.index,
            dtype=pd.DatetimeTZDtype(tz=zone),
        )
        return frame

    def __repr__(self) -> str:
        return f"<csmetrics.Report grain={self.get('grain')!r} group_by={self.group_by} rows={len(self.rows)}>"
