"""The file system module: only changed files are touched, nothing half-written, and only
files bibtools wrote are ever removed."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bibtools.errors import Problem, SetupError
from bibtools.fs import edit
from bibtools.fs.edit import rewrite_sources
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


def test_a_tree_given_one_file_at_a_time_is_written_as_it_comes(tmp_path: Path) -> None:
    """Each file is on disk (in the staging folder) before the next is asked for, so a
    generator's files are never all in memory; the tree appears whole at the end."""
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"A", "old.md": b"O"})
    staged: list[list[str]] = []

    def files() -> Iterator[tuple[str, bytes]]:
        for i in range(3):
            found = sorted(p.name for p in tmp_path.glob(".out.bibtools-*/*.md"))
            staged.append(found)
            yield f"f{i}.md", bytes([i])
        yield "a.md", b"A"

    assert write_tree(out, files()) == ["f0.md", "f1.md", "f2.md", "old.md"]
    assert staged == [[], ["f0.md"], ["f0.md", "f1.md"]]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.md", "f0.md", "f1.md", "f2.md"]
    assert [p.name for p in tmp_path.iterdir() if ".bibtools-" in p.name] == []


@pytest.mark.parametrize("fault", ["raises", "twice", "unsafe"])
def test_a_tree_whose_files_fail_half_way_leaves_the_old_tree(tmp_path: Path, fault: str) -> None:
    """A generator that fails after some files (a bug in a page, a name given twice, a path
    outside the folder) leaves the complete old tree and no staging folder."""
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"A"})
    before = (out / "a.md").stat().st_ino

    def files() -> Iterator[tuple[str, bytes]]:
        yield "a.md", b"A2"
        yield "b.md", b"B"
        if fault == "raises":
            raise RuntimeError("a page failed")
        yield ("b.md" if fault == "twice" else "../c.md"), b"C"

    expected = {"raises": RuntimeError, "twice": ValueError, "unsafe": ValueError}[fault]
    with pytest.raises(expected):
        write_tree(out, files())
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.md"]
    assert (out / "a.md").read_bytes() == b"A" and (out / "a.md").stat().st_ino == before
    assert [p.name for p in tmp_path.iterdir() if ".bibtools-" in p.name] == []


def test_a_tree_given_the_same_files_is_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"A", "sub/b.md": b"B"})
    inodes = {p: p.stat().st_ino for p in out.rglob("*")}
    assert write_tree(out, iter([("sub/b.md", b"B"), ("a.md", b"A")])) == []
    assert {p: p.stat().st_ino for p in out.rglob("*")} == inodes
    assert [p.name for p in tmp_path.iterdir() if ".bibtools-" in p.name] == []


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


# --- rewriting sources in place (fs.edit: fmt, add, verify --fix) ---------------------------


def _upper(shown: str, text: str) -> tuple[str, list[Problem]]:
    return text.upper(), []


def test_a_rewrite_keeps_a_symbolic_link_and_the_file_mode(tmp_path: Path) -> None:
    real = tmp_path / "store" / "real.bib"
    real.parent.mkdir()
    real.write_text("a\n", "utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    assert rewrite_sources([link], _upper).changed == [link]
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text("utf-8") == "A\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.bib"]  # no temporary file


def test_a_rewrite_redoes_its_edit_on_content_changed_meanwhile(tmp_path: Path) -> None:
    """`fmt` on a file that grows while it runs once dropped the appended entry."""
    bib = tmp_path / "x.bib"
    bib.write_text("a\n", "utf-8")
    seen: list[str] = []

    def upper_while_someone_appends(shown: str, text: str) -> tuple[str, list[Problem]]:
        seen.append(text)
        if len(seen) == 1:
            with bib.open("a", encoding="utf-8") as handle:  # another writer, mid-edit
                handle.write("appended\n")
        return text.upper(), []

    rewrite_sources([bib], upper_while_someone_appends)
    assert seen == ["a\n", "a\nappended\n"]
    assert bib.read_text("utf-8") == "A\nAPPENDED\n"


def test_a_file_that_keeps_changing_is_refused_and_left_as_its_writer_left_it(
    tmp_path: Path,
) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("a\n", "utf-8")

    def always_racing(shown: str, text: str) -> tuple[str, list[Problem]]:
        bib.write_text(text + "b\n", "utf-8")
        return text.upper(), []

    with pytest.raises(SetupError, match=r"kept changing while being rewritten \(3 tries\)"):
        rewrite_sources([bib], always_racing)
    assert bib.read_text("utf-8") == "a\nb\nb\nb\n"


def test_a_rewrite_of_several_files_is_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fmt a.bib b.bib` with b's folder unwritable once rewrote a.bib, and named a temp file."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "x.bib", tmp_path / "b" / "y.bib"
    first.write_text("a\n", "utf-8")
    second.write_text("b\n", "utf-8")
    real_mkstemp = tempfile.mkstemp

    def unwritable_b(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]).name == "b":  # as for a read-only folder (root ignores chmod)
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs["dir"]) + "/.t")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(edit.tempfile, "mkstemp", unwritable_b)
    with pytest.raises(SetupError) as raised:
        rewrite_sources([first, second], _upper)
    assert (
        str(raised.value) == f"{second}: cannot write: permission denied; make it writable "
        "(readable) or choose another path"
    )
    assert (first.read_text("utf-8"), second.read_text("utf-8")) == ("a\n", "b\n")
    assert sorted(p.name for p in first.parent.iterdir()) == ["x.bib"]


def test_problems_stop_a_rewrite_before_anything_is_written(tmp_path: Path) -> None:
    good, bad = tmp_path / "a.bib", tmp_path / "b.bib"
    good.write_text("a\n", "utf-8")
    bad.write_bytes(b"\xff\n")
    result = rewrite_sources([good, bad], _upper)
    assert [p.code for p in result.problems] == ["read"] and result.changed == []
    assert good.read_text("utf-8") == "a\n"


SLOW_APPEND = """
import sys, time
from pathlib import Path
from bibtools.fs.edit import rewrite_sources

def append(shown, text):
    time.sleep(0.4)  # both runs read before either writes, unless they take turns
    return text + sys.argv[2] + "\\n", []

rewrite_sources([Path(sys.argv[1])], append)
"""


def test_two_concurrent_rewrites_of_one_file_lose_nothing(tmp_path: Path) -> None:
    """Two `verify --fix` on one file once both said 'fixed' and one fix was lost."""
    bib = tmp_path / "x.bib"
    bib.write_text("start\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    runs = [
        subprocess.Popen([sys.executable, "-c", SLOW_APPEND, str(bib), word], env=env)
        for word in ("one", "two")
    ]
    assert [run.wait(30) for run in runs] == [0, 0]
    assert sorted(bib.read_text("utf-8").splitlines()) == ["one", "start", "two"]


def test_a_rewrite_keeps_the_owner_and_group(tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("a\n", "utf-8")
    if os.geteuid() == 0:
        os.chown(bib, 1234, 5678)  # as a user's file that root reformats
    before = bib.stat()
    rewrite_sources([bib], _upper)
    after = bib.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # a new file, renamed into place
