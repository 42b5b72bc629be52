"""Rewriting source files in place (``fmt``, ``add``, ``verify --fix``) without losing data.

:func:`rewrite_sources` is the one way a command changes a file it read:

- **locked**: it holds an exclusive ``flock`` on the folder of every file it rewrites (in
  path order, so two runs never wait on each other), from reading to renaming: two
  ``verify --fix`` on one file take turns, and the second edits what the first wrote;
- **read under the lock, checked before the switch**: each file is read, transformed and
  staged, then read again; if anyone changed it meanwhile (an editor, ``echo >>``), the
  whole edit is redone on the new content, and refused after a few tries;
- **all or nothing**: every new file is staged (a temporary file beside its target, synced)
  before any is renamed into place; a file that cannot be staged (its folder unwritable, a
  full disk) leaves every file as it was, and the message names that file, not a
  temporary one; the renames run with Ctrl-C held back until the last one is done;
- **the file stays the file**: a symbolic link keeps pointing where it did (its target is
  rewritten), and the file keeps its permission bits (a 0600 ``.bib`` stays 0600) and,
  where the user may set them, its owner and group. (A hard link to the file is not
  followed: the rewritten file is a new one.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from bibtools.errors import Problem, SetupError
from bibtools.fs import decode_source, display, path_kind, read_bytes, setup_error

#: (path as messages show it, current text) -> (new text, problems that forbid writing)
Transform = Callable[[str, str], tuple[str, list[Problem]]]
TRIES = 3  # edits redone on content that changed under them, before giving up
NEW_FILE_MODE = 0o644


class Rewritten(NamedTuple):
    """What :func:`rewrite_sources` did: the files it changed, every file's final text
    (by the path given), and the problems that stopped it (then nothing was written)."""

    changed: list[Path]
    texts: dict[Path, str]
    problems: list[Problem]


class _Read(NamedTuple):
    target: Path  #: the real file (a symbolic link resolved)
    data: bytes | None  #: None: the file does not exist yet
    mode: int
    owner: tuple[int, int] | None = None  #: uid and gid, kept where the user may


@contextlib.contextmanager
def _folders_locked(folders: Sequence[Path]) -> Iterator[None]:
    fds: list[int] = []
    try:
        for folder in sorted(set(folders)):
            try:
                fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError as err:
                raise setup_error(err, folder, "lock the folder") from None
            fds.append(fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in fds:
            os.close(fd)  # releases its lock


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C (and SIGTERM) wait until the block is done: no run stops between renames."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _target(path: Path) -> Path:
    """The file to rewrite for ``path``: a symbolic link's target (the link stays)."""
    return Path(os.path.realpath(path))


def _read(path: Path, missing_ok: bool) -> _Read:
    target = _target(path)
    if missing_ok and path_kind(target) == "missing":
        return _Read(target, None, NEW_FILE_MODE)
    data = read_bytes(target)
    try:
        info = target.stat()
    except OSError as err:
        raise setup_error(err, path, "read") from None
    return _Read(target, data, stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid))


def _unchanged(read: _Read) -> bool:
    if read.data is None:
        return path_kind(read.target) == "missing"
    try:
        return read_bytes(read.target) == read.data
    except SetupError:
        return False


def _stage(path: Path, read: _Read, data: bytes) -> Path:
    """``data`` in a synced temporary file beside the target, with the target's mode."""
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(dir=read.target.parent, prefix=".bibtools-", suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), read.mode)
            if read.owner is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(handle.fileno(), *read.owner)
            os.fsync(handle.fileno())
    except OSError as err:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        # Named after the file being written, never the temporary file.
        raise setup_error(OSError(err.errno, err.strerror), path, "write") from None
    return tmp


def rewrite_sources(
    paths: Sequence[Path], transform: Transform, *, missing_ok: bool = False
) -> Rewritten:
    """Apply ``transform`` to each file of ``paths`` and write the changed ones, locked, all
    or nothing (see the module). ``missing_ok``: a missing file is read as '' and created.

    Raises :class:`SetupError` when a file cannot be read or written, or keeps changing.
    """
    # One file reached by two paths (a link and its target) is edited once.
    unique = list({_target(path): path for path in reversed(paths)}.values())[::-1]
    folders = [_target(path).parent for path in unique]
    with _folders_locked(folders):
        for _attempt in range(TRIES):
            reads: dict[Path, _Read] = {}
            texts: dict[Path, str] = {}
            problems: list[Problem] = []
            for path in unique:
                read = reads[path] = _read(path, missing_ok)
                text, file_problems = decode_source(read.data or b"", display(path))
                if not file_problems:
                    text, file_problems = transform(display(path), text)
                problems += file_problems
                texts[path] = text
            if problems:
                return Rewritten([], texts, problems)
            changed = [p for p in unique if texts[p].encode("utf-8") != reads[p].data]
            staged: dict[Path, Path] = {}
            try:
                for path in changed:
                    staged[path] = _stage(path, reads[path], texts[path].encode("utf-8"))
                if not all(_unchanged(reads[path]) for path in unique):
                    continue  # someone wrote meanwhile: redo the edit on what is there now
                with _interrupts_held():
                    for path in changed:
                        try:
                            staged.pop(path).replace(reads[path].target)
                        except OSError as err:
                            raise setup_error(err, path, "write") from None
                return Rewritten(changed, texts, [])
            finally:
                for tmp in staged.values():
                    tmp.unlink(missing_ok=True)
    shown = ", ".join(display(path) for path in unique)
    raise SetupError(shown, f"kept changing while being rewritten ({TRIES} tries); run again")
