"""Loads libcsmetrics and declares every C function's signature, once.

Nothing else in the package touches ctypes' loading or declarations.
The library is found, in order: the ``CSM_LIBRARY`` environment variable
(a path to the .so); the project's build tree (``build/<preset>/lib``);
the installed library (the system's search path, then common prefixes).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

from .errors import raise_for_status

_PACKAGE_DIR = Path(__file__).resolve().parent
_SONAME = "libcsmetrics.so"


def _candidates() -> list[Path | str]:
    env = os.environ.get("CSM_LIBRARY")
    if env:
        return [Path(env)]  # An explicit choice: no silent fallback.
    found: list[Path | str] = []
    root = _PACKAGE_DIR.parent.parent  # python/csmetrics -> project root
    # Not the asan build: an ASan library cannot load into a plain interpreter.
    for preset in ("dev", "release"):
        found.append(root / "build" / preset / "lib" / _SONAME)
    system = ctypes.util.find_library("csmetrics")
    if system:
        found.append(system)
    for prefix in ("/usr/local/lib", "/usr/local/lib64", "/usr/lib", "/usr/lib/x86_64-linux-gnu"):
        found.append(Path(prefix) / _SONAME)
    return found


def _load() -> ctypes.CDLL:
    tried = []
    for candidate in _candidates():
        if isinstance(candidate, Path) and not candidate.exists():
            tried.append(str(candidate))
            continue
        try:
            return ctypes.CDLL(str(candidate))
        except OSError as e:  # Present but not loadable: say why.
            tried.append(f"{candidate} ({e})")
    raise OSError(
        "libcsmetrics.so not found; set CSM_LIBRARY to its path or build the project. Tried: "
        + "; ".join(tried)
    )


lib = _load()

c_status = ctypes.c_int


def _declare(name: str, restype, argtypes) -> None:
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = argtypes


# --- version, status, errors, memory -------------------------------------
_declare("csm_version", ctypes.c_char_p, [])
_declare("csm_version_number", ctypes.c_uint, [])
_declare("csm_status_str", ctypes.c_char_p, [c_status])
_declare("csm_last_error", ctypes.c_char_p, [])
_declare("csm_free", None, [ctypes.c_void_p])

# --- calendar (section) ----------------------------------------------------
class CalendarHandle(ctypes.Structure):
    """Opaque ``csm_calendar``; only ever used through a pointer."""


calendar_p = ctypes.POINTER(CalendarHandle)
int64_p = ctypes.POINTER(ctypes.c_int64)

_declare("csm_calendar_create", c_status, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(calendar_p)])
_declare("csm_calendar_free", None, [calendar_p])
_declare("csm_calendar_elapsed", c_status, [calendar_p, ctypes.c_int64, ctypes.c_int64, int64_p])
_declare("csm_calendar_add", c_status, [calendar_p, ctypes.c_int64, ctypes.c_int64, int64_p])
_declare("csm_calendar_is_open", c_status, [calendar_p, ctypes.c_int64, ctypes.POINTER(ctypes.c_int)])
_declare("csm_calendar_next_open", c_status, [calendar_p, ctypes.c_int64, int64_p])
_declare("csm_calendar_next_close", c_status, [calendar_p, ctypes.c_int64, int64_p])
_declare("csm_calendar_elapsed_many", c_status, [calendar_p, int64_p, int64_p, ctypes.c_size_t, int64_p])
_declare("csm_calendar_add_many", c_status, [calendar_p, int64_p, int64_p, ctypes.c_size_t, int64_p])

# --- engine (section) ------------------------------------------------------
class EngineHandle(ctypes.Structure):
    """Opaque ``csm_engine``; only ever used through a pointer."""


engine_p = ctypes.POINTER(EngineHandle)


class Event(ctypes.Structure):
    """``csm_event``: one event with interned ids (csmetrics.h)."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("time_ms", ctypes.c_int64),
        ("ticket", ctypes.c_uint64),
        ("type", ctypes.c_int32),
        ("status", ctypes.c_int32),
        ("agent", ctypes.c_uint32),
        ("customer", ctypes.c_uint32),
        ("group", ctypes.c_uint32),
        ("channel", ctypes.c_uint32),
        ("category", ctypes.c_uint32),
        ("priority", ctypes.c_uint32),
        ("segment", ctypes.c_uint32),
        ("step", ctypes.c_uint32),
        ("workflow", ctypes.c_uint32),
        ("has_value", ctypes.c_int32),
        ("value", ctypes.c_double),
    ]


INGEST_MAX_REJECTIONS = 16


class IngestResult(ctypes.Structure):
    """``csm_ingest_result``: what one ingest call did."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("accepted", ctypes.c_uint64),
        ("rejected", ctypes.c_uint64),
        ("rejection_count", ctypes.c_size_t),
        ("rejection_index", ctypes.c_uint64 * INGEST_MAX_REJECTIONS),
        ("rejection_reason", ctypes.c_int32 * INGEST_MAX_REJECTIONS),
    ]


event_p = ctypes.POINTER(Event)
ingest_result_p = ctypes.POINTER(IngestResult)
bytes_out_p = ctypes.POINTER(ctypes.c_void_p)  # uint8_t** / char**: freed with csm_free
size_p = ctypes.POINTER(ctypes.c_size_t)

_declare("csm_reject_reason_str", ctypes.c_char_p, [ctypes.c_int])
_declare("csm_event_init", c_status, [event_p, ctypes.c_size_t])
_declare("csm_ingest_result_init", c_status, [ingest_result_p, ctypes.c_size_t])
_declare("csm_engine_create", c_status, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(engine_p)])
_declare("csm_engine_create_sharded", c_status,
         [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.POINTER(engine_p)])
_declare("csm_engine_finish", c_status, [engine_p, ingest_result_p])
_declare("csm_engine_create_from_state", c_status, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(engine_p)])
_declare("csm_engine_free", None, [engine_p])
_declare("csm_engine_intern", c_status, [engine_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint32)])
# events as void*: the Python side passes numpy buffers laid out as csm_event.
_declare("csm_engine_ingest", c_status, [engine_p, ctypes.c_void_p, ctypes.c_size_t, ingest_result_p])
_declare("csm_engine_ingest_jsonl", c_status, [engine_p, ctypes.c_char_p, ctypes.c_size_t, ingest_result_p])
_declare("csm_engine_report_json", c_status, [engine_p, ctypes.c_char_p, ctypes.c_size_t, bytes_out_p, size_p])
_declare("csm_engine_advance", c_status, [engine_p, ctypes.c_int64])
_declare("csm_engine_live_json", c_status,
         [engine_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64, bytes_out_p, size_p])
_declare("csm_engine_serialize", c_status, [engine_p, bytes_out_p, size_p])
_declare("csm_engine_merge_serialized", c_status, [engine_p, ctypes.c_char_p, ctypes.c_size_t])


# --- sketch (section) --------------------------------------------------------
class SketchHandle(ctypes.Structure):
    """Opaque ``csm_sketch``; only ever used through a pointer."""


sketch_p = ctypes.POINTER(SketchHandle)
double_p = ctypes.POINTER(ctypes.c_double)

_declare("csm_sketch_create", c_status, [ctypes.c_double, ctypes.c_size_t, ctypes.POINTER(sketch_p)])
_declare("csm_sketch_free", None, [sketch_p])
_declare("csm_sketch_add", c_status, [sketch_p, ctypes.c_double])
_declare("csm_sketch_add_many", c_status, [sketch_p, double_p, ctypes.c_size_t])
_declare("csm_sketch_merge", c_status, [sketch_p, sketch_p])
_declare("csm_sketch_merge_serialized", c_status, [sketch_p, ctypes.c_char_p, ctypes.c_size_t])
_declare("csm_sketch_serialize", c_status, [sketch_p, bytes_out_p, size_p])
_declare("csm_sketch_deserialize", c_status, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(sketch_p)])
_declare("csm_sketch_quantile", c_status, [sketch_p, ctypes.c_double, double_p])
_declare("csm_sketch_count", c_status, [sketch_p, ctypes.POINTER(ctypes.c_uint64)])

# --- staffing (section) ----------------------------------------------------
MODEL_ERLANG_C = 0
MODEL_ERLANG_A = 1


class QueueInput(ctypes.Structure):
    """``csm_queue_input``: one interval staffed with a given team."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("arrivals", ctypes.c_double),
        ("interval_s", ctypes.c_double),
        ("aht_s", ctypes.c_double),
        ("agents", ctypes.c_int64),
        ("threshold_s", ctypes.c_double),
        ("patience_s", ctypes.c_double),
    ]


class QueueResult(ctypes.Structure):
    """``csm_queue_result``: what a queueing model predicts."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("stable", ctypes.c_int32),
        ("wait_probability", ctypes.c_double),
        ("service_level", ctypes.c_double),
        ("asa_s", ctypes.c_double),
        ("occupancy", ctypes.c_double),
        ("abandon_probability", ctypes.c_double),
    ]


class StaffingInput(ctypes.Structure):
    """``csm_staffing_input``: a service target for one interval."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("arrivals", ctypes.c_double),
        ("interval_s", ctypes.c_double),
        ("aht_s", ctypes.c_double),
        ("service_level", ctypes.c_double),
        ("threshold_s", ctypes.c_double),
        ("max_asa_s", ctypes.c_double),
        ("max_occupancy", ctypes.c_double),
        ("shrinkage", ctypes.c_double),
        ("model", ctypes.c_int32),
        ("patience_s", ctypes.c_double),
    ]


class StaffingResult(ctypes.Structure):
    """``csm_staffing_result``: agents required and the model's prediction."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("agents", ctypes.c_int64),
        ("scheduled", ctypes.c_int64),
        ("wait_probability", ctypes.c_double),
        ("service_level", ctypes.c_double),
        ("asa_s", ctypes.c_double),
        ("occupancy", ctypes.c_double),
        ("abandon_probability", ctypes.c_double),
    ]


_declare("csm_queue_input_init", c_status, [ctypes.POINTER(QueueInput), ctypes.c_size_t])
_declare("csm_queue_result_init", c_status, [ctypes.POINTER(QueueResult), ctypes.c_size_t])
_declare("csm_staffing_input_init", c_status, [ctypes.POINTER(StaffingInput), ctypes.c_size_t])
_declare("csm_staffing_result_init", c_status, [ctypes.POINTER(StaffingResult), ctypes.c_size_t])
_declare("csm_erlang_c", c_status, [ctypes.POINTER(QueueInput), ctypes.POINTER(QueueResult)])
_declare("csm_erlang_a", c_status, [ctypes.POINTER(QueueInput), ctypes.POINTER(QueueResult)])
_declare("csm_agents_required", c_status, [ctypes.POINTER(StaffingInput), ctypes.POINTER(StaffingResult)])


def take_bytes(pointer: ctypes.c_void_p, length: int) -> bytes:
    """Copies library-allocated memory out and releases it with csm_free."""
    try:
        return ctypes.string_at(pointer.value, length) if length else b""
    finally:
        lib.csm_free(pointer)



def last_error() -> str:
    return lib.csm_last_error().decode("utf-8", "replace")


def check(status: int) -> None:
    """Raises the matching CsmError if ``status`` is not CSM_OK."""
    if status != 0:
        raise_for_status(status, last_error())
