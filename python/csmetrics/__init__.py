"""csmetrics: customer-service and contact-center metrics (ctypes over the C ABI)."""

from __future__ import annotations

from . import _lib, staffing
from .calendar import Calendar
from .engine import Engine, IngestResult
from .live import LiveAnswer
from .report import Report
from .sketch import Sketch
from .errors import (
    AlreadyExists,
    CsmError,
    DataLoss,
    FailedPrecondition,
    InternalError,
    InvalidArgument,
    NotFound,
    OutOfRange,
    ResourceExhausted,
    Unimplemented,
)

__all__ = [
    "version",
    "version_number",
    "library_path",
    "Calendar",
    "Engine",
    "IngestResult",
    "LiveAnswer",
    "Report",
    "Sketch",
    "staffing",
    "CsmError",
    "InvalidArgument",
    "NotFound",
    "AlreadyExists",
    "ResourceExhausted",
    "FailedPrecondition",
    "OutOfRange",
    "Unimplemented",
    "InternalError",
    "DataLoss",
]


def version() -> str:
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.lib.csm_version().decode("ascii")


def version_number() -> int:
    """The loaded library's version as MAJOR*10000 + MINOR*100 + PATCH."""
    return int(_lib.lib.csm_version_number())


def library_path() -> str:
    """The path of the loaded libcsmetrics."""
    return _lib.lib._name
