"""The only module that touches the file system: reading bib/, writing generated output.

Everything between (loading, rules, pages, exports) is pure and works on strings and bytes;
the CLI and the Sphinx hook call in here at both ends.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from bibtools.data.loader import TAXONOMY_FILE, load_collection
from bibtools.data.model import Collection
from bibtools.data.rules import validate
from bibtools.errors import LoadError, Problem, SetupError, ValidationError

# Where things live by default, relative to the repository root. The Sphinx hook's defaults
# (relative to docs/) name the same folders.
BIB_DIR = Path("bib")
DOCS_DIR = Path("docs")
SITE_DIR = DOCS_DIR / "papers"
EXPORT_DIR = Path("dist/bib")
README_FIGURE = DOCS_DIR / "_static" / "stats.png"
MANIFEST = ".bibtools-manifest"


class Sources(NamedTuple):
    bib_texts: dict[str, str]  # display path -> text
    taxonomy_text: str
    taxonomy_path: str
    problems: list[Problem]


def display(path: Path) -> str:
    """``path`` as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def bib_paths(paths: list[Path]) -> list[Path]:
    """Expand folders to their *.bib files; a missing path is a :class:`SetupError`."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.bib") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise SetupError(str(path), "no such file or folder; give a .bib file or a folder")
    return found


def read_text(path: Path) -> tuple[str, list[Problem]]:
    """A source file's text, or a located ``read`` problem."""
    try:
        return path.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return "", [Problem(display(path), 1, "read", f"cannot read the file: {reason}")]


def read_sources(paths: list[Path], taxonomy: Path | None = None) -> Sources:
    files = bib_paths(paths)
    if taxonomy is None:
        first = paths[0] if paths else BIB_DIR
        taxonomy = (first if first.is_dir() else first.parent) / TAXONOMY_FILE
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for path in files:
        text, file_problems = read_text(path)
        problems += file_problems
        if not file_problems:
            texts[display(path)] = text
    taxonomy_text, taxonomy_problems = read_text(taxonomy)
    if taxonomy_problems:
        raise LoadError(
            [Problem(display(taxonomy), 1, "taxonomy", "cannot read the taxonomy file")]
        )
    return Sources(texts, taxonomy_text, display(taxonomy), problems)


def load_valid(paths: list[Path], taxonomy: Path | None = None) -> Collection:
    """Read, load and validate; raise a :class:`~bibtools.errors.BibtoolsError` listing every
    problem. The one entry point for the CLI's commands and the Sphinx hook, so both refuse
    the same data with the same messages."""
    sources = read_sources(paths, taxonomy)
    collection, problems = load_collection(
        sources.bib_texts, sources.taxonomy_text, sources.taxonomy_path
    )
    problems = sources.problems + problems + validate(collection)
    if problems:
        raise ValidationError(problems)
    return collection


def read_previous(path: Path) -> bytes:
    """A previously generated file's bytes, or b'' (used to reuse an unchanged figure)."""
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""


def _manifest(root: Path) -> set[str] | None:
    """The files bibtools wrote under ``root`` last time; None if it never wrote there."""
    try:
        return set((root / MANIFEST).read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return None
    except OSError as err:
        raise SetupError(str(root / MANIFEST), f"cannot read: {err.strerror}") from None


def write_tree(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """Make ``root`` hold exactly ``files`` (relative path -> bytes); return what changed.

    Only files bibtools wrote (listed in ``root``'s manifest) are ever removed: a folder that
    holds files of anything else is refused. Unchanged files keep their bytes and mtime, so
    Sphinx does not re-read them.
    """
    previous = _manifest(root)
    if previous is None and root.is_dir() and any(root.iterdir()):
        raise SetupError(
            str(root),
            "holds files bibtools did not write; give an empty or new folder "
            f"(bibtools keeps a {MANIFEST} in the folders it writes)",
        )
    wanted = {str(Path(name)) for name in files}
    changed = write_files(root, {**files, MANIFEST: "\n".join(sorted(wanted)).encode() + b"\n"})
    changed = [name for name in changed if name != MANIFEST]
    for name in sorted((previous or set()) - wanted):
        stale = root / name
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            changed.append(name)
    return changed


def write_files(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write ``files`` (relative path -> bytes) under ``root``; return the paths written.

    Every new content is first written to a temporary file beside its target, then all are
    renamed into place, so no file is ever seen half-written.
    """
    staged: list[tuple[Path, Path]] = []
    changed: list[str] = []
    try:
        for relative in sorted(files):
            target = root / relative
            data = files[relative]
            if target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".bibtools-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(tmp_name).chmod(0o644)  # mkstemp makes 0600; the site is served to readers
            staged.append((Path(tmp_name), target))
            changed.append(relative)
        for tmp, target in staged:
            tmp.replace(target)
        staged = []
    except OSError as err:
        raise SetupError(str(err.filename or root), f"cannot write: {err.strerror}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return changed
