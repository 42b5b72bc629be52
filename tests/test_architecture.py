"""The package's layers: every import in src/bibtools points down the data flow, never up.

Read from the source with :mod:`ast`, so a new import that runs against the flow fails here
at once (a function-level import counts as much as a module-level one).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bibtools"

# What each part of the package may import from bibtools, besides itself. The entry points
# (the command, the Sphinx extension, the online commands) sit on top and may import all.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "bibtex": {"errors"},
    "data": {"bibtex", "errors"},
    "export": {"data", "bibtex", "errors"},
    "site": {"export", "data", "bibtex", "errors"},
    "online": {"data", "bibtex", "errors", "fs", "__init__"},
    # The file system knows nothing of what the files mean; the pipeline assembles the load.
    "fs": {"errors"},
    "pipeline": {"fs", "data", "errors"},
    "listing": {"data", "bibtex", "errors"},
    # Sphinx's reader of the paper pages site.pages.paper writes: their format, no data.
    "paperparser": set(),
}
ENTRY_POINTS = {"cli", "sphinxext", "__main__", "__init__", "online.commands", "listing.commands"}


def _part(module: str) -> str:
    """'bibtools.site.pages' -> 'site'; 'bibtools' -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """The bibtools modules ``path`` imports, as dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "bibtools":  # a module of the package, or a name of its own
                for alias in node.names:
                    is_module = (SRC / f"{alias.name}.py").exists() or (SRC / alias.name).is_dir()
                    found.add(f"bibtools.{alias.name}" if is_module else "bibtools")
            elif node.module.startswith("bibtools."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("bibtools"))
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down_the_data_flow(path: Path) -> None:
    relative = path.relative_to(SRC).with_suffix("")
    name = ".".join(part for part in relative.parts if part != "__init__") or "__init__"
    if name in ENTRY_POINTS:
        return
    own = name.split(".")[0]
    allowed = ALLOWED[own] | {own}
    wrong = sorted(m for m in _imports(path) if _part(m) not in allowed)
    assert wrong == [], f"{name} imports {wrong}: against the data flow"


def test_the_layers_cover_every_module() -> None:
    """A new top-level module or package must say where it sits."""
    tops = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in MODULES}
    assert tops - {"__init__", "__main__", "py.typed"} <= set(ALLOWED) | ENTRY_POINTS


def test_the_check_reads_function_level_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from bibtools.data.contract import FIELD_ORDER\n")
    assert _imports(module) == {"bibtools.data.contract"}


def test_the_load_pipeline_is_assembled_once() -> None:
    """Only bibtools.pipeline puts reading, loading and the rules together: the CLI, the
    Sphinx extension, the online commands and the tests load through it."""
    tests = Path(__file__).parent
    users = []
    for path in [*MODULES, *tests.rglob("*.py")]:
        tree = ast.parse(path.read_text("utf-8"))
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module in ("bibtools.data.loader", "bibtools.data.rules")
            for alias in node.names
        }
        if names & {"load_collection", "validate"}:
            users.append(path.name)
    assert users == ["pipeline.py"]


def test_one_exception_hierarchy() -> None:
    """Every exception bibtools defines is in errors.py, under BibtoolsError."""
    import inspect

    from bibtools import errors

    outside = [
        f"{path.relative_to(SRC)}:{node.lineno} {node.name}"
        for path in MODULES
        if path.name != "errors.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ClassDef)
        and any(
            isinstance(base, ast.Name) and (base.id.endswith("Error") or base.id == "Exception")
            for base in node.bases
        )
    ]
    assert outside == []
    defined = [
        value
        for value in vars(errors).values()
        if inspect.isclass(value) and issubclass(value, BaseException)
    ]
    assert len(defined) >= 10
    assert all(issubclass(error, errors.BibtoolsError) for error in defined)


def test_no_module_declares_all() -> None:
    """Nothing is star-imported: a module's public names are those without a leading
    underscore, and an ``__all__`` only drifts from them (one re-exported a name it did
    not define, another left out what other modules use)."""
    declaring = [
        str(path.relative_to(SRC))
        for path in MODULES
        for node in ast.parse(path.read_text("utf-8")).body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    ]
    assert declaring == []


def test_a_fresh_clone_can_make_its_own_venv() -> None:
    """`python -m venv .venv` must work in a fresh clone: no tracked file named .venv, and
    the folder it makes is ignored."""
    repo = SRC.parents[1]
    assert not (repo / ".venv").is_file()
    assert ".venv/" in (repo / ".gitignore").read_text("utf-8").splitlines()
