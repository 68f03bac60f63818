"""One report over a Dask dataframe of events, computed on a Dask cluster.

``events`` is a ``dask.dataframe`` whose columns are the event fields of
docs/metrics.md §1 (``time``, ``ticket``, ``type``, ``agent`` …) holding
*text*, as ``dask.dataframe.read_csv(paths, dtype=str)`` reads them. The
library reads the text, not Dask: each row becomes one JSON object of its
non-empty cells (strings; ``value`` as the number its text spells) and goes
to the engine's event-line reader, ``csm_engine_ingest_jsonl``, so a cell
means what it means to ``csm report`` and to ``Engine.ingest_jsonl``.

The work (docs/scale-out.md):

1. every row gets its place in the input (partition, row) and its time in
   epoch ms, for sorting only (the engine reads the time itself);
2. the partition key of each ticket is fixed at its first ``created``
   event — its customer when it names one, else the ticket — and joined to
   the ticket's rows (a Dask join, since only ``created`` rows carry the
   customer); ``agent_state`` rows go by agent, ``cost`` rows anywhere
   (docs/engine.md, "Routing");
3. the rows are shuffled by that key; each partition runs one engine over
   its rows stably sorted by time, then input order, and serializes it
   (with SLA policies, advancing it to the whole stream's clock before each
   row, so breaches are recorded where one engine records them);
4. the states are merged in a tree (``merge_serialized``), and the report is
   run on the merged state. Everything a metric needs is on one partition
   and tickets are disjoint, so the merged engine reports what one engine
   given all the rows in that order reports, rejections included.
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping, Optional, Sequence, Union

from ._columns import COLUMNS
from .engine import Engine
from .errors import InvalidArgument
from .report import Report

__all__ = ["report", "merged_engine", "merged_state", "KEYS"]

#: The partition keys ``key=`` takes: "customer" (the default, the routing
#: rule of docs/engine.md: tickets follow their customer fixed at
#: ``created``) or "ticket" (each ticket by itself: no join, but a customer's
#: tickets may land on different partitions, so repeat contacts and customer
#: history are then only per partition).
KEYS = ("customer", "ticket")

# Columns added for the shuffle and the sort; never sent to the engine.
_KEY = "_csm_key"
_MS = "_csm_ms"
_PART = "_csm_part"
_ROW = "_csm_row"
_ORDER = [_MS, _PART, _ROW]

# A time the sort cannot read sorts first; the engine rejects it anyway.
_UNREADABLE_MS = -(1 << 63)

# JSON's number grammar (RFC 8259): such a `value` cell goes in as a number,
# any other as a string, which the engine rejects as it would in JSON.
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")

ConfigLike = Union[Mapping[str, Any], str, None]


def report(
    events: Any,
    config: ConfigLike = None,
    query: Union[Mapping[str, Any], str, None] = None,
    *,
    key: str = "customer",
    partitions: Optional[int] = None,
    split_every: int = 8,
    as_frame: bool = False,
    **fields: Any,
) -> Any:
    """The report ``query`` (as :meth:`Engine.report` takes it, keyword
    fields included) over ``events``, a dask dataframe of text columns,
    computed on the current Dask scheduler (a ``distributed.Client`` when one
    is active). ``config`` is the engine config of docs/metrics.md §9;
    ``partitions`` the number of engines (default: the dataframe's
    partitions); ``split_every`` how many states one merge task combines."""
    with merged_engine(events, config, key=key, partitions=partitions, split_every=split_every) as engine:
        return engine.report(query, as_frame=as_frame, **fields)


def merged_engine(
    events: Any, config: ConfigLike = None, *, key: str = "customer", partitions: Optional[int] = None,
    split_every: int = 8,
) -> Engine:
    """The merged engine of :func:`report`, for several queries over one
    pass (close it, or use it in a ``with`` block)."""
    state = merged_state(events, config, key=key, partitions=partitions, split_every=split_every).compute()
    engine = Engine(config)
    try:
        engine.merge(state)
    except BaseException:
        engine.close()
        raise
    return engine


def merged_state(
    events: Any, config: ConfigLike = None, *, key: str = "customer", partitions: Optional[int] = None,
    split_every: int = 8,
):
    """A ``dask.delayed`` of the merged engine's serialized state (bytes), to
    compute, store, or restore with ``Engine(config).merge(state)``."""
    import dask

    with Engine(config) as probe:  # checks the config here, not on a worker
        config_text = probe.config
    if key not in KEYS:
        raise InvalidArgument(f"key must be one of {KEYS}, got {key!r}")
    if not isinstance(split_every, int) or split_every < 2:
        raise InvalidArgument(f"split_every must be an integer >= 2, got {split_every!r}")
    columns = [str(c) for c in events.columns]
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise InvalidArgument(f"events: unknown columns {unknown}; the fields are {list(COLUMNS)}")
    if "time" not in columns or "type" not in columns:
        raise InvalidArgument("events need at least the columns 'time' and 'type'")
    if partitions is None:
        partitions = events.npartitions
    if not isinstance(partitions, int) or partitions < 1:
        raise InvalidArgument(f"partitions must be a positive integer, got {partitions!r}")

    placed = events.map_partitions(_place, columns, meta=_place(_empty(columns), columns))
    keyed = _with_keys(placed, key)
    shuffled = keyed.shuffle(_KEY, npartitions=partitions)
    # With SLA policies a breach is recorded when the engine's clock passes
    # it, with the ticket's state at that moment: each engine then follows
    # the clock of the whole stream (docs/scale-out.md).
    clock = None
    if json.loads(config_text or "{}").get("sla_policies"):
        clock = dask.delayed(_stream_clock)(*[dask.delayed(_times)(part) for part in placed.to_delayed()])
    states = [dask.delayed(_partition_state)(part, columns, config_text, clock) for part in shuffled.to_delayed()]
    while len(states) > 1:
        states = [
            dask.delayed(_merge_states)(config_text, *states[i : i + split_every])
            for i in range(0, len(states), split_every)
        ]
    return states[0]


# -- steps (each runs on a worker over one pandas partition) ------------------


def _empty(columns: Sequence[str]):
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def _place(frame, columns: Sequence[str], partition_info: Optional[dict] = None):
    """The partition's rows as text (empty cells absent) with their place in
    the input and their time in epoch ms for the sort."""
    import numpy as np
    import pandas as pd

    cells = {}
    for name in columns:
        text = frame[name].to_numpy(dtype=object, copy=True)
        text[pd.isna(text) | (text == "")] = None  # column by column: a frame-wide where is 3x slower
        cells[name] = text
    out = pd.DataFrame(cells)
    out[_MS] = _sort_ms(out["time"])
    out[_PART] = np.full(len(out), partition_info["number"] if partition_info else 0, dtype=np.int64)
    out[_ROW] = np.arange(len(out), dtype=np.int64)
    return out


def _sort_ms(times):
    """Epoch ms of each time (ISO-8601 with offset, or digits) for sorting;
    an unreadable one sorts first. The engine reads the time itself; this
    only orders the rows. Times ending in Z or ±HH:MM (what exports and
    ``csm import`` write) take a vectorised path: pandas parses the local
    part and the offset is subtracted; any other text goes through
    ``pandas.to_datetime`` one by one."""
    import numpy as np
    import pandas as pd

    ms = np.full(len(times), _UNREADABLE_MS, dtype=np.int64)
    if len(times) == 0:
        return ms
    text = times.where(times.notna(), "").astype(str)
    digits = text.str.fullmatch(r"[0-9]{1,18}").to_numpy(dtype=bool)
    if digits.any():
        ms[digits] = text[digits].astype(np.int64).to_numpy()
    zulu = text.str.endswith("Z").to_numpy(dtype=bool)
    sign = text.str[-6].to_numpy(dtype=object)
    hhmm = ((sign == "+") | (sign == "-")) & (text.str[-3] == ":").to_numpy(dtype=bool)
    hours = pd.to_numeric(text.str[-5:-3].where(hhmm), errors="coerce").to_numpy()
    minutes = pd.to_numeric(text.str[-2:].where(hhmm), errors="coerce").to_numpy()
    hhmm &= ~np.isnan(hours) & ~np.isnan(minutes)
    offset_ms = np.zeros(len(text), dtype=np.int64)
    offset_ms[hhmm] = np.where(sign[hhmm] == "-", -1, 1) * (hours[hhmm] * 60 + minutes[hhmm]).astype(np.int64) * 60_000
    local = text.where(~hhmm, text.str[:-6]).where(~zulu, text.str[:-1])
    fast = (hhmm | zulu) & ~digits
    if fast.any():
        parsed = pd.to_datetime(local[fast], errors="coerce")
        ok = parsed.notna().to_numpy(dtype=bool)
        values = parsed.to_numpy(dtype="datetime64[ms]").astype(np.int64) - offset_ms[fast]
        index = np.flatnonzero(fast)
        ms[index[ok]] = values[ok]
    rest = ~fast & ~digits & (text != "").to_numpy(dtype=bool)
    if rest.any():
        parsed = pd.to_datetime(text[rest], utc=True, errors="coerce")
        ok = parsed.notna().to_numpy(dtype=bool)
        values = parsed.to_numpy(dtype="datetime64[ms]").astype(np.int64)
        ms[np.flatnonzero(rest)[ok]] = values[ok]
    return ms


def _with_keys(placed, key: str):
    """``placed`` with the partition key of each row (docs/engine.md,
    "Routing")."""
    if key == "ticket" or "ticket" not in placed.columns or "customer" not in placed.columns:
        # No customer to follow: a ticket's key is the ticket, no join needed.
        return placed.map_partitions(_row_keys, None, meta=_row_keys(placed._meta, None))
    created = placed[(placed["type"] == "created") & placed["ticket"].notnull()]
    wanted = ["ticket", "customer", _MS, _PART, _ROW]
    firsts = created[wanted].shuffle("ticket").map_partitions(_first_created, meta=_first_created(created._meta))
    joined = placed.merge(firsts, on="ticket", how="left")
    return joined.map_partitions(_row_keys, _KEY, meta=_row_keys(placed._meta, None))


def _first_created(created):
    """Each ticket's key at its first ``created`` row (by time, then input
    order): ``c:<customer>`` when the row names one, else ``t:<ticket>``."""
    import pandas as pd

    first = created.sort_values(_ORDER, kind="mergesort").drop_duplicates("ticket", keep="first")
    key = pd.Series("t:" + first["ticket"].astype(str), index=first.index, dtype=object)
    named = first["customer"].notna()
    key[named] = "c:" + first.loc[named, "customer"].astype(str)
    return pd.DataFrame({"ticket": first["ticket"].astype(object), _KEY: key}).reset_index(drop=True)


def _row_keys(frame, joined: Optional[str]):
    """Every row's key: its ticket's (``joined`` column, from the created
    join) else ``t:<ticket>``; ``a:<agent>`` for agent_state; cost rows and
    rows with neither spread by their place in the input."""
    import pandas as pd

    out = frame.copy()
    n = len(out)
    keys = pd.Series([None] * n, index=out.index, dtype=object)
    if joined is not None and joined in out.columns:
        keys = out[joined].astype(object).copy()
    if "ticket" in out.columns:
        missing = keys.isna() & out["ticket"].notna()
        keys[missing] = "t:" + out.loc[missing, "ticket"].astype(str)
    kind = out["type"]
    if "agent" in out.columns:
        agent_state = kind == "agent_state"
        keys[agent_state] = "a:" + out.loc[agent_state, "agent"].astype(str)
        keys[agent_state & out["agent"].isna()] = None
    anywhere = keys.isna() | (kind == "cost")
    keys[anywhere] = "r:" + out.loc[anywhere, _PART].astype(str) + ":" + out.loc[anywhere, _ROW].astype(str)
    out[_KEY] = keys.astype(object)
    return out


def _jsonl(frame, columns: Sequence[str]) -> bytes:
    return "\n".join(_json_lines(frame, columns)).encode("utf-8", "surrogatepass")


def _json_lines(frame, columns: Sequence[str]):
    """One JSON object per row of the text cells (absent ones left out).
    Column by column: each distinct cell is written once (pandas'
    factorize), then the rows are joined."""
    import numpy as np
    import pandas as pd

    if len(frame) == 0:
        return []
    pieces = []
    for name in columns:
        codes, uniques = pd.factorize(frame[name], use_na_sentinel=True)
        key = json.dumps(name)
        written = [
            f"{key}:{text}," if name == "value" and _JSON_NUMBER.fullmatch(text) else
            f"{key}:{json.dumps(text, ensure_ascii=False)},"
            for text in map(str, uniques)
        ]
        pieces.append(np.array(written + [""], dtype=object)[codes])  # code -1 (absent) -> ""
    return ["{" + "".join(cells)[:-1] + "}" for cells in zip(*pieces)]


def _times(placed):
    """A partition's distinct times, each with its first row's place."""
    import numpy as np

    if len(placed) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    frame = placed[[_MS]].assign(order=_ordinal(placed))
    first = frame.groupby(_MS, sort=True)["order"].min()
    return first.index.to_numpy(dtype=np.int64), first.to_numpy(dtype=np.int64)


def _ordinal(placed):
    """A row's place in the input as one sortable integer."""
    import numpy as np

    return (placed[_PART].to_numpy(dtype=np.int64) << 32) | placed[_ROW].to_numpy(dtype=np.int64)


def _stream_clock(*parts):
    """Every distinct time of the stream, sorted, with the place of the
    first row at that time."""
    import numpy as np
    import pandas as pd

    times = np.concatenate([t for t, _ in parts]) if parts else np.empty(0, dtype=np.int64)
    orders = np.concatenate([o for _, o in parts]) if parts else np.empty(0, dtype=np.int64)
    first = pd.Series(orders).groupby(times, sort=True).min()
    return first.index.to_numpy(dtype=np.int64), first.to_numpy(dtype=np.int64)


def _clock_before(rows, clock):
    """For each row, the stream's clock just before it: the time of the
    latest row ordered before it in the whole stream (its own time when a
    row of another partition comes first at that time)."""
    import numpy as np

    times, first = clock
    ms = rows[_MS].to_numpy(dtype=np.int64)
    at = np.searchsorted(times, ms)
    previous = np.where(at > 0, times[np.maximum(at - 1, 0)], _UNREADABLE_MS)
    return np.where(first[at] < _ordinal(rows), ms, previous)


def _partition_state(frame, columns: Sequence[str], config: str, clock=None) -> bytes:
    """One engine over the partition's rows, stably sorted by time, then
    input order; its serialized state. With ``clock`` (the stream's times)
    the engine is advanced to the stream's clock before each of its rows,
    as one engine's clock would stand there."""
    from .errors import OutOfRange

    rows = frame.sort_values(_ORDER, kind="mergesort")
    with Engine(config) as engine:
        if clock is None or len(rows) == 0:
            engine.ingest_jsonl(_jsonl(rows, columns))
            return engine.serialize()
        lines = _json_lines(rows, columns)
        run, advanced = [], _UNREADABLE_MS
        for line, now in zip(lines, _clock_before(rows, clock).tolist()):
            if now > advanced:
                if run:
                    engine.ingest_jsonl("\n".join(run))
                    run = []
                try:
                    engine.advance(now)
                except OutOfRange:
                    pass  # the engine's clock is past it already (or it is outside 1970..2200)
                advanced = now
            run.append(line)
        engine.ingest_jsonl("\n".join(run))
        return engine.serialize()


def _merge_states(config: str, *states: bytes) -> bytes:
    with Engine(config) as engine:
        for state in states:
            engine.merge(state)
        return engine.serialize()
