"""The hostile-input corpus (tests/hostile/cases.toml), each case through the real CLI:
exit code, the located message, no traceback, bib/ and the previous output unchanged on
failure; legal but dangerous-looking input is built into a site and must print literally,
with no javascript:/data: link anywhere in the HTML."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bibtools import fs
from bibtools.cli import main
from conftest import FIXTURE, REPO, build_root

HOSTILE = Path(__file__).parent / "hostile"
CASES: list[dict[str, Any]] = tomllib.loads((HOSTILE / "cases.toml").read_text("utf-8"))["case"]
PARAMS = [
    pytest.param(case, command, id=f"{case['name']}-{command}")
    for case in CASES
    for command in case["commands"]
    if command != "site"
]


def test_the_corpus_has_at_least_40_kinds() -> None:
    assert len({case["kind"] for case in CASES}) >= 40


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    if not folder.is_dir() or folder.is_symlink():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="session")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's generated output, made once: the 'previous output folder'."""
    base = tmp_path_factory.mktemp("previous")
    assert main(["generate", str(FIXTURE), "--out", str(base / "site")]) == 0
    assert main(["export", str(FIXTURE), "--out", str(base / "export")]) == 0
    return base


def arrange(case: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bib = tmp / "bib"
    shutil.copytree(FIXTURE, bib)
    if case["file"]:
        source = HOSTILE / "cases" / case["file"]
        target = bib / ("taxonomy.toml" if case["target"] == "taxonomy" else case["file"])
        shutil.copyfile(source, target)
    setup = case["setup"]
    if setup == "fifo":
        os.mkfifo(bib / "fifo.bib")
    elif setup == "dir-named-bib":
        (bib / "folder.bib").mkdir()
    elif setup == "symlink-loop":
        (bib / "loop.bib").symlink_to("loop.bib")
    elif setup == "dangling-symlink":
        (bib / "dangling.bib").symlink_to("nowhere.bib")
    elif setup == "unreadable":
        (bib / "papers.bib").chmod(0)
        real_open = os.open

        def deny(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if str(path).endswith("papers.bib"):  # root reads through chmod 000
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(fs.os, "open", deny)
    elif setup == "missing-bib":
        shutil.rmtree(bib)
    elif setup == "missing-taxonomy":
        (bib / "taxonomy.toml").unlink()
    elif setup == "out-under-file":
        (tmp / "out").write_text("a file\n")
        monkeypatch.setattr(sys.modules[__name__], "OUT_NAME", "out/inner", raising=False)
    elif setup == "out-is-file":
        (tmp / "out").write_text("a file\n")
    elif setup == "out-is-symlink":
        (tmp / "elsewhere").mkdir()
        (tmp / "out").symlink_to("elsewhere")
    elif setup == "out-foreign-files":
        (tmp / "out").mkdir()
        (tmp / "out" / "conf.py").write_text("project = 'mine'\n")
    elif setup in ("out-read-only", "out-disk-full"):
        code = errno.EROFS if setup == "out-read-only" else errno.ENOSPC
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                raise OSError(code, os.strerror(code))

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, mode, *args, **kwargs)
            return Failing(handle) if "w" in mode else handle

        monkeypatch.setattr(fs.os, "fdopen", fdopen)


def out_path(case: dict[str, Any], command: str) -> str:
    out = "out/inner" if case["setup"] == "out-under-file" else "out"
    return f"{out}/stats.png" if command == "figure" else out


@pytest.mark.parametrize(("case", "command"), PARAMS)
def test_hostile_case(
    case: dict[str, Any],
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    previous_output: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    if command == "sphinx":
        return run_sphinx(case, tmp_path)
    if command in ("export", "generate") and not case["setup"].startswith("out-"):
        kind = "site" if command == "generate" else "export"
        shutil.copytree(previous_output / kind, tmp_path / "out", symlinks=True)
    arrange(case, tmp_path, monkeypatch)
    before_bib = snapshot(tmp_path / "bib")
    before_out = snapshot(tmp_path / "out")
    args = [command, "bib"]
    if command in ("export", "generate", "figure"):
        args += ["--out", out_path(case, command)]
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == case["exit"], err
    if case["exit"]:
        assert case["message"] in err
        lines = [line for line in err.splitlines() if case["message"] in line]
        if case["exit"] == 1:
            assert any(line.startswith(case["where"] + ": ") for line in lines), err
            assert all(re.match(r"[^:]+:\d+: [a-z-]+: ", line) for line in lines), err
        else:
            assert err.startswith(f"bibtools: {case['where']}: "), err
            assert len(err.splitlines()) == 1, err
        if case["setup"] == "unreadable":
            (tmp_path / "bib" / "papers.bib").chmod(0o644)
        assert snapshot(tmp_path / "bib") == before_bib
        if case["setup"] != "out-foreign-files" or command != "figure":
            assert snapshot(tmp_path / "out") == before_out
        leftovers = [p.name for p in tmp_path.iterdir() if ".bibtools-" in p.name]
        assert leftovers == [] or all(p.endswith(".lock") for p in leftovers), leftovers
    return None


def run_sphinx(case: dict[str, Any], tmp: Path) -> None:
    arrange(case, tmp, pytest.MonkeyPatch())
    shutil.copytree(REPO / "tests" / "roots" / "test-fixture", tmp / "docs")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "docs", "docs/_build"],
        cwd=tmp,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == case["exit"], output
    assert "Traceback" not in output and "Exception occurred" not in output, output
    assert case["message"] in output and case["where"] in output, output
    assert not (tmp / "docs" / "papers").exists()  # nothing generated


LEGAL = [case for case in CASES if "site" in case["commands"]]
HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
UNSAFE_LINK = re.compile(
    r"""(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|data|vbscript):""", re.I
)


def test_legal_hostile_input_renders_literally(tmp_path: Path) -> None:
    """All legal cases in one site: each text shows literally; no executable link anywhere."""
    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)
    for case in LEGAL:
        target = bib / ("taxonomy.toml" if case["target"] == "taxonomy" else case["file"])
        shutil.copyfile(HOSTILE / "cases" / case["file"], target)
    _app, warnings = build_root("fixture", tmp_path / "site", bib=bib)
    assert warnings == ""
    html = {
        p.name: p.read_text("utf-8") for p in (tmp_path / "site" / "build" / "html").rglob("*.html")
    }
    everything = "\n".join(html.values())
    assert not UNSAFE_LINK.search(everything), UNSAFE_LINK.search(everything)
    # The references (read from the export's copy of bib/): only http(s) and relative links.
    references = [p for p in html if p == "references.html" or p.startswith("references")]
    assert references
    for name in references:
        for link in HREF.findall(html[name]):
            scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", link)
            assert scheme is None or scheme.group(1).lower() in ("http", "https"), (name, link)
    assert "<script>alert" not in everything and "<img src=x" not in everything
    from html import unescape

    from bs4 import BeautifulSoup  # noqa: F401  # sphinx's theme pulls it in

    texts = unescape(re.sub(r"<[^>]+>", "", everything))
    for case in LEGAL:
        for expected in case["html"]:
            assert expected in texts, (case["name"], expected)
    assert "\u201c" not in texts.split("Quoting", 1)[1][:40]  # no smart quotes in the title


def test_served_files_are_byte_identical_across_paths_and_hash_seeds(tmp_path: Path) -> None:
    """The fixture and every legal case (authors whose names differ only in case among
    them): the same bytes from another folder and another hash seed."""
    trees = []
    for name, seed in (("one", "1"), ("deeper/two", "987")):
        base = tmp_path / name
        shutil.copytree(FIXTURE, base / "bib")
        for case in LEGAL:
            target = "taxonomy.toml" if case["target"] == "taxonomy" else case["file"]
            shutil.copyfile(HOSTILE / "cases" / case["file"], base / "bib" / target)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "bibtools", "generate", "bib", "--out", "site"],
            cwd=base,
            env=env,
            check=True,
            timeout=300,
        )
        trees.append(snapshot(base / "site"))
    assert {k: v[0] for k, v in trees[0].items()} == {k: v[0] for k, v in trees[1].items()}


LEGENDS = [case for case in CASES if "legend" in case]


@pytest.mark.parametrize("case", LEGENDS, ids=[case["name"] for case in LEGENDS])
def test_figure_legend_names_every_layer(case: dict[str, Any], tmp_path: Path) -> None:
    """The figure's legend shows each layer's title as written (a leading '_' too)."""
    from matplotlib.figure import Figure

    from bibtools.pipeline import load_valid
    from bibtools.site.figure import _layers_panel
    from bibtools.site.stats import compute_stats

    arrange(case, tmp_path, pytest.MonkeyPatch())
    collection = load_valid([tmp_path / "bib"])
    titles = {layer.slug: layer.title for layer in collection.taxonomy.layers}
    ax = Figure().add_subplot()
    _layers_panel(ax, compute_stats(collection), titles)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == case["legend"]
