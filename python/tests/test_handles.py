"""Handles that are not live, through the raw C ABI: a freed engine or
calendar, a double free, and a handle of the other type are
InvalidArgument (the library checks a registry of live handles), never a
crash. The package itself never passes such handles (closed objects raise
ValueError first); this is what a caller of the bare library gets."""
import ctypes

import pytest

import csmetrics
from csmetrics import _lib

SPEC = '{"timezone": "UTC", "weekly": {"mon": [["09:00", "17:00"]]}}'
QUERY = b'{"grain": "all"}'
MON_0900 = 1793610000000


def report_status(handle) -> int:
    out = ctypes.c_void_p()
    return _lib.lib.csm_engine_report_json(handle, QUERY, len(QUERY), ctypes.byref(out), None)


def elapsed_status(handle) -> int:
    out = ctypes.c_int64(77)
    status = _lib.lib.csm_calendar_elapsed(handle, MON_0900, MON_0900 + 3600000, ctypes.byref(out))
    assert out.value == 77 or status == 0
    return status


def test_a_freed_engine_is_invalid_argument():
    engine = csmetrics.Engine()
    handle = engine._handle
    engine.close()
    with pytest.raises(csmetrics.InvalidArgument, match="not a live csm_engine"):
        _lib.check(report_status(handle))
    _lib.lib.csm_engine_free(handle)  # a second free does nothing
    assert "not a live csm_engine" in _lib.last_error()
    with pytest.raises(csmetrics.InvalidArgument):
        _lib.check(report_status(handle))


def test_a_freed_calendar_is_invalid_argument():
    calendar = csmetrics.Calendar(SPEC)
    handle = calendar._handle
    calendar.close()
    with pytest.raises(csmetrics.InvalidArgument, match="not a live csm_calendar"):
        _lib.check(elapsed_status(handle))
    _lib.lib.csm_calendar_free(handle)
    assert "not a live csm_calendar" in _lib.last_error()


def test_a_handle_of_the_other_type_is_invalid_argument():
    with csmetrics.Engine() as engine, csmetrics.Calendar(SPEC) as calendar:
        as_engine = ctypes.cast(calendar._handle, _lib.engine_p)
        as_calendar = ctypes.cast(engine._handle, _lib.calendar_p)
        with pytest.raises(csmetrics.InvalidArgument, match="is a csm_calendar, not a csm_engine"):
            _lib.check(report_status(as_engine))
        with pytest.raises(csmetrics.InvalidArgument, match="is a csm_engine, not a csm_calendar"):
            _lib.check(elapsed_status(as_calendar))
        # Freeing through the wrong function frees nothing: both still work.
        _lib.lib.csm_engine_free(as_engine)
        _lib.lib.csm_calendar_free(as_calendar)
        assert calendar.elapsed(MON_0900, MON_0900 + 3600000) == 3600000
        assert engine.report()["rows"] is not None


def test_a_pointer_that_never_was_a_handle_is_invalid_argument():
    buffer = ctypes.create_string_buffer(256)
    fake = ctypes.cast(buffer, _lib.engine_p)
    with pytest.raises(csmetrics.InvalidArgument, match="not a live csm_engine"):
        _lib.check(report_status(fake))
    _lib.lib.csm_engine_free(fake)
    assert buffer.raw == b"\0" * 256
