"""A minimal PEP 517 build backend for the pure-Python csmetrics package.

It needs only the standard library, so pip can build the wheel offline. The
version is read from ../include/csm/version.h when building from the source
tree (the single source of the version), else from the bundled VERSION file.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent  # python/
_NAME = "csmetrics"
_TAG = "py3-none-any"


def _version() -> str:
    header = _ROOT.parent / "include" / "csm" / "version.h"
    if header.exists():
        text = header.read_text()
        parts = [re.search(rf"#define CSM_VERSION_{p} (\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
        return ".".join(parts)
    return (_ROOT / "VERSION").read_text().strip()


def _metadata(version: str) -> str:
    readme = _ROOT / "README.md"
    body = readme.read_text() if readme.exists() else ""
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {_NAME}\nVersion: {version}\n"
        "Summary: Customer-service and contact-center metrics (ctypes over libcsmetrics)\n"
        "Requires-Python: >=3.9\n"
        "Provides-Extra: frames\n"
        'Requires-Dist: numpy ; extra == "frames"\n'
        'Requires-Dist: pandas ; extra == "frames"\n'
        "Description-Content-Type: text/markdown\n\n" + body
    )


def _package_files():
    for path in sorted((_ROOT / _NAME).rglob("*.py")):
        yield path, path.relative_to(_ROOT).as_posix()


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def _write_wheel(wheel_directory, files) -> str:
    version = _version()
    dist_info = f"{_NAME}-{version}.dist-info"
    wheel_name = f"{_NAME}-{version}-{_TAG}.whl"
    entries = list(files)
    entries.append((f"{dist_info}/METADATA", _metadata(version).encode()))
    entries.append((f"{dist_info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: csmetrics-backend\nRoot-Is-Purelib: true\nTag: {_TAG}\n".encode()))
    record = [_record_line(name, data) for name, data in entries]
    record.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in entries:
            wheel.writestr(name, data)
    return wheel_name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, ((name, path.read_bytes()) for path, name in _package_files()))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file pointing at the source tree: edits take effect at once.
    return _write_wheel(wheel_directory, [(f"_{_NAME}_editable.pth", (str(_ROOT) + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = f"{_NAME}-{version}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for rel in ["pyproject.toml", "README.md"]:
            if (_ROOT / rel).exists():
                sdist.add(_ROOT / rel, f"{base}/{rel}")
        for path in sorted((_ROOT / "_build_backend").glob("*.py")):
            sdist.add(path, f"{base}/_build_backend/{path.name}")
        for path, rel in _package_files():
            sdist.add(path, f"{base}/{rel}")
        data = version.encode()
        info = tarfile.TarInfo(f"{base}/VERSION")
        info.size = len(data)
        sdist.addfile(info, io.BytesIO(data))
        meta = _metadata(version).encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(meta)
        sdist.addfile(info, io.BytesIO(meta))
    return name
