"""The package's version, for setuptools (the rest is in pyproject.toml).

The version is defined once, in include/csm/version.h; an sdist, built away
from that tree, carries it in its PKG-INFO.
"""

import re
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def version() -> str:
    header = HERE.parent / "include" / "csm" / "version.h"
    if header.exists():
        text = header.read_text()
        return ".".join(re.search(rf"#define CSM_VERSION_{part} (\d+)", text).group(1)
                        for part in ("MAJOR", "MINOR", "PATCH"))
    return re.search(r"^Version: (\S+)$", (HERE / "PKG-INFO").read_text(), re.M).group(1)


setup(version=version())
