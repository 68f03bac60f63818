"""csmetrics.dask on a real distributed.LocalCluster (2 worker processes):
the merged report equals one engine's on every data set, rejections
included; the customer routing matters (per-ticket routing splits repeat
contacts).

One cluster serves the whole module (starting one costs seconds). The real
exports are turned into §1 events by `csm import` (the library's presets),
written as several CSV files and read back with dask.dataframe.read_csv(...,
dtype=str); the reference is one engine given the same events in the same
order (ingest_jsonl). Reports are compared exactly, except `cost_per_contact`
(sums of doubles, equal within 1e-12 relative: docs/scale-out.md).
"""

import csv
import json
import math
import os
import random
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import csmetrics  # noqa: E402
import csmetrics.dask as csm_dask  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ["time", "ticket", "type", "status", "value", "agent", "customer", "group", "channel",
          "category", "priority", "segment", "step", "workflow"]  # fmt: skip

# The ASan pass of tools/test.sh preloads the sanitizer into the interpreter;
# worker processes would inherit it (minutes of start-up). The plain pass
# runs this module; the sanitized one covers the same C calls elsewhere.
pytestmark = pytest.mark.skipif("libasan" in os.environ.get("LD_PRELOAD", ""),
                                reason="Dask cluster tests run in the unsanitized pytest pass only")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c


def real_data(name):
    """A real export from examples/data or ../shared/data; skips when missing,
    fails under CI (as the C++ real-data tests do)."""
    for directory in (ROOT / "examples" / "data", ROOT.parent / "shared" / "data"):
        if (directory / name).is_file():
            return directory / name
    message = f"{name} not found in examples/data or ../shared/data"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI)")
    pytest.skip(message)


def csm_binary():
    """The csm next to the loaded library (build/<preset>/bin/csm)."""
    path = Path(csmetrics.library_path()).resolve().parent.parent / "bin" / "csm"
    if not path.is_file():
        message = f"{path} not found (build the csm target)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def imported(preset, name):
    """The export's events as JSON lines, by `csm import --preset`."""
    out = subprocess.run([str(csm_binary()), "import", "--preset", preset, str(real_data(name))],
                         check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def write_csv(lines, directory, files):
    """The JSON lines as `files` CSV files of text cells, in order."""
    events = [json.loads(line) for line in lines]
    per = math.ceil(len(events) / files)
    paths = []
    for i in range(files):
        path = Path(directory) / f"events-{i}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(FIELDS)
            for e in events[i * per:(i + 1) * per]:
                writer.writerow([cell(e, field) for field in FIELDS])
        paths.append(str(path))
    return paths


def cell(event, field):
    value = event.get(field)
    if value is None:
        return ""
    if field == "value" and not isinstance(value, str):
        return json.dumps(value)
    return str(value)


def assert_same_report(got, want, path="report"):
    """Equal, except cost sums (doubles in another order): 1e-12 relative."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), path
        for k in want:
            assert_same_report(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same_report(g, w, f"{path}[{i}]")
    elif isinstance(want, float) and ".cost_per_contact" in path:
        assert got == pytest.approx(want, rel=1e-12, abs=0), path
    else:
        assert got == want, path


def compare(client, paths, config, queries, *, reference_jsonl, partitions=4, key="customer"):
    with csmetrics.Engine(config) as one:
        one.ingest_jsonl(reference_jsonl)
        want = [one.report(q) for q in queries]
    events = dd.read_csv(paths, dtype=str, keep_default_na=False)
    with csm_dask.merged_engine(events, config, partitions=partitions, key=key) as merged:
        got = [merged.report(q) for q in queries]
    for q, g, w in zip(queries, got, want):
        assert w["rows"], f"{q}: the reference report is empty"
        assert_same_report(g, w, f"report {q}")
    return got


def by_dims(*dims, grain="day"):
    return [{"group_by": list(d), "grain": grain} for d in dims]


def test_incident_log(client, tmp_path):
    jsonl = imported("servicenow", "incident_event_log.csv")
    config = json.loads((ROOT / "examples" / "data" / "servicenow_engine.json").read_text())
    config["views"] = by_dims(["agent"], ["customer"], ["group", "priority"]) + [{"group_by": [], "grain": "hour"}]
    queries = [{"grain": "all", "group_by": g} for g in ([], ["agent"], ["customer"], ["priority"])]
    queries.append({"grain": "day"})
    got = compare(client, write_csv(jsonl.splitlines(), tmp_path, 3), config, queries, reference_jsonl=jsonl)
    # Repeat contacts are there to be split, were routing wrong.
    assert got[0]["rows"][0]["repeat_contact_rate"]["numerator"] > 0


def test_incident_log_routed_by_ticket_splits_repeat_contacts(client, tmp_path):
    """key="ticket" spreads a customer's tickets over partitions: repeat
    contacts then differ from one engine's (why tickets follow customers)."""
    jsonl = imported("servicenow", "incident_event_log.csv")
    config = json.loads((ROOT / "examples" / "data" / "servicenow_engine.json").read_text())
    config["views"] = [{"group_by": [], "grain": "all"}]
    with csmetrics.Engine(config) as one:
        one.ingest_jsonl(jsonl)
        want = one.report(metrics=["repeat_contact_rate"])
    events = dd.read_csv(write_csv(jsonl.splitlines(), tmp_path, 3), dtype=str, keep_default_na=False)
    got = csm_dask.report(events, config, {"metrics": ["repeat_contact_rate"]}, key="ticket", partitions=4)
    assert got["rows"][0]["repeat_contact_rate"]["numerator"] < want["rows"][0]["repeat_contact_rate"]["numerator"]


def test_nyc311(client, tmp_path):
    jsonl = imported("nyc311", "311_Service_Requests_from_2010_to_Present.csv")
    calendar = json.loads((ROOT / "examples" / "data" / "nyc311_calendar.json").read_text())
    config = {"timezone": "America/New_York", "calendars": {"default": calendar},
              "views": by_dims(["group"], ["channel", "category"])}
    queries = [{"grain": "all", "group_by": ["group"]}, {"grain": "day", "group_by": ["channel"]}]
    compare(client, write_csv(jsonl.splitlines(), tmp_path, 2), config, queries, reference_jsonl=jsonl)


def test_bank_call_log(client, tmp_path):
    jsonl = imported("bank-calls", "data_anonymous_bank_february.txt")
    config = {"timezone": "Asia/Jerusalem",
              "views": by_dims(["agent"]) + by_dims(["group", "channel"], grain="hour")}
    queries = [{"grain": "all", "group_by": ["agent"]}, {"grain": "day", "group_by": ["group"]},
               {"grain": "hour"}]
    got = compare(client, write_csv(jsonl.splitlines(), tmp_path, 4), config, queries,
                  reference_jsonl=jsonl, partitions=6)
    assert any(row["contacts_answered"] for row in got[1]["rows"])


# -- synthetic -----------------------------------------------------------------

START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
ZONES = [timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]


def synthetic_events(seed=22):
    """(ms, row) pairs: tickets of 40 customers (repeat contacts), replies,
    solves and reopens, ratings, agent states and costs; times as ISO-8601
    in three offsets or as epoch ms digits."""
    rng = random.Random(seed)
    agents = [f"agent-{i}" for i in range(6)]
    rows = []

    def add(t, **fields):
        ms = int(t.timestamp() * 1000)
        fmt = rng.randrange(4)
        text = str(ms) if fmt == 3 else t.astimezone(ZONES[fmt]).isoformat(timespec="milliseconds")
        rows.append((ms, {"time": text, **{k: str(v) for k, v in fields.items()}}))

    for i in range(600):
        t = START + timedelta(minutes=17 * i + rng.randrange(10))
        ticket = f"S-{i}"
        add(t, ticket=ticket, type="created", customer=f"cust-{rng.randrange(40)}",
            group=rng.choice(["billing", "tech", "sales"]), channel=rng.choice(["email", "chat"]),
            category=rng.choice(["refund", "login", "bug", "other"]), priority=rng.choice(["low", "high"]))
        agent = rng.choice(agents)
        t += timedelta(minutes=rng.randrange(1, 90))
        add(t, ticket=ticket, type="assigned", agent=agent)
        t += timedelta(minutes=rng.randrange(1, 300))
        add(t, ticket=ticket, type="agent_reply", agent=agent)
        if rng.random() < 0.7:
            t += timedelta(minutes=rng.randrange(1, 600))
            add(t, ticket=ticket, type="status", status="solved", agent=agent)
            if rng.random() < 0.5:
                t += timedelta(minutes=rng.randrange(1, 120))
                add(t, ticket=ticket, type="csat", value=rng.randrange(1, 6))
            if rng.random() < 0.2:
                t += timedelta(hours=rng.randrange(1, 48))
                add(t, ticket=ticket, type="customer_message")
                t += timedelta(minutes=rng.randrange(1, 60))
                add(t, ticket=ticket, type="agent_reply", agent=agent)
                add(t, ticket=ticket, type="status", status="closed", agent=agent)
    for day in range(12):
        for agent in agents:
            t = START + timedelta(days=day, minutes=rng.randrange(60))
            for state in ("available", "busy", "available", "away", "offline"):
                t += timedelta(minutes=rng.randrange(5, 120))
                add(t, type="agent_state", agent=agent, status=state)
        add(START + timedelta(days=day, hours=20), type="cost", group="tech",
            value=f"{rng.uniform(100, 900):.2f}")
    return rows


def rejected_rows():
    """Rows the engine rejects, each for a known reason."""
    t = START + timedelta(days=1)
    iso = t.isoformat()
    return [
        {"time": iso, "ticket": "X-1", "type": "agent_reply", "agent": "agent-1"},  # unknown_ticket
        {"time": iso, "ticket": "X-2", "type": "teleported"},  # unknown_type
        {"time": "yesterday", "ticket": "X-3", "type": "created"},  # invalid_field (time)
        {"time": iso, "type": "cost", "value": "a lot"},  # invalid_field (value)
        {"time": iso, "ticket": "S-0", "type": "created", "customer": "cust-1"},  # duplicate_created
    ], {"unknown_ticket": 1, "unknown_type": 1, "invalid_field": 2, "duplicate_created": 1}


def test_synthetic_with_rejections_in_one_partition(client, tmp_path):
    rows = synthetic_events()
    bad, reasons = rejected_rows()
    # Files in an order unlike time (shuffled rows), the bad rows all in the
    # last file: the engines sort each partition's rows by time.
    rng = random.Random(7)
    rng.shuffle(rows)
    files = [rows[i::3] for i in range(3)] + [[(int(START.timestamp() * 1000) + 86_400_000, r) for r in bad]]
    paths = []
    for i, part in enumerate(files):
        path = tmp_path / f"synthetic-{i}.csv"
        with path.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            for _, row in part:
                writer.writerow(row)
        paths.append(str(path))
    # The reference: one engine given every row stably sorted by time, then
    # file and row order (the order each partition's engine uses).
    ordered = sorted(((ms, f, r, row) for f, part in enumerate(files) for r, (ms, row) in enumerate(part)),
                     key=lambda x: x[:3])
    reference = "\n".join(json.dumps(synthetic_line(row)) for *_, row in ordered)

    # SLA targets fall due between a partition's last event and the end of
    # the stream: the merge must record those breaches as one engine does.
    sla = [{"name": "all", "targets": [{"metric": "first_reply_time", "seconds": 3600},
                                       {"metric": "total_resolution_time", "seconds": 28800}]}]
    config = {"timezone": "Europe/Berlin", "options": {"reopen_window": 86400}, "sla_policies": sla,
              "views": by_dims(["agent"], ["customer"], ["group", "channel"]) + [{"group_by": [], "grain": "hour"}]}
    queries = [{"grain": "all"}, {"grain": "all", "group_by": ["agent"]},
               {"grain": "day", "group_by": ["customer"]}, {"grain": "day", "group_by": ["group"]}]
    got = compare(client, paths, config, queries, reference_jsonl=reference, partitions=5)
    # Nothing lost across workers: the rows one engine rejects among the good
    # ones (late events for released tickets), plus every planted bad row.
    with csmetrics.Engine(config) as good_only:
        good_only.ingest_jsonl("\n".join(json.dumps(synthetic_line(row)) for ms, f, r, row in ordered if f < 3))
        expected = dict(good_only.report(grain="all")["rejected"]["reasons"])
    assert expected.get("ticket_released", 0) > 0  # releases are exercised too
    for reason, n in reasons.items():
        expected[reason] = expected.get(reason, 0) + n
    assert got[0]["rejected"] == {"count": sum(expected.values()), "reasons": expected}
    row = got[0]["rows"][0]
    assert row["repeat_contact_rate"]["numerator"] > 0 and row["csat"]["responses"] > 0
    assert row["sla_breached"] and row["sla_achieved"]


def synthetic_line(row):
    line = dict(row)
    if "value" in line:
        try:
            line["value"] = float(line["value"]) if "." in line["value"] else int(line["value"])
        except ValueError:
            pass  # stays a string: the engine rejects it, as the dask path does
    return line


def test_bad_arguments_raise_before_any_work(client):
    import pandas as pd

    events = dd.from_pandas(pd.DataFrame({"time": ["1"], "type": ["created"], "ticket": ["1"]}), npartitions=1)
    with pytest.raises(csmetrics.InvalidArgument, match="key must be one of"):
        csm_dask.report(events, None, key="agent")
    with pytest.raises(csmetrics.InvalidArgument, match="unknown columns"):
        csm_dask.report(events.rename(columns={"ticket": "case"}))
    with pytest.raises(csmetrics.InvalidArgument, match="engine config"):
        csm_dask.report(events, {"views": "hourly"})
