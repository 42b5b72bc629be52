"""The writer: only changed files are touched, nothing half-written, stale files pruned."""

from __future__ import annotations

import os
from pathlib import Path

from bibtools.writer import write_if_changed


def test_writes_only_what_changed(tmp_path: Path) -> None:
    assert write_if_changed(tmp_path, {"a.md": b"A", "sub/b.md": b"B"}) == ["a.md", "sub/b.md"]
    os.utime(tmp_path / "a.md", ns=(1, 1))
    assert write_if_changed(tmp_path, {"a.md": b"A", "sub/b.md": b"B2"}) == ["sub/b.md"]
    assert (tmp_path / "a.md").stat().st_mtime_ns == 1  # untouched: Sphinx will not re-read it
    assert (tmp_path / "sub" / "b.md").read_bytes() == b"B2"


def test_prune_removes_files_no_longer_generated(tmp_path: Path) -> None:
    write_if_changed(tmp_path, {"a.md": b"A", "old.md": b"O"})
    assert write_if_changed(tmp_path, {"a.md": b"A"}, prune=True) == ["old.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    write_if_changed(tmp_path, {f"f{i}.md": bytes([i]) for i in range(5)})
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bibtools-")]
