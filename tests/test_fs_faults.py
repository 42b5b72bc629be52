"""All or nothing: a writer killed (SIGKILL) at each of its file-system steps leaves the
output folder holding exactly the old set or exactly the new set; concurrent writers take
turns; the next run cleans up after a killed one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bibtools.fs.tree import MANIFEST, write_tree

OLD = {"a.md": b"A", "keep.md": b"K", "sub/b.md": b"B", "gone.md": b"G"}
NEW = {"a.md": b"A2", "keep.md": b"K", "sub/b.md": b"B2", "sub/c.md": b"C"}

WRITER = textwrap.dedent(
    """
    import os, signal, sys, json
    from pathlib import Path
    from bibtools.fs import tree
    root, kill_at, files = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    steps = []
    def hook(what):
        steps.append(what)
        if len(steps) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    tree.write_tree(root, {k: v.encode() for k, v in files.items()}, hook=hook)
    print(len(steps))
    """
)


def run_writer(
    root: Path, kill_at: int, files: dict[str, bytes]
) -> subprocess.CompletedProcess[str]:
    import json

    payload = json.dumps({k: v.decode() for k, v in files.items()})
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(root), str(kill_at), payload],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def contents(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def test_a_writer_killed_at_any_step_leaves_the_old_or_the_new_set(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    write_tree(probe, OLD)
    total = int(run_writer(probe, 0, NEW).stdout)
    assert total >= len(NEW) + 3
    outcomes = []
    for step in range(1, total + 1):
        root = tmp_path / f"run{step}" / "out"
        write_tree(root, OLD)
        result = run_writer(root, step, NEW)
        assert result.returncode == -9, result.stderr  # killed
        seen = contents(root)
        assert seen in (OLD, NEW), (step, seen)
        outcomes.append("old" if seen == OLD else "new")
        # The next run finishes the job and removes what the killed one left behind.
        write_tree(root, NEW)
        assert contents(root) == NEW
        assert [p.name for p in root.parent.iterdir() if ".bibtools-" in p.name] == []
    assert "old" in outcomes and outcomes[-1] == "new"  # killed before and after the switch


def test_unchanged_files_keep_their_mtime_across_the_switch(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write_tree(root, OLD)
    os.utime(root / "keep.md", ns=(1, 1))
    changed = write_tree(root, NEW)
    assert sorted(changed) == ["a.md", "gone.md", "sub/b.md", "sub/c.md"]
    assert (root / "keep.md").stat().st_mtime_ns == 1


def test_concurrent_writers_take_turns(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write_tree(root, OLD)
    big_a = {f"f{i}.md": b"a" * 100 for i in range(200)}
    big_b = {f"g{i}.md": b"b" * 100 for i in range(150)}
    import json

    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(root),
                "0",
                json.dumps({k: v.decode() for k, v in files.items()}),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for files in (big_a, big_b, big_a, big_b)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert contents(root) in (big_a, big_b)
    assert [p.name for p in tmp_path.iterdir() if ".bibtools-" in p.name] == []


def test_a_full_disk_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from bibtools.errors import SetupError
    from bibtools.fs import tree

    root = tmp_path / "out"
    write_tree(root, OLD)

    def full(path: Path, data: bytes) -> None:
        path.write_bytes(data[:1])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(tree, "_write_new", full)
    with pytest.raises(SetupError, match="the disk is full"):
        write_tree(root, NEW)
    assert contents(root) == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.bibtools.lock", "out"]
