"""Shared helpers: paths, a valid entry to break one field at a time, a checker, and Sphinx
test-root builds (sphinx.testing, as sphinxcontrib-bibtex's own tests do)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from bibtools.bibtex.write import braced_entry
from bibtools.data.model import Collection
from bibtools.errors import Problem
from bibtools.fs import Sources
from bibtools.pipeline import checked, load_valid

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "bib"
GOLDEN = REPO / "tests" / "golden"
ROOTS = REPO / "tests" / "roots"
TAXONOMY_TEXT = (FIXTURE / "taxonomy.toml").read_text(encoding="utf-8")

SUMMARY = (
    "Gating is common in sequence models, but its effect inside softmax attention had not "
    "been isolated. The authors train many gated variants and find that a head-specific "
    "sigmoid gate after attention improves quality, stabilises training and allows larger "
    "learning rates. The gate adds non-linearity and sparse, query-dependent scores, which "
    "removes the attention sink. It improves perplexity by **0.2** points."
)

VALID_FIELDS: dict[str, str] = {
    "title": "Gated Attention for Large Language Models",
    "author": "Qiu, Zihan and Wang, Zekun",
    "booktitle": "Advances in Neural Information Processing Systems",
    "year": "2025",
    "url": "https://openreview.net/forum?id=1b7whO4SfY",
    "track": "main",
    "openreview": "1b7whO4SfY",
    "presentation": "oral",
    "keywords": "inference/serving",
    "annote": SUMMARY,
}


def entry(
    key: str = "qiu2025gated",
    entry_type: str = "inproceedings",
    drop: tuple[str, ...] = (),
    **fields: str,
) -> str:
    """A valid entry, with ``fields`` replaced or added and ``drop`` removed."""
    values = {**VALID_FIELDS, **fields}
    return braced_entry(entry_type, key, {n: v for n, v in values.items() if n not in drop})


def sources(*texts: str) -> Sources:
    """``texts`` as the files a.bib, b.bib, ... beside the fixture's taxonomy."""
    files = {f"{chr(ord('a') + i)}.bib": text for i, text in enumerate(texts)}
    return Sources(files, TAXONOMY_TEXT, "taxonomy.toml", [])


def check(*texts: str) -> list[Problem]:
    """Load and check ``texts`` (see :func:`sources`) as the CLI does; every problem."""
    return checked(sources(*texts))[1]


def build_root(
    name: str,
    base: Path,
    bib: Path = FIXTURE,
    fresh: bool = True,
    on_read: Callable[[list[str]], object] | None = None,
    conf: dict[str, object] | None = None,
    on: dict[str, Callable[..., object]] | None = None,
    parallel: int = 0,
) -> tuple[SphinxTestApp, str]:
    """Build the test root ``tests/roots/test-<name>`` (copied into ``base``) as ``tox -e
    docs`` builds the site, nitpicky; return the app and the warnings text. ``on_read``
    is given the documents Sphinx reads; ``on`` connects more handlers, by event;
    ``parallel``: as ``-j``."""
    src = base / "src"
    if fresh or not src.exists():
        shutil.rmtree(src, ignore_errors=True)
        shutil.copytree(ROOTS / f"test-{name}", src)
    warnings = StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=base / "build",
        confoverrides={"bibtools_bib_dir": str(bib), "nitpicky": True, **(conf or {})},
        status=StringIO(),
        warning=warnings,
        parallel=parallel,
    )
    if on_read is not None:
        app.connect("env-before-read-docs", lambda _app, _env, names: on_read(list(names)))
    for event, handler in (on or {}).items():
        app.connect(event, handler)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


def load_folder(folder: Path) -> Collection:
    """A bib/ folder's collection, read with the CLI's own pipeline (must be valid)."""
    return load_valid([folder])


def check_collection(*texts: str) -> Collection:
    """Like :func:`check`, for valid texts: the loaded collection."""
    collection, problems = checked(sources(*texts))
    assert problems == []
    return collection


def messages(*texts: str) -> list[str]:
    return [str(problem) for problem in check(*texts)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty bib/ with the fixture taxonomy, as the current directory (online tests)."""
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "taxonomy.toml").write_bytes((FIXTURE / "taxonomy.toml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path
