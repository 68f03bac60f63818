"""Quantile sketches: mergeable percentiles of non-negative values.

A ``Sketch`` is the library's DDSketch (csm_sketch in the C ABI): it answers
any quantile within a relative accuracy (1 % by default) in bounded memory,
and sketches merge exactly, so per-day or per-shard sketches can be combined
later into the sketch of all their values.

>>> s = Sketch()
>>> s.add_many(range(1, 1001))
>>> abs(s.quantile(0.5) - 500) <= 5
True
"""

from __future__ import annotations

import ctypes
import threading
import weakref
from collections.abc import Iterable
from typing import Union

from . import _lib

__all__ = ["Sketch"]


class Sketch:
    """A quantile sketch; ``relative_accuracy`` and ``max_buckets`` of 0 take
    the library's defaults (0.01 and 2048). Release it with ``close()`` or a
    ``with`` block (a finalizer frees it otherwise)."""

    def __init__(self, relative_accuracy: float = 0.0, max_buckets: int = 0):
        handle = _lib.sketch_p()
        _lib.check(_lib.lib.csm_sketch_create(float(relative_accuracy), int(max_buckets), ctypes.byref(handle)))
        self._adopt(handle)

    def _adopt(self, handle) -> None:
        self._handle = handle
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _lib.lib.csm_sketch_free, handle)

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Sketch":
        """A sketch from ``to_bytes()``'s bytes; raises DataLoss for bytes
        that are not an intact sketch."""
        raw = bytes(data)
        handle = _lib.sketch_p()
        _lib.check(_lib.lib.csm_sketch_deserialize(raw, len(raw), ctypes.byref(handle)))
        sketch = cls.__new__(cls)
        sketch._adopt(handle)
        return sketch

    # -- lifetime ---------------------------------------------------------
    def close(self) -> None:
        """Frees the sketch now. Idempotent; later calls raise ValueError."""
        with self._lock:
            self._handle = None
            self._finalizer()

    def __enter__(self) -> "Sketch":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self):
        return (Sketch.from_bytes, (self.to_bytes(),))

    def _live(self):
        if self._handle is None:
            raise ValueError("sketch is closed")
        return self._handle

    # -- values -----------------------------------------------------------
    def add(self, value: float) -> None:
        """Adds one value (finite, >= 0; others raise InvalidArgument)."""
        with self._lock:
            _lib.check(_lib.lib.csm_sketch_add(self._live(), float(value)))

    def add_many(self, values: Iterable[float]) -> None:
        """Adds every value, or none when one of them is invalid."""
        items = [float(v) for v in values]
        array = (ctypes.c_double * len(items))(*items)
        with self._lock:
            _lib.check(_lib.lib.csm_sketch_add_many(self._live(), array, len(items)))

    def merge(self, other: Union["Sketch", bytes, bytearray, memoryview]) -> None:
        """Adds another sketch's values (a Sketch or its bytes)."""
        if isinstance(other, Sketch):
            if other is self:
                with self._lock:
                    _lib.check(_lib.lib.csm_sketch_merge(self._live(), self._live()))
                return
            with self._lock, other._lock:
                _lib.check(_lib.lib.csm_sketch_merge(self._live(), other._live()))
            return
        raw = bytes(other)
        with self._lock:
            _lib.check(_lib.lib.csm_sketch_merge_serialized(self._live(), raw, len(raw)))

    def to_bytes(self) -> bytes:
        """The sketch's portable bytes (csm_sketch_serialize)."""
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        with self._lock:
            _lib.check(_lib.lib.csm_sketch_serialize(self._live(), ctypes.byref(out), ctypes.byref(length)))
        return _lib.take_bytes(out, length.value)

    # -- answers ----------------------------------------------------------
    def quantile(self, q: float) -> float:
        """The value at quantile q in [0, 1], within the relative accuracy;
        raises FailedPrecondition when the sketch is empty."""
        out = ctypes.c_double()
        with self._lock:
            _lib.check(_lib.lib.csm_sketch_quantile(self._live(), float(q), ctypes.byref(out)))
        return out.value

    def __len__(self) -> int:
        out = ctypes.c_uint64()
        with self._lock:
            _lib.check(_lib.lib.csm_sketch_count(self._live(), ctypes.byref(out)))
        return int(out.value)

    def __repr__(self) -> str:
        return "<csmetrics.Sketch (closed)>" if self._handle is None else f"<csmetrics.Sketch of {len(self)} values>"
