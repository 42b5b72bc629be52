"""The only module that touches the file system: reading sources, writing generated trees
atomically, and the online cache's files.

Everything between (loading, rules, pages, exports) is pure and works on strings and bytes;
the entry points call in here at both ends (the load-and-check pipeline that reads through
here is :mod:`bibtools.pipeline`).

Every failure of the file system ends as a :class:`~bibtools.errors.SetupError` naming the
path and the fix (exit 2), or, for the contents of a source file, a located
:class:`~bibtools.errors.Problem` (exit 1); never a traceback.

This package's modules: this one reads (sources, previous outputs) and keeps the online
cache's files; :mod:`bibtools.fs.tree` writes generated folders atomically, and single
files without a half-written moment.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
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


def path_kind(path: Path) -> str:
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


NOT_A_FILE = {
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
        kind = path_kind(path)
        if kind == "folder":
            try:
                names = sorted(path.glob("*.bib"))
            except OSError as err:
                raise setup_error(err, path, "list the folder") from None
            for name in names:
                name_kind = path_kind(name)
                if name_kind != "file":
                    raise SetupError(display(name), NOT_A_FILE[name_kind])
                found.append(name)
        elif kind == "file":
            found.append(path)
        else:
            message = NOT_A_FILE[kind].replace("not a .bib file", "give a .bib file or a folder")
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
    kind = path_kind(path)
    if kind != "file":
        raise SetupError(display(path), NOT_A_FILE[kind])
    try:
        # O_NONBLOCK: should a FIFO replace the file since the check, open must not hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SetupError(display(path), NOT_A_FILE["special"])
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
        taxonomy = (first if path_kind(first) == "folder" else first.parent) / TAXONOMY_FILE
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for path in files:
        text, file_problems = read_text(path)
        problems += file_problems
        if not file_problems:
            texts[display(path)] = text
    if path_kind(taxonomy) == "missing":
        raise SetupError(display(taxonomy), "no taxonomy file; add it, or give one with --taxonomy")
    taxonomy_text, taxonomy_problems = read_text(taxonomy)
    if taxonomy_problems:
        raise LoadError(taxonomy_problems)
    sources = Sources(texts, taxonomy_text, display(taxonomy), problems)
    scope = taxonomy.parent / SCOPE_FILE
    if path_kind(scope) != "file":
        return sources
    scope_text, scope_problems = read_text(scope)
    return sources._replace(
        scope_text=scope_text, scope_path=display(scope), scope_problems=tuple(scope_problems)
    )


def read_previous(path: Path) -> bytes:
    """A previously generated file's bytes, or b'' (used to reuse an unchanged figure)."""
    try:
        return path.read_bytes() if path_kind(path) == "file" else b""
    except (OSError, SetupError):
        return b""


def folder_digest(folder: Path, contents: bool) -> str:
    """A digest of every file under ``folder`` (``__pycache__`` left out): of their names
    and bytes with ``contents``, else of their names, sizes, modification times and inodes
    (cheap: what tells that a generated tree was touched since it was written). A missing
    or unreadable folder has a digest of its own, never equal to a readable one's."""
    digest = hashlib.sha256()
    try:
        for dirpath, dirnames, filenames in os.walk(folder, onerror=_raise):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                path = Path(dirpath, name)
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                if contents:
                    digest.update(path.read_bytes())
                else:
                    info = path.stat()
                    digest.update(f"{info.st_size} {info.st_mtime_ns} {info.st_ino}".encode())
                digest.update(b"\0")
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def _raise(err: OSError) -> None:
    raise err


def static_figure(docs: Path) -> Path:
    """Where the README's copy of the figure lives, for the docs folder ``docs``."""
    return docs / README_FIGURE.relative_to(DOCS_DIR)


# -- the online cache's files -----------------------------------------------------------


def read_cache_file(path: Path, limit: int) -> str | None:
    """A cache file's text; None (a miss, never an error) when it is missing, unreadable,
    not a regular file (a FIFO is never waited on, a link to a device never read) or
    larger than ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = handle.read(limit + 1)
        return data.decode("utf-8") if len(data) <= limit else None
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
