"""Resolution metrics from a real ServiceNow incident audit log, with pandas.

Reads the bundled examples/data/incident_event_log.csv (one row per update
of an incident; examples/data/ATTRIBUTION.md), turns it into csmetrics events with a few
vectorised pandas steps — `created` per incident, `assigned` when the
assignee or group changes, `status` when the state changes — ingests the
DataFrame in one call, and prints weekly resolution times per priority, in
calendar and business hours (Mon–Fri 09:00–17:00 UTC).

    CSM_LIBRARY=build/dev/lib/libcsmetrics.so PYTHONPATH=python \\
        /usr/bin/python3 examples/python/incident_report.py [path/to/incident_event_log.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import csmetrics

DATA = Path(__file__).resolve().parents[2] / "examples" / "data" / "incident_event_log.csv"
STATUS = {"New": "new", "Active": "open", "Awaiting User Info": "pending", "Awaiting Problem": "on_hold",
          "Awaiting Vendor": "on_hold", "Awaiting Evidence": "on_hold", "Resolved": "solved", "Closed": "closed"}
OFFICE = {"timezone": "UTC", "weekly": {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
CONFIG = {
    "calendars": {"default": OFFICE},
    "views": [{"group_by": ["priority"], "grain": "week"}, {"group_by": [], "grain": "day"}],
    "options": {"reopen_window": 400 * 86400},  # incidents close up to a year after opening
}


def incident_events(log: pd.DataFrame) -> pd.DataFrame:
    """The audit log as csmetrics events (docs/metrics.md §1 columns)."""
    log = log.replace("?", None)
    for column in ("opened_at", "sys_updated_at"):
        log[column] = pd.to_datetime(log[column], format="%d-%m-%Y %H:%M")  # no zone given: UTC
    log = log.sort_values(["number", "sys_updated_at", "sys_mod_count"], kind="stable")
    first = log.groupby("number", sort=False).head(1)
    created = pd.DataFrame({
        "time": first[["opened_at", "sys_updated_at"]].min(axis=1),  # a few updates precede opened_at
        "ticket": first["number"], "type": "created", "group": first["assignment_group"],
        "channel": first["contact_type"], "category": first["category"], "priority": first["priority"],
        "customer": first["caller_id"],
    })
    by_incident = log.groupby("number", sort=False)
    agent_changed = log["assigned_to"].notna() & (log["assigned_to"] != by_incident["assigned_to"].shift().ffill())
    assigned = pd.DataFrame({"time": log["sys_updated_at"], "ticket": log["number"], "type": "assigned",
                             "agent": log["assigned_to"]})[agent_changed]
    state = log["incident_state"].map(STATUS)
    state_changed = state != state.groupby(log["number"]).shift().fillna("new")
    status = pd.DataFrame({"time": log["sys_updated_at"], "ticket": log["number"], "type": "status",
                           "status": state})[state_changed]
    events = pd.concat([created, assigned, status], ignore_index=True)
    return events.sort_values("time", kind="stable", ignore_index=True)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    events = incident_events(pd.read_csv(path, dtype=str))
    with csmetrics.Engine(CONFIG) as engine:
        result = engine.ingest(events)
        print(f"{len(events)} events from {path.name}: {result.accepted} accepted, {result.rejected} rejected")
        report = engine.report(grain="all", group_by=["priority"],
                               metrics=["tickets_created", "tickets_solved", "first_resolution_time"],
                               as_frame=True)
    hours = {f"first_resolution_time.{kind}.{q}": f"{kind} {q} (h)"
             for kind in ("calendar", "business") for q in ("p50", "p90")}
    table = report[["priority", "tickets_created", "tickets_solved", *hours]].rename(columns=hours)
    table[list(hours.values())] = (table[list(hours.values())] / 3600).round(1)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
