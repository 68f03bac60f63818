"""examples/python/ keeps working: the incident-log example on the bundled data."""

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import csmetrics

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "python" / "incident_report.py"
DATA = ROOT / "examples" / "data" / "incident_event_log.csv"


def load_example():
    spec = importlib.util.spec_from_file_location("incident_report", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_incident_example_counts_every_incident_once():
    import pandas as pd

    example = load_example()
    with DATA.open(newline="") as f:
        incidents = {row["number"] for row in csv.DictReader(f)}
    events = example.incident_events(pd.read_csv(DATA, dtype=str))
    with csmetrics.Engine(example.CONFIG) as engine:
        result = engine.ingest(events)
        assert (result.accepted, result.rejected) == (len(events), 0)
        rows = engine.report(grain="all", group_by=["priority"], metrics=["tickets_created"]).rows
    assert sum(r["tickets_created"] for r in rows) == len(incidents)


def test_incident_example_runs():
    out = subprocess.run([sys.executable, str(EXAMPLE)], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "python")}).stdout
    assert "0 rejected" in out and "business p90 (h)" in out
