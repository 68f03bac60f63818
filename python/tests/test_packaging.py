"""`pip install ./python` must work offline and give a working package."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]
VERSION_H = PYTHON_DIR.parent / "include" / "csm" / "version.h"


def test_pip_install_offline(tmp_path):
    """setuptools (Debian's) builds the wheel; --no-build-isolation keeps pip
    from fetching a build environment. Built from a copy of python/ (beside
    include/csm/version.h, as in the tree) so that setuptools' build/ and
    egg-info directories stay out of the source tree."""
    source = tmp_path / "src"
    shutil.copytree(PYTHON_DIR, source / "python",
                    ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"))
    (source / "include" / "csm").mkdir(parents=True)
    shutil.copy(VERSION_H, source / "include" / "csm" / "version.h")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--no-build-isolation",
         "--quiet", "--target", str(target), str(source / "python")],
        check=True, cwd=tmp_path, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert (target / "csmetrics" / "_lib.py").exists()
    assert not (target / "tests").exists()
    # The distribution's version is the header's.
    header = VERSION_H.read_text()
    version = ".".join(re.search(rf"#define CSM_VERSION_{p} (\d+)", header).group(1)
                       for p in ("MAJOR", "MINOR", "PATCH"))
    assert (target / f"csmetrics-{version}.dist-info").is_dir()
    out = subprocess.run(
        [sys.executable, "-c", "import csmetrics; print(csmetrics.version(), csmetrics.__file__)"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    ).stdout.split()
    assert out[0] == version
    assert out[1].startswith(str(target))  # the installed copy, not the source tree


def test_works_without_numpy_and_pandas():
    """numpy and pandas are optional: dict ingest, reports and calendars'
    scalar methods need only the standard library."""
    code = """
import sys
sys.modules['numpy'] = None  # any import of numpy now fails
sys.modules['pandas'] = None
import csmetrics
cal = csmetrics.Calendar({'timezone': 'UTC', 'weekly': {'mon': [['09:00', '17:00']]}})
assert cal.elapsed(1793610000000, 1793613600000) == 3600000
with csmetrics.Engine() as e:
    r = e.ingest([{'time': 1793610000000, 'ticket': 'T', 'type': 'created'}])
    assert (r.accepted, r.rejected) == (1, 0)
    assert e.report()['rows'][0]['tickets_created'] == 1
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(PYTHON_DIR)}).stdout
    assert out.strip() == "ok"
