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
from collections.abc import Callable, Iterable, Iterator, Mapping
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


class _Found(NamedTuple):
    """What :func:`write_tree` found at the output."""

    current: Path | None  #: the folder there now, if any
    existing: dict[str, Path]  #: its files
    written: set[str]  #: the files bibtools wrote there last time
    foreign: dict[str, Path]  #: its files bibtools did not write (kept)


def _survey(root: Path) -> _Found:
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
    return _Found(current, existing, previous, foreign)


def _relative(name: str) -> str:
    relative = str(Path(name))
    if Path(relative).is_absolute() or ".." in Path(relative).parts or relative == MANIFEST:
        raise ValueError(f"unsafe generated path: {name!r}")  # a bug, never user input
    return relative


def _stage(
    staging: Path, files: Iterable[tuple[str, bytes]], found: _Found, hook: Step | None
) -> list[str]:
    """The new tree in the staging folder, one file at a time as ``files`` gives them:
    unchanged files linked (same inode, bytes and mtime), the others written, the foreign
    files kept, and the manifest. Returns what changed: the files whose bytes change (in
    order), then the files that go."""
    wanted: set[str] = set()
    changed: list[str] = []
    for given, data in files:
        name = _relative(given)
        if name in wanted:
            raise ValueError(f"generated twice: {name!r}")  # a bug, never user input
        wanted.add(name)
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _step(hook, f"write {name}")
        old = found.existing.get(name)
        if old is not None and _same(old, data):
            _link_or_copy(old, target)
        else:
            _write_new(target, data)
            changed.append(name)
    _step(hook, f"write {MANIFEST}")
    _write_new(staging / MANIFEST, ("\n".join(sorted(wanted)) + "\n").encode())
    for name, path in sorted(found.foreign.items()):
        if name not in wanted:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            _step(hook, f"keep {name}")
            _link_or_copy(path, staging / name)
    gone = (found.written & set(found.existing)) - wanted - {MANIFEST}
    return sorted(changed) + sorted(gone)


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


def write_tree(
    root: Path,
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    *,
    hook: Step | None = None,
) -> list[str]:
    """Make ``root`` hold exactly ``files`` (relative path -> bytes, or such pairs one at a
    time, each name once); return what changed.

    All or nothing: the new tree is staged beside ``root`` and swapped in atomically; a crash
    at any moment leaves the complete old or the complete new set (and a staging folder
    that the next run removes). Pairs are written as they come, so a generator's files are
    never all in memory at once.
    Only files bibtools wrote (listed in the manifest) are ever removed: a folder that holds
    files of anything else is refused, and files added beside bibtools' output are kept.
    Unchanged files keep their bytes and mtime, so Sphinx does not re-read them; when no
    file changes, the folder is left as it was.
    """
    root = root.absolute()
    pairs = sorted(files.items()) if isinstance(files, Mapping) else files
    with _locked(root):
        leftover: Path | None = None
        try:
            found = _survey(root)
            _step(hook, "stage")
            prefix = f".{root.name}{VERSION_INFIX}"
            leftover = Path(tempfile.mkdtemp(dir=root.parent, prefix=prefix))
            leftover.chmod(0o755)
            changed = _stage(leftover, pairs, found, hook)
            if found.current is not None and not changed and MANIFEST in found.existing:
                return []  # nothing to do: the staged copy goes, the folder stays as it was
            _step(hook, "switch")
            leftover = _switch(leftover, root, found.current)
            _step(hook, "clean")
            return changed
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
