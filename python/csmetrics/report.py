"""Reports: the JSON report of METRICS.md §8 as a dict, and as a table.

:class:`Report` *is* a dict (the parsed JSON, unchanged) with a few helpers:
``rows``, ``rejected``, ``to_json()`` and ``to_frame()``, which flattens it
into a pandas DataFrame with one row per bucket × group and one column per
leaf value (``first_reply_time.business.p90``, ``csat.score``).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["Report", "flatten_row"]


def flatten_row(row: dict, prefix: str = "", out: dict | None = None) -> dict:
    """A report row as ``{"bucket": ..., "agent": ..., "a.b.c": leaf}``.
    Nested objects become dotted names; lists (histogram edges and counts)
    stay values; a metric that is null stays one null column."""
    out = {} if out is None else out
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flatten_row(value, name + ".", out)
        else:
            out[name] = value
    return out


class Report(dict):
    """A report (METRICS.md §8): a dict with ``from``, ``to``, ``timezone``,
    ``grain``, ``group_by``, ``rows`` and ``rejected``."""

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
        """A pandas DataFrame: one row per bucket × group; columns ``bucket``,
        the group-by dimensions, then every metric leaf as a dotted name
        (missing data is None / NaN, never 0). Needs pandas."""
        import pandas as pd

        flat = [flatten_row(row) for row in self.rows]
        columns: dict[str, None] = {"bucket": None}
        for dim in self.group_by:
            columns[dim] = None
        for row in flat:
            for name in row:
                columns.setdefault(name, None)
        # A metric that is null in one row and an object in another is only
        # its leaves: the bare null column would duplicate them.
        names = list(columns)
        parents = {n for n in names if any(other.startswith(n + ".") for other in names)}
        keep = [n for n in names if n not in parents]
        return pd.DataFrame.from_records(
            [{k: v for k, v in row.items() if k not in parents} for row in flat], columns=keep
        )

    def __repr__(self) -> str:
        return f"<csmetrics.Report grain={self.get('grain')!r} group_by={self.group_by} rows={len(self.rows)}>"
