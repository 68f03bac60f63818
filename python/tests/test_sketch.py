"""csmetrics.Sketch over the C ABI's csm_sketch_*: quantiles within the
relative accuracy, exact merges (by object and by bytes), errors."""

import pickle
import random

import pytest

import csmetrics
from csmetrics import DataLoss, FailedPrecondition, InvalidArgument, Sketch


def exact_quantile(values, q):
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def test_quantiles_within_the_relative_accuracy():
    rng = random.Random(7)
    values = [rng.lognormvariate(5, 2) for _ in range(20000)]
    s = Sketch()
    s.add_many(values)
    assert len(s) == 20000
    for q in (0, 0.1, 0.5, 0.9, 0.99, 1):
        want = exact_quantile(values, q)
        assert abs(s.quantile(q) - want) <= 0.01 * want


def test_merge_equals_one_sketch_of_all_values():
    values = [i * 0.25 for i in range(1, 3001)]
    whole, a, b = Sketch(), Sketch(), Sketch()
    whole.add_many(values)
    a.add_many(values[::2])
    b.add_many(values[1::2])
    by_bytes = Sketch.from_bytes(a.to_bytes())
    by_bytes.merge(b.to_bytes())
    a.merge(b)
    assert a.to_bytes() == whole.to_bytes() == by_bytes.to_bytes()
    assert pickle.loads(pickle.dumps(whole)).to_bytes() == whole.to_bytes()
    a.merge(a)
    assert len(a) == 6000


def test_bad_input_raises_and_changes_nothing():
    s = Sketch()
    with pytest.raises(FailedPrecondition, match="empty"):
        s.quantile(0.5)
    s.add(1.0)
    with pytest.raises(InvalidArgument, match="value -2"):
        s.add(-2)
    with pytest.raises(InvalidArgument, match=r"values\[1\]"):
        s.add_many([3, float("nan"), 4])
    with pytest.raises(InvalidArgument, match="outside"):
        s.quantile(1.5)
    assert len(s) == 1
    with pytest.raises(InvalidArgument, match="relative accuracy"):
        Sketch(relative_accuracy=0.9)
    with pytest.raises(DataLoss):
        Sketch.from_bytes(s.to_bytes()[:-1])
    with pytest.raises(DataLoss):
        s.merge(b"not a sketch")
    assert len(s) == 1
    s.close()
    s.close()
    with pytest.raises(ValueError, match="closed"):
        s.add(1)


def test_exported_from_the_package():
    assert csmetrics.Sketch is Sketch
