"""The only module that touches the file system: reading sources, writing generated trees
atomically, and the online cache's files.

Everything between (loading, rules, pages, exports) is pure and works on strings and bytes;
the entry points call in here at both ends (the load-and-check pipeline that reads through
here is :mod:`bibtools.pipeline`).

Every failure of the file system ends as a :class:`~bibtools.errors.SetupError` naming the
path and the fix (exit 2), or, for the contents of a source file, a located
:class:`~bibtools.errors.Problem` (exit 1); never a traceback.

Generated folders are replaced all at once: the new tree is built in a staging folder beside
the output (unchanged files hard-linked from the current tree, so they keep their inode and
mtime), and the two folders are swapped with one ``renameat2(RENAME_EXCHANGE)``. A reader
sees the complete old set or the complete new set, whatever the moment of a crash. (The
output stays a real folder, not a symbolic link to a version: Sphinx resolves links inside
its source folder, which would give the generated documents the wrong names.) Runs on the
same output serialise on a lock file beside it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from bibtools.errors import LoadError, Problem, SetupError

# Where things live by default, relative to the repository root. The Sphinx hook's defaults
# (relative to docs/) name the same folders; the generated folder is docs/<urls.PAPERS>.
BIB_DIR = Path("bib")
TAXONOMY_FILE = "taxonomy.toml"  # beside the .bib files
SCOPE_FILE = "scope.tsv"  # beside the taxonomy, when the listing has been reviewed
DOCS_DIR = Path("docs")
EXPORT_DIR = Path("dist/bib")
README_FIGURE = DOCS_DIR / "_static" / "stats.png"
MANIFEST = ".bibtools-manifest"
# Beside an output folder ``out``: its versions (``.out.bibtools-*``) and its lock file.
VERSION_INFIX = ".bibtools-"
LOCK_SUFFIX = ".bibtools.lock"

#: Called with a short description before each file-system step of :func:`write_tree`
#: (the tests kill the writer at every step).
Step = Callable[[str], None]

_FIXES = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is exceeded; free some space and run again",
    errno.EACCES: "permission denied; make it writable (readable) or choose another path",
    errno.EPERM: "operation not permitted; make it writable or choose another path",
    errno.EROFS: "the file system is read-only; choose another path",
    errno.ENOTDIR: "a file stands where a folder is needed; choose another path",
    errno.EISDIR: "a folder stands where a file is needed; rename or remove it",
    errno.ELOOP: "a loop of symbolic links; fix or remove the link",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    errno.EEXIST: "something is already there; remove it or choose another path",
}


def setup_error(err: OSError, path: Path | str, action: str) -> SetupError:
    """An :class:`OSError` as one line: the path, what failed, and the fix."""
    where = err.filename if isinstance(err.filename, str) and err.filename else str(path)
    code = err.errno or 0
    blocker = _file_in_the_way(Path(where))
    if code in (errno.EEXIST, errno.ENOTDIR) and blocker is not None:
        where, code = str(blocker), errno.ENOTDIR
    reason = _FIXES.get(code)
    if reason is None:
        reason = f"{err.strerror or err}; check the path and run again"
    return SetupError(display(Path(where)), f"cannot {action}: {reason}")


def _file_in_the_way(path: Path) -> Path | None:
    """The first of ``path`` and its parents that exists and is not a folder."""
    for candidate in reversed([path, *path.parents]):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return None


class Sources(NamedTuple):
    """What :func:`read_sources` read: the texts, and the files that could not be read."""

    bib_texts: dict[str, str]  # display path -> text
    taxonomy_text: str
    taxonomy_path: str
    problems: list[Problem]  # .bib files that could not be read
    scope_text: str = ""  # the scope decisions beside the taxonomy, if present
    scope_path: str = ""
    scope_problems: tuple[Problem, ...] = ()  # a scope file that could not be read


def display(path: Path) -> str:
    """``path`` as messages show it: relative to the working folder when inside it."""
    try:
        absolute = path.absolute()
        return str(absolute.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def _kind(path: Path) -> str:
    """'file', 'folder', 'missing', 'loop' or 'special' (FIFO, socket, device), following
    symbolic links; never blocks (a FIFO is never opened)."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "loop"
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return "broken link" if path.is_symlink() else "missing"
        raise setup_error(err, path, "read") from None
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "special"


_NOT_A_FILE = {
    "loop": "is a loop of symbolic links; fix or remove the link",
    "broken link": "is a symbolic link to nothing; fix or remove the link",
    "special": "is not a regular file (a pipe, socket or device); remove it from the folder",
    "folder": "is a folder, not a .bib file; rename or remove it",
    "missing": "no such file or folder; give a .bib file or a folder",
}


def bib_paths(paths: list[Path]) -> list[Path]:
    """Expand folders to their *.bib files; anything but regular files is a SetupError."""
    found: list[Path] = []
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            try:
                names = sorted(path.glob("*.bib"))
            except OSError as err:
                raise setup_error(err, path, "list the folder") from None
            for name in names:
                name_kind = _kind(name)
                if name_kind != "file":
                    raise SetupError(display(name), _NOT_A_FILE[name_kind])
                found.append(name)
        elif kind == "file":
            found.append(path)
        else:
            message = _NOT_A_FILE[kind].replace("not a .bib file", "give a .bib file or a folder")
            raise SetupError(str(path), message)
    return found


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_source(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """A source file's bytes as text (UTF-8, an optional BOM dropped), or a located problem."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", [Problem(path, 1, "read", "the file is UTF-16; save it as UTF-8 (without BOM)")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _line_at(data, err.start)
        return "", [
            Problem(
                path,
                line,
                "read",
                f"byte 0x{data[err.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        ]
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        return "", [Problem(path, line, "read", "the file holds a NUL byte; remove it")]
    return text, []


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; anything else (or an unreadable file) is a SetupError."""
    kind = _kind(path)
    if kind != "file":
        raise SetupError(display(path), _NOT_A_FILE[kind])
    try:
        # O_NONBLOCK: should a FIFO replace the file since the check, open must not hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SetupError(display(path), _NOT_A_FILE["special"])
            return handle.read()
    except OSError as err:
        raise setup_error(err, path, "read") from None


def read_text(path: Path) -> tuple[str, list[Problem]]:
    """A source file's text, or a located ``read`` problem (its content is not UTF-8)."""
    return decode_source(read_bytes(path), display(path))


def read_sources(paths: list[Path], taxonomy: Path | None = None) -> Sources:
    """The .bib files of ``paths`` and the taxonomy (default: beside the first path)."""
    files = bib_paths(paths)
    if taxonomy is None:
        first = paths[0] if paths else BIB_DIR
        taxonomy = (first if _kind(first) == "folder" else first.parent) / TAXONOMY_FILE
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for path in files:
        text, file_problems = read_text(path)
        problems += file_problems
        if not file_problems:
            texts[display(path)] = text
    if _kind(taxonomy) == "missing":
        raise SetupError(display(taxonomy), "no taxonomy file; add it, or give one with --taxonomy")
    taxonomy_text, taxonomy_problems = read_text(taxonomy)
    if taxonomy_problems:
        raise LoadError(taxonomy_problems)
    sources = Sources(texts, taxonomy_text, display(taxonomy), problems)
    scope = taxonomy.parent / SCOPE_FILE
    if _kind(scope) != "file":
        return sources
    scope_text, scope_problems = read_text(scope)
    return sources._replace(
        scope_text=scope_text, scope_path=display(scope), scope_problems=tuple(scope_problems)
    )


def read_previous(path: Path) -> bytes:
    """A previously generated file's bytes, or b'' (used to reuse an unchanged figure)."""
    try:
        return path.read_bytes() if _kind(path) == "file" else b""
    except (OSError, SetupError):
        return b""


def static_figure(docs: Path) -> Path:
    """Where the README's copy of the figure lives, for the docs folder ``docs``."""
    return docs / README_FIGURE.relative_to(DOCS_DIR)


# -- writing ---------------------------------------------------------------------------


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
    kind = _kind(root)
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
        staging: Path | None = None
        try:
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
            if current is not None and not changed and MANIFEST in existing:
                return []  # nothing to do: every file keeps its inode and mtime
            _step(hook, "stage")
            staging = Path(tempfile.mkdtemp(dir=root.parent, prefix=f".{root.name}{VERSION_INFIX}"))
            staging.chmod(0o755)
            manifest = ("\n".join(sorted(wanted)) + "\n").encode()
            for name, data in sorted({**wanted, MANIFEST: manifest}.items()):
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                _step(hook, f"write {name}")
                old = existing.get(name)
                if name not in changed and name != MANIFEST and old is not None:
                    _link_or_copy(old, target)  # same inode: same bytes and mtime
                else:
                    _write_new(target, data)
            for name, path in sorted(foreign.items()):
                if name not in wanted:
                    (staging / name).parent.mkdir(parents=True, exist_ok=True)
                    _step(hook, f"keep {name}")
                    _link_or_copy(path, staging / name)
            _step(hook, "switch")
            if current is None:
                staging.rename(root)
            elif not _exchange(staging, root):
                # No atomic exchange on this system: two renames, with a moment between them
                # in which the folder is missing (never half-written).
                old = staging.with_name(staging.name + ".old")
                root.rename(old)
                staging.rename(root)
                staging = old
            _step(hook, "clean")
            return changed
        except OSError as err:
            raise setup_error(err, root, "write the output") from None
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


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
            kind = _kind(target)
            if kind == "file" and target.read_bytes() == data:
                continue
            if kind not in ("file", "missing"):
                raise SetupError(display(target), _NOT_A_FILE[kind])
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


# -- the online cache's files -----------------------------------------------------------


def read_cache_file(path: Path) -> str | None:
    """A cache file's text; None when it is missing or unreadable (a miss, never an error)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_cache_file(path: Path, text: str) -> bool:
    """Write a cache file atomically (a temporary file beside it, renamed into place); False
    when it cannot be written: the run goes on without caching it."""
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".bibtools-", suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        tmp.replace(path)
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        return False
    return True
