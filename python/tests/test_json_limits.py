"""Deeply nested JSON through the package (issue 18): a config, a calendar
spec or a query nested 100,000 deep is InvalidArgument naming the limit, on
a thread with a 256 KiB stack; a JSONL line nested that deep is one
malformed line. Messages quote at most ~200 bytes of the input."""
import threading

import pytest

import csmetrics

DEEP = "[" * 100_000 + "]" * 100_000
SMALL_STACK = 256 * 1024


def on_small_stack(body):
    """Runs body() on a thread with a 256 KiB stack; re-raises its error."""
    errors = []

    def run():
        try:
            body()
        except BaseException as e:  # noqa: BLE001 -- handed back to the test
            errors.append(e)

    old = threading.stack_size(SMALL_STACK)
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old)
    if errors:
        raise errors[0]


@pytest.mark.parametrize("config", ['{"calendars": %s}' % DEEP, '{"views": %s}' % DEEP, DEEP])
def test_a_deep_config_is_invalid_argument(config):
    def body():
        with pytest.raises(csmetrics.InvalidArgument, match="nest deeper than 64"):
            csmetrics.Engine(config)

    on_small_stack(body)


def test_a_deep_calendar_spec_is_invalid_argument():
    def body():
        with pytest.raises(csmetrics.InvalidArgument, match="nest deeper than 64"):
            csmetrics.Calendar('{"timezone": "UTC", "holidays": %s}' % DEEP)

    on_small_stack(body)


def test_a_deep_query_is_invalid_argument_and_a_deep_line_malformed():
    engine = csmetrics.Engine()

    def body():
        with pytest.raises(csmetrics.InvalidArgument, match="nest deeper than 64"):
            engine.report('{"metrics": %s}' % DEEP)
        lines = (
            '{"time": 1793610000000, "ticket": "T1", "type": "created", "agent": %s}\n' % DEEP
            + '{"time": 1793610000000, "ticket": "T2", "type": "created"}\n'
        )
        result = engine.ingest_jsonl(lines)
        assert (result.accepted, result.rejected) == (1, 1)
        assert result.rejections == ((0, "malformed"),)

    on_small_stack(body)
    engine.close()


def test_messages_quote_a_bounded_part_of_the_input():
    with pytest.raises(csmetrics.InvalidArgument) as raised:
        csmetrics.Engine('{"%s": 1}' % ("k" * 1_000_000))
    assert len(str(raised.value)) < 1000
    with pytest.raises(csmetrics.InvalidArgument) as raised:
        csmetrics.Engine('{"options": {"max_open_tickets": 1%s}}' % ("0" * 1_000_000))
    assert len(str(raised.value)) < 1000
