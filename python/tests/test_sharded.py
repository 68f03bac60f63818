"""Engine(config, shards=N): N engines on threads of their own report exactly
as one engine, on the bundled real exports (the ServiceNow incident log, NYC
311) and through both ingest paths (JSON lines; a DataFrame, whose names are
interned through the sharded engine); hostile shard counts and configs raise;
Engine.from_state restores a checkpoint without its config."""

import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

import csmetrics
from csmetrics.errors import DataLoss, InvalidArgument

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


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
    """The bundled export's events as JSON lines, by `csm import --preset`."""
    out = subprocess.run([str(csm_binary()), "import", "--preset", preset, str(DATA / name)],
                         check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def reports(engine, queries):
    return [engine.report(q) for q in queries]


def assert_sharded_reports_equal(config, queries, ingest):
    with csmetrics.Engine(config) as one:
        want_counts = ingest(one)
        want = reports(one, queries)
    assert want_counts.accepted > 0
    for shards in (1, 2, 4):
        with csmetrics.Engine(config, shards=shards) as sharded:
            assert sharded.shards == shards
            pending = ingest(sharded)
            assert (pending.accepted, pending.rejected) == (0, 0)  # verdicts come with finish()
            done = sharded.finish()
            assert (done.accepted, done.rejected) == (want_counts.accepted, want_counts.rejected)
            assert done.rejections == want_counts.rejections
            got = reports(sharded, queries)
        for g, w, q in zip(got, want, queries):
            assert g == w, f"{shards} shards, query {q}"


def test_incident_log_jsonl():
    jsonl = imported("servicenow", "incident_event_log.csv")
    config = json.loads((DATA / "servicenow_engine.json").read_text())
    config["views"] = [{"group_by": g, "grain": "day"} for g in (["agent"], ["customer"], ["group", "priority"])]
    config["views"].append({"group_by": [], "grain": "hour"})
    queries = [{"grain": "all", "group_by": g} for g in ([], ["agent"], ["customer"], ["priority"])]
    queries.append({"grain": "day"})
    assert_sharded_reports_equal(config, queries, lambda e: e.ingest_jsonl(jsonl))


def test_nyc311_jsonl():
    jsonl = imported("nyc311", "311_Service_Requests_from_2010_to_Present.csv")
    calendar = json.loads((DATA / "nyc311_calendar.json").read_text())
    config = {"timezone": "America/New_York", "calendars": {"default": calendar},
              "views": [{"group_by": ["group"], "grain": "day"}, {"group_by": ["channel", "category"], "grain": "day"}]}
    queries = [{"grain": "all", "group_by": ["group"]}, {"grain": "day", "group_by": ["channel"]},
               {"grain": "all", "metrics": ["top_drivers", "channel_mix"]}]
    assert_sharded_reports_equal(config, queries, lambda e: e.ingest_jsonl(jsonl))


def test_incident_log_dataframe():
    """The table path interns names in the sharded engine's router."""
    pd = pytest.importorskip("pandas")
    import importlib.util

    example_path = ROOT / "examples" / "python" / "incident_report.py"
    spec = importlib.util.spec_from_file_location("incident_report", example_path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    events = example.incident_events(pd.read_csv(DATA / "incident_event_log.csv", dtype=str))
    queries = [{"grain": "week", "group_by": ["priority"]}, {"grain": "day"}]
    assert_sharded_reports_equal(example.CONFIG, queries, lambda e: e.ingest(events, batch_rows=10000))


def test_hostile_shard_counts_and_configs():
    for shards in (0, -1, 65, 2**40):
        with pytest.raises(InvalidArgument, match="shards"):
            csmetrics.Engine({}, shards=shards)
    for shards in (2.0, "2", True):
        with pytest.raises(TypeError):
            csmetrics.Engine({}, shards=shards)
    with pytest.raises(InvalidArgument, match="colour"):
        csmetrics.Engine({"colour": 1}, shards=2)


def test_report_finishes_and_later_calls_act_as_one_engine():
    lines = "\n".join(json.dumps({"time": 1790000000000 + i * 60000, "type": "created", "ticket": f"T{i}",
                                  "customer": f"c{i % 3}"}) for i in range(12))
    with csmetrics.Engine({}, shards=2) as sharded, csmetrics.Engine({}) as one:
        sharded.ingest_jsonl(lines)
        one.ingest_jsonl(lines)
        assert sharded.report(grain="all") == one.report(grain="all")  # finishes first
        assert sharded.finish().accepted == 0  # nothing pending any more
        again = sharded.ingest_jsonl(lines)  # on the merged engine, now: verdicts at once
        assert (again.accepted, again.rejected) == (0, 12)
        clone = pickle.loads(pickle.dumps(sharded))
        assert clone.shards is None and clone.report(grain="all") == sharded.report(grain="all")


def test_from_state_restores_without_the_config():
    config = {"timezone": "Europe/Paris", "views": [{"group_by": ["agent"], "grain": "day"}]}
    with csmetrics.Engine(config) as engine:
        engine.ingest([{"time": 1790000000000, "ticket": "T-1", "type": "created"},
                       {"time": 1790000600000, "ticket": "T-1", "type": "agent_reply", "agent": "alice"}])
        state = engine.serialize()
        want = engine.report(grain="all", group_by=["agent"])
    restored = csmetrics.Engine.from_state(state)
    assert restored.config is None
    assert restored.report(grain="all", group_by=["agent"]) == want
    # Its state restores again (the bytes need not be equal: cells are
    # written in hash-table order).
    assert csmetrics.Engine.from_state(restored.serialize()).report(grain="all", group_by=["agent"]) == want
    assert pickle.loads(pickle.dumps(restored)).report(grain="all", group_by=["agent"]) == want
    # The restored engine merges with one of the same config.
    with csmetrics.Engine(config) as other:
        other.merge(restored)
        assert other.report(grain="all", group_by=["agent"]) == want
    with pytest.raises(DataLoss):
        csmetrics.Engine.from_state(state[: len(state) // 2])
    with pytest.raises(TypeError):
        csmetrics.Engine.from_state("not bytes")
    restored.close()
