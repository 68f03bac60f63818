"""`pip install ./python` must work offline and give a working package."""

import os
import subprocess
import sys
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]


def test_pip_install_offline(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--quiet",
         "--target", str(target), str(PYTHON_DIR)],
        check=True, cwd=tmp_path, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert (target / "csmetrics" / "_lib.py").exists()
    out = subprocess.run(
        [sys.executable, "-c", "import csmetrics; print(csmetrics.version(), csmetrics.__file__)"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    ).stdout.split()
    assert out[0].count(".") == 2
    assert out[1].startswith(str(target))  # the installed copy, not the source tree
