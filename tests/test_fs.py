"""The file system module: only changed files are touched, nothing half-written, and only
files bibtools wrote are ever removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bibtools.errors import SetupError
from bibtools.fs.tree import MANIFEST, write_files, write_tree


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


def test_a_full_disk_half_way_writes_nothing_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_files' promise is its failure path: the disk fills up at the third of five
    files; no file changes (the first two were only staged) and nothing is left behind."""
    import errno
    import tempfile

    from bibtools.fs import tree

    old = {f"f{i}.md": b"old" for i in range(5)}
    write_files(tmp_path, old)
    staged = []
    real_mkstemp = tempfile.mkstemp

    def filling_up(*args: object, **kwargs: object) -> tuple[int, str]:
        if len(staged) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        fd, name = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        staged.append(name)
        return fd, name

    monkeypatch.setattr(tree.tempfile, "mkstemp", filling_up)
    with pytest.raises(SetupError, match="the disk is full"):
        write_files(tmp_path, dict.fromkeys(old, b"new"))
    assert len(staged) == 2 and not any(Path(name).exists() for name in staged)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old
