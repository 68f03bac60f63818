import re
from pathlib import Path

import csmetrics
from csmetrics import _lib


def test_version_matches_header():
    header = (Path(__file__).resolve().parents[2] / "include/csm/version.h").read_text()
    parts = [re.search(rf"#define CSM_VERSION_{p} (\d+)", header).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    assert csmetrics.version() == ".".join(parts)
    major, minor, patch = map(int, parts)
    assert csmetrics.version_number() == major * 10000 + minor * 100 + patch


def test_library_is_found_and_named():
    assert "libcsmetrics.so" in csmetrics.library_path()


def test_status_names_and_errors():
    assert _lib.lib.csm_status_str(3) == b"CSM_INVALID_ARGUMENT"
    assert _lib.lib.csm_status_str(12345) == b"CSM_UNKNOWN_STATUS"
    _lib.check(0)  # CSM_OK raises nothing


def test_status_becomes_the_matching_exception():
    from csmetrics.errors import raise_for_status

    try:
        raise_for_status(3, "bad spec")
    except csmetrics.InvalidArgument as e:
        assert str(e) == "bad spec" and e.status == 3 and isinstance(e, ValueError)
    else:
        raise AssertionError("no exception")
    try:
        raise_for_status(77, "")
    except csmetrics.CsmError as e:
        assert e.status == 77 and "77" in str(e)
