"""Exceptions for the C ABI's status codes (values pinned in csmetrics.h)."""

from __future__ import annotations


class CsmError(Exception):
    """A csmetrics call failed. ``status`` is the C status code."""

    status = 2

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class InvalidArgument(CsmError, ValueError):
    status = 3


class NotFound(CsmError, LookupError):
    status = 5


class AlreadyExists(CsmError):
    status = 6


class ResourceExhausted(CsmError):
    """A limit was reached (max_rows, max_open_tickets, ...) or the library
    ran out of memory. Not a MemoryError: the interpreter itself is fine, and
    code that treats MemoryError as fatal must not stop on a report that is
    too large."""

    status = 8


class FailedPrecondition(CsmError):
    status = 9


class OutOfRange(CsmError, ValueError):
    status = 11


class Unimplemented(CsmError, NotImplementedError):
    status = 12


class InternalError(CsmError):
    status = 13


class DataLoss(CsmError, ValueError):
    status = 15


_BY_STATUS = {
    cls.status: cls
    for cls in (
        InvalidArgument,
        NotFound,
        AlreadyExists,
        ResourceExhausted,
        FailedPrecondition,
        OutOfRange,
        Unimplemented,
        InternalError,
        DataLoss,
    )
}


def raise_for_status(status: int, message: str) -> None:
    cls = _BY_STATUS.get(status, CsmError)
    raise cls(message or f"csmetrics status {status}", status)
