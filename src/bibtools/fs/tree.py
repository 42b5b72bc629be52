"""Writing generated output: a whole folder at once, or a few files, never half-written.

Generated folders are replaced all at once: the new tree is built in a staging folder beside
the output (unchanged files hard-linked from the current tree, so they keep their inode and
mtime), and the two folders are swapped with one ``renameat2(RENAME_EXCHANGE)``. A reader
sees the complete old set or the complete new set, whatever the moment of a crash. (The
output stays a real folder, not a symbolic link to a version: Sphinx resolves links inside
its source folder, which would give the generated documents the wrong names.) Runs on the
same output serialise on a lock file beside it.

Failures end as a :class:`~bibtools.errors.SetupError` naming the path and the fix.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from bibtools.errors import SetupError
from bibtools.fs import NOT_A_FILE, display, path_kind, setup_error

MANIFEST = ".bibtools-manifest"
# Beside an output folder ``out``: its versions (``.out.bibtools-*``) and its lock file.
VERSION_INFIX = ".bibtools-"
LOCK_SUFFIX = ".bibtools.lock"

#: Called with a short description before each file-system step of :func:`write_tree`
#: (the tests kill the writer at every step).
Step = Callable[[str], None]


def _step(hook: Step | None, what: str) -> None:
    if hook is not None:
        hook(what)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the lock file beside ``root``: concurrent runs on one output take turns."""
    lock = root.parent / f".{root.name}{LOCK_SUFFIX}"
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise setup_error(err, root, "create the output folder") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _files_under(folder: Path) -> dict[str, Path]:
    """Relative path -> path of every file (not folder) under ``folder``."""
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath, name)
            found[str(path.relative_to(folder))] = path
    return found


def _manifest(folder: Path) -> set[str] | None:
    """The files bibtools wrote under ``folder`` last time; None if it never wrote there."""
    try:
        return set((folder / MANIFEST).read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8"
        raise SetupError(display(folder / MANIFEST), f"cannot read: {reason}") from None


def _current(root: Path) -> Path | None:
    """The folder at ``root`` now, or None; anything else there is a SetupError."""
    kind = path_kind(root)
    if kind == "missing":
        return None
    if kind != "folder" or root.is_symlink():
        raise SetupError(display(root), "is not a folder; remove it or choose another folder")
    return root


def _remove_leftovers(root: Path) -> None:
    """Staging folders of runs that were killed (we hold the lock, so none is live)."""
    prefix = f".{root.name}{VERSION_INFIX}"
    for path in root.parent.iterdir():
        if path.name.startswith(prefix):
            if path.is_symlink() or not path.is_dir():
                path.unlink(missing_ok=True)
            else:
                shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result != 0:
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            return False
        raise OSError(code, os.strerror(code), str(b))
    return True


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    path.chmod(0o644)  # regardless of the umask: the site is served to readers


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links: a copy with the same mtime
        shutil.copy2(source, target)


class _Plan(NamedTuple):
    """What :func:`write_tree` found at the output, and what it will change."""

    current: Path | None  #: the folder there now, if any
    existing: dict[str, Path]  #: its files
    foreign: dict[str, Path]  #: its files bibtools did not write (kept)
    changed: list[str]  #: the files whose bytes change, or that go


def _plan(root: Path, wanted: Mapping[str, bytes]) -> _Plan:
    current = _current(root)
    _remove_leftovers(root)
    previous = _manifest(root) if current is not None else None
    existing = _files_under(root) if current is not None else {}
    if previous is None and existing:
        raise SetupError(
            display(root),
            "holds files bibtools did not write; give an empty or new folder "
            f"(bibtools keeps a {MANIFEST} in the folders it writes)",
        )
    previous = previous or set()
    foreign = {n: p for n, p in existing.items() if n not in previous and n != MANIFEST}
    changed = [n for n, data in sorted(wanted.items()) if not _same(existing.get(n), data)]
    changed += sorted((previous & set(existing)) - set(wanted) - {MANIFEST})
    return _Plan(current, existing, foreign, changed)


def _stage(staging: Path, wanted: Mapping[str, bytes], plan: _Plan, hook: Step | None) -> None:
    """The new tree in the staging folder: unchanged files linked (same inode, bytes and
    mtime), the others written, the foreign files kept, and the manifest."""
    manifest = ("\n".join(sorted(wanted)) + "\n").encode()
    for name, data in sorted({**wanted, MANIFEST: manifest}.items()):
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _step(hook, f"write {name}")
        old = plan.existing.get(name)
        if name not in plan.changed and name != MANIFEST and old is not None:
            _link_or_copy(old, target)
        else:
            _write_new(target, data)
    for name, path in sorted(plan.foreign.items()):
        if name not in wanted:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            _step(hook, f"keep {name}")
            _link_or_copy(path, staging / name)


def _switch(staging: Path, root: Path, current: Path | None) -> Path:
    """Put the staged tree at ``root``; return the folder left to remove."""
    if current is None:
        staging.rename(root)
    elif not _exchange(staging, root):
        # No atomic exchange on this system: two renames, with a moment between them in
        # which the folder is missing (never half-written).
        old = staging.with_name(staging.name + ".old")
        root.rename(old)
        staging.rename(root)
        return old
    return staging


def write_tree(root: Path, files: Mapping[str, bytes], *, hook: Step | None = None) -> list[str]:
    """Make ``root`` hold exactly ``files`` (relative path -> bytes); return what changed.

    All or nothing: the new tree is staged beside ``root`` and swapped in atomically; a crash
    at any moment leaves the complete old or the complete new set (and a staging folder
    that the next run removes).
    Only files bibtools wrote (listed in the manifest) are ever removed: a folder that holds
    files of anything else is refused, and files added beside bibtools' output are kept.
    Unchanged files keep their bytes and mtime, so Sphinx does not re-read them.
    """
    root = root.absolute()
    wanted = {str(Path(name)): data for name, data in files.items()}
    for name in wanted:
        if Path(name).is_absolute() or ".." in Path(name).parts or name == MANIFEST:
            raise ValueError(f"unsafe generated path: {name!r}")  # a bug, never user input
    with _locked(root):
        leftover: Path | None = None
        try:
            plan = _plan(root, wanted)
            if plan.current is not None and not plan.changed and MANIFEST in plan.existing:
                return []  # nothing to do: every file keeps its inode and mtime
            _step(hook, "stage")
            prefix = f".{root.name}{VERSION_INFIX}"
            leftover = Path(tempfile.mkdtemp(dir=root.parent, prefix=prefix))
            leftover.chmod(0o755)
            _stage(leftover, wanted, plan, hook)
            _step(hook, "switch")
            leftover = _switch(leftover, root, plan.current)
            _step(hook, "clean")
            return plan.changed
        except OSError as err:
            raise setup_error(err, root, "write the output") from None
        finally:
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)


def _same(path: Path | None, data: bytes) -> bool:
    try:
        return path is not None and path.read_bytes() == data
    except OSError:
        return False


def write_files(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write ``files`` (relative path -> bytes) under ``root``; return the paths written.

    Every new content is first written to a temporary file beside its target, then all are
    renamed into place, so no file is ever seen half-written; on failure (a full disk) no
    temporary file is left.
    """
    staged: list[tuple[Path, Path]] = []
    changed: list[str] = []
    try:
        for relative in sorted(files):
            target = root / relative
            data = files[relative]
            kind = path_kind(target)
            if kind == "file" and target.read_bytes() == data:
                continue
            if kind not in ("file", "missing"):
                raise SetupError(display(target), NOT_A_FILE[kind])
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".bibtools-", suffix=".tmp")
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(tmp_name).chmod(0o644)  # mkstemp makes 0600; the site is served to readers
            changed.append(relative)
        for tmp, target in staged:
            tmp.replace(target)
        staged = []
    except OSError as err:
        raise setup_error(err, root, "write") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return changed
