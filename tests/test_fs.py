"""The file system module: only changed files are touched, nothing half-written, and only
files bibtools wrote are ever removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bibtools.errors import SetupError
from bibtools.fs import MANIFEST, write_files, write_tree


def test_writes_only_what_changed(tmp_path: Path) -> None:
    assert write_tree(tmp_path, {"a.md": b"A", "sub/b.md": b"B"}) == ["a.md", "sub/b.md"]
    os.utime(tmp_path / "a.md", ns=(1, 1))
    assert write_tree(tmp_path, {"a.md": b"A", "sub/b.md": b"B2"}) == ["sub/b.md"]
    assert (tmp_path / "a.md").stat().st_mtime_ns == 1  # untouched: Sphinx will not re-read it
    assert (tmp_path / "sub" / "b.md").read_bytes() == b"B2"


def test_files_no_longer_generated_are_removed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": b"A", "old.md": b"O"})
    assert write_tree(tmp_path, {"a.md": b"A"}) == ["old.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "a.md"]


def test_files_bibtools_did_not_write_are_never_removed(tmp_path: Path) -> None:
    """`bibtools generate --out docs` once deleted docs/conf.py: a foreign folder is refused."""
    (tmp_path / "conf.py").write_text("project = 'x'\n")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "custom.css").write_text("a {}\n")
    with pytest.raises(SetupError, match="holds files bibtools did not write"):
        write_tree(tmp_path, {"a.md": b"A"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_static", "conf.py"]
    # In a folder bibtools made, a file someone added beside its output stays.
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"A"})
    (out / "notes.txt").write_text("mine\n")
    write_tree(out, {"b.md": b"B"})
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "b.md", "notes.txt"]


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    write_files(tmp_path, {f"f{i}.md": bytes([i]) for i in range(5)})
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bibtools-")]
