"""The only place generated files are written: all-or-nothing, and only what changed.

Unchanged files keep their bytes and mtime, so Sphinx does not re-read them and
incremental builds stay fast.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_if_changed(root: Path, files: Mapping[str, bytes], prune: bool = False) -> list[str]:
    """Write ``files`` (relative path -> bytes) under ``root``; return the paths written.

    Every new content is first written to a temporary file beside its target, then all are
    renamed into place, so a failure leaves no half-written file. With ``prune``, files under
    ``root`` that are no longer generated are removed.
    """
    staged: list[tuple[Path, Path]] = []
    changed: list[str] = []
    try:
        for relative in sorted(files):
            target = root / relative
            data = files[relative]
            if target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".bibtools-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(tmp_name).chmod(0o644)  # mkstemp makes 0600; the site is served to readers
            staged.append((Path(tmp_name), target))
            changed.append(relative)
        for tmp, target in staged:
            tmp.replace(target)
        staged = []
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    if prune and root.is_dir():
        wanted = {str(Path(r)) for r in files}
        for path in sorted(root.rglob("*")):
            if path.is_file() and str(path.relative_to(root)) not in wanted:
                path.unlink()
                changed.append(str(path.relative_to(root)))
    return changed
