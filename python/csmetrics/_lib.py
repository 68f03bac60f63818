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
    for preset in ("dev", "release", "asan"):
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


def last_error() -> str:
    return lib.csm_last_error().decode("utf-8", "replace")


def check(status: int) -> None:
    """Raises the matching CsmError if ``status`` is not CSM_OK."""
    if status != 0:
        raise_for_status(status, last_error())
