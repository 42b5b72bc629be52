"""Performance measurements: ratios and scaling, several runs each (median reported).

Run with ``tox -e bench`` (or ``python benchmarks/bench.py``). Not a test: nothing here
asserts a time. Times are CPU seconds (user + system) of this process or of the build's
child process, not wall time. What it shows, for synthetic collections of 1k, 5k (and, with
``--sizes``, 20k) entries cloned from the real ones:

1. ``bibtools check`` (read, load, validate) against a bare pybtex parse of the same files;
2. Sphinx: a full build with and without the citation layer (the references pages'
   ``{bibliography}`` directives), rebuilds with nothing changed, after one summary edit
   and after one title edit (each as a share of the full build), the largest HTML page
   and the build's peak RSS; a full build with ``-j 2`` (wall time against ``-j 1``, and
   the same served bytes);
3. the paper pages: CPU per page (read, resolved, written), timed in the build's process.

The goals (issues 11, 22 and 24) are printed beside each ratio.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENTRY = re.compile(r"^@(\w+)\{([a-z]+\d{4})([a-z0-9]+),\n(.*?)^\}\n", re.MULTILINE | re.DOTALL)


def copy_suffix(copy: int) -> str:
    """'', 'a', 'b', ..., 'z', 'aa', 'ab', ...: letters only, unique per copy."""
    letters = ""
    while copy > 0:
        copy, rest = divmod(copy - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _clone(entry: re.Match[str], copy: int, number: int) -> str:
    """One real entry as copy ``copy``: key, title, ids and author names made unique, so
    the key scheme and the duplicate rules pass (the key's word is the title's first word)."""
    kind, stem, word, body = entry.groups()
    suffix = copy_suffix(copy)
    new_word = f"{word}zz{suffix}"  # "zz": never a real key plus a collision letter
    body = re.sub(r"^(  title = \{)", rf"\g<1>{new_word.capitalize()}: ", body, count=1, flags=re.M)
    body = re.sub(r"(openreview = \{|id=)([A-Za-z0-9_-]+)", rf"\g<1>\2{suffix}", body)
    # Short names are unique across the collection (duplicate-shortname): one per copy.
    body = re.sub(
        r"^(  shortname = \{)([^}]*)\}",
        lambda m: f"{m.group(1)}{m.group(2)[: 39 - len(suffix)].rstrip()} {suffix}}}",
        body,
        flags=re.M,
    )
    # neurips.cc ids are unique too: the copy's number in front keeps them numeric.
    body = re.sub(r"(neuripsid = \{)(\d+)", rf"\g<1>{copy}\2", body)
    # arXiv ids stay well-formed and unique: a month of a year no real entry has (from
    # 1970, one per copy), numbered by the entry's place in the real collection.
    month = f"{70 + (copy - 1) // 12:02d}{(copy - 1) % 12 + 1:02d}"
    body = re.sub(r"(eprint = \{)\d{4}\.\d+", rf"\g<1>{month}.{number:05d}", body)
    body = re.sub(r"(arxiv\.org/abs/)\d{4}\.\d+", r"\g<1>0000.00000", body)

    def names(m: re.Match[str]) -> str:
        # Every author gets a middle name per copy: distinct authors grow with the entries.
        middle = suffix.capitalize()
        people = []
        for name in m.group(2).split(" and "):
            if name.strip() == "others":
                people.append(name)
            elif "," in name:
                people.append(f"{name} {middle}")
            else:
                people.append(f"{middle} {name}")
        return m.group(1) + " and ".join(people) + "}"

    body = re.sub(r"^(  author = \{)(.*)\}", names, body, count=1, flags=re.M)
    return f"@{kind}{{{stem}{new_word},\n{body}}}\n"


def synthetic(entries: int) -> tuple[dict[str, str], int]:
    """About ``entries`` entries (whole copies of the real collection), file name -> text."""
    base = {p.name: p.read_text("utf-8") for p in sorted((REPO / "bib").glob("*.bib"))}
    per_copy = sum(len(ENTRY.findall(t)) for t in base.values())
    copies = max(1, math.ceil(entries / per_copy))
    out = dict(base)
    start = 0
    for name, text in base.items():
        found = list(ENTRY.finditer(text))
        clones = [_clone(m, c, start + i) for c in range(1, copies) for i, m in enumerate(found)]
        start += len(found)
        if clones:
            out[name] = text + "\n" + "\n".join(clones)
    return out, per_copy * copies


@contextmanager
def synthetic_bib(size: int) -> Iterator[tuple[Path, dict[str, str], int]]:
    """A temporary bib/ of about ``size`` synthetic entries that passes the check: its
    folder, its texts and its entry count."""
    from bibtools import pipeline
    from bibtools.errors import DataError

    texts, n = synthetic(size)
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "bib"
        write_bib(bib, texts)
        try:
            pipeline.load_valid([bib])  # the data must pass, as the real bib/ does
        except DataError as err:
            raise SystemExit("\n".join(str(p) for p in err.problems[:5])) from None
        yield bib, texts, n


def write_bib(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "bib" / "taxonomy.toml", folder / "taxonomy.toml")
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")


def cpu_median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


@dataclass
class Row:
    what: str
    size: int
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None


ROWS: list[Row] = []


def record(
    what: str, size: int, value: float, unit: str, goal: str = "", met: bool | None = None
) -> None:
    ROWS.append(Row(what, size, value, unit, goal, met))
    mark = "" if met is None else ("  met" if met else "  NOT MET")
    print(f"  {what:<44} {size:>6} {value:>10.3f} {unit:<4} {goal}{mark}", flush=True)


def bench_check(sizes: list[int], runs: int) -> None:
    from pybtex.database import parse_string

    from bibtools import pipeline

    print("\n`bibtools check` vs a bare pybtex parse, CPU s (median of", runs, "runs)")
    for size in sizes:
        with synthetic_bib(size) as (bib, texts, n):
            ours = cpu_median(lambda b=bib: pipeline.load_valid([b]), runs)
        theirs = cpu_median(lambda x=texts: [parse_string(t, "bibtex") for t in x.values()], runs)
        record("check", n, ours, "s")
        record("pybtex parse_string", n, theirs, "s")
        record("check / pybtex parse", n, ours / theirs, "x", "<= 1.5", ours / theirs <= 1.5)


def bench_explorer(sizes: list[int], runs: int) -> None:
    """The explorer's data file (raw and gzip-compressed, goal at 5,000: <= 1 MB
    compressed) and, in Chromium when it is installed, its first render (from the page's
    navigation to the table drawn: the page, its script and the data file fetched from a
    local server, parsed and drawn) and the time one filter takes (goal <= 100 ms): wall
    time in the page (the browser's CPU time is not the script's to read)."""
    import gzip

    from bibtools import pipeline
    from bibtools.site.explorer import explorer_json

    print("\nexplorer data file, and one filter in Chromium (median of", runs, "runs)")
    for size in sizes:
        with synthetic_bib(size) as (bib, _, n):
            data = explorer_json(pipeline.load_valid([bib]))
            packed = len(gzip.compress(data, 9)) / 1e6
            record("explorer data, MB", n, len(data) / 1e6, "MB")
            record("explorer data gzip, MB", n, packed, "MB", "<= 1", packed <= 1)
            measured = _explorer_ms(data, runs)
            if measured is not None:
                first, filtered = measured
                record("explorer: first render, ms", n, first, "ms")
                record("explorer: one filter, ms", n, filtered, "ms", "<= 100", filtered <= 100)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _explorer_ms(data: bytes, runs: int) -> tuple[float, float] | None:
    """Median ms of the first render and of a filter change on the real explorer page fed
    ``data`` (None without Chromium or Playwright)."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "html"
        args = ["-q", "-b", "html", str(REPO / "docs"), str(site)]
        subprocess.run([sys.executable, "-m", "sphinx", *args], check=True)
        (site / "explorer" / "papers.json").write_bytes(data)
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        times = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
                page = browser.new_page()
                url = f"http://127.0.0.1:{server.server_port}/papers/explorer.html"
                drawn = "() => /All/.test(document.getElementById('explorer-count').innerText)"
                firsts = []
                for _ in range(runs):
                    page.goto(url)
                    page.wait_for_function(drawn, polling="raf")  # checked every frame
                    firsts.append(page.evaluate("() => performance.now()"))
                for run in range(runs):
                    value = "compression" if run % 2 == 0 else "inference"
                    times.append(
                        page.evaluate(
                            """value => {
                                const select = document.getElementById('explorer-c');
                                const start = performance.now();
                                select.value = value;
                                select.dispatchEvent(new Event('change', {bubbles: true}));
                                return performance.now() - start;
                            }""",
                            value,
                        )
                    )
                browser.close()
        finally:
            server.shutdown()
    return statistics.median(firsts), statistics.median(times)


@dataclass
class Build:
    cpu: float
    wall: float
    rss_mb: float


def sphinx_build(docs: Path, out: Path, bib: Path, *extra: str) -> Build:
    """One sphinx-build in a child process: its CPU time (user + sys) and peak RSS."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs), str(out)]
    command += ["-D", f"bibtools_bib_dir={bib}", *extra]
    env = {**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(command)}")
    return Build(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def site_copy(root: Path, texts: dict[str, str], citations: bool = True) -> tuple[Path, Path]:
    write_bib(root / "bib", texts)
    docs = root / "docs"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("_build", "papers"))
    if not citations:
        # The same site without the citation layer: the references pages keep their text
        # but hold no {bibliography} (sphinxcontrib-bibtex still loads, with nothing to do).
        with (docs / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(
                "\nimport re as _re\n"
                "import bibtools.site.pages as _pages\n"
                "def _bare(t):\n"
                "    return _re.sub(r'```\\{bibliography\\}.*?```\\n', '', t, flags=_re.S)\n"
                "_reference_pages = _pages.reference_pages\n"
                "_pages.reference_pages = lambda *a: {\n"
                "    n: _bare(t) for n, t in _reference_pages(*a).items()}\n"
            )
    return docs, root / "bib"


def largest_page(out: Path) -> tuple[int, str]:
    pages = [(p.stat().st_size, str(p.relative_to(out))) for p in out.rglob("*.html")]
    return max(pages)


def edit(bib: Path, old: str, new: str) -> None:
    path = bib / "inference.bib"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def served(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, by path (the build's pickles and doctrees left out)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts
    }


def bench_sphinx(
    sizes: list[int], runs: int, parallel: bool = True, with_bare: bool = True
) -> None:
    print("\nSphinx builds, CPU s of the build process (median of", runs, "runs)")
    for size in sizes:
        texts, n = synthetic(size)
        full, bare, nochange, summary, title, rss = [], [], [], [], [], []
        wall, wall2, cpu2, same = [], [], [], True
        page = (0, "")
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                docs, bib = site_copy(Path(tmp) / "a", texts)
                out = Path(tmp) / "a" / "html"
                first = sphinx_build(docs, out, bib)
                full.append(first.cpu)
                wall.append(first.wall)
                rss.append(first.rss_mb)
                if parallel:
                    # The same site in two processes (-j 2), from scratch: wall time and
                    # the served bytes against -j 1's.
                    docs2, bib2 = site_copy(Path(tmp) / "c", texts)
                    second = sphinx_build(docs2, Path(tmp) / "c" / "html", bib2, "-j", "2")
                    wall2.append(second.wall)
                    cpu2.append(second.cpu)
                    same = same and served(out) == served(Path(tmp) / "c" / "html")
                    shutil.rmtree(Path(tmp) / "c")
                page = largest_page(out)
                nochange.append(sphinx_build(docs, out, bib).cpu)
                edit(bib, " is ", " is, ")
                summary.append(sphinx_build(docs, out, bib).cpu)
                edit(bib, "Thinkless: {LLM}", "Thinkless: {LLM} Models")
                title.append(sphinx_build(docs, out, bib).cpu)
                if with_bare:
                    docs, bib = site_copy(Path(tmp) / "b", texts, citations=False)
                    bare.append(sphinx_build(docs, Path(tmp) / "b" / "html", bib).cpu)
        f = statistics.median(full)
        record("full build", n, f, "s")
        if with_bare:
            b = statistics.median(bare)
            record("full build without citations", n, b, "s")
            record("full / without citations", n, f / b, "x", "<= 1.2", f / b <= 1.2)
        if parallel:
            ratio = statistics.median(wall2) / statistics.median(wall)
            record("full build -j 1, wall", n, statistics.median(wall), "s")
            record("full build -j 2, wall", n, statistics.median(wall2), "s")
            record("full build -j 2, CPU", n, statistics.median(cpu2), "s")
            record("-j 2 / -j 1, wall", n, ratio, "x", "<= 0.65", ratio <= 0.65)
            record("-j 2 serves the same bytes as -j 1", n, float(same), "", "== 1", same)
        for what, times, goal in (
            ("rebuild, nothing changed / full", nochange, 0.03),
            ("rebuild, one summary edit / full", summary, 0.08),
            ("rebuild, one title edit / full", title, 0.12),
        ):
            share = statistics.median(times) / f
            record(what, n, share, "x", f"<= {goal:.2f}", share <= goal)
        record("peak RSS of the full build", n, statistics.median(rss), "MB")
        record(f"largest page ({page[1]})", n, page[0] / 1e6, "MB", "<= 1", page[0] <= 1e6)


def paper_pages_child(docs: Path, out: Path, bib: Path, profile: str) -> None:
    """In this process: one full build, CPU time per document (reading; resolving and
    writing), printed as JSON; with ``profile``, a cProfile of the paper pages' work only."""
    import cProfile
    import json

    import sphinx.builders
    from sphinx.cmd.build import build_main

    from bibtools import pipeline

    keys = {f"papers/{p.key}" for p in pipeline.load_valid([bib]).papers}
    spent: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None

    def timed(function: Callable[..., None], docname: str, *args: object, **kw: object) -> None:
        paper = docname in keys
        if profiler is not None and paper:
            profiler.enable()
        start = time.process_time()
        try:
            function(*args, **kw)
        finally:
            spent[docname] = spent.get(docname, 0.0) + time.process_time() - start
            if profiler is not None and paper:
                profiler.disable()

    read_doc = sphinx.builders.Builder.read_doc
    write_docname = sphinx.builders._write_docname

    def read(self: object, docname: str, **kw: object) -> None:
        timed(read_doc, docname, self, docname, **kw)

    def write(docname: str, **kw: object) -> None:
        timed(write_docname, docname, docname, **kw)

    sphinx.builders.Builder.read_doc = read  # type: ignore[assignment,method-assign]
    sphinx.builders._write_docname = write  # type: ignore[assignment]
    args = ["-q", "-b", "html", str(docs), str(out), "-D", f"bibtools_bib_dir={bib}"]
    if build_main(args) != 0:
        raise SystemExit("build failed")
    if profiler is not None:
        profiler.dump_stats(profile)
    papers = [t for d, t in spent.items() if d in keys]
    others = [t for d, t in spent.items() if d not in keys]
    print(json.dumps({"papers": papers, "others": others}))


def bench_paper_pages(sizes: list[int], runs: int) -> None:
    """CPU ms per paper page (read, resolved, written; in-process), median over the pages,
    median of the runs (goal: <= 5 ms)."""
    import json

    print("\npaper pages, CPU ms each, in-process (median of", runs, "runs)")
    for size in sizes:
        texts, n = synthetic(size)
        per_page, total, rest = [], [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                docs, bib = site_copy(Path(tmp), texts)
                command = [sys.executable, __file__, "--paper-pages-child", str(docs)]
                command += [str(Path(tmp) / "html"), str(bib)]
                env = {**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
                result = subprocess.run(command, env=env, capture_output=True, text=True)
                if result.returncode != 0:
                    raise SystemExit(result.stderr[-2000:])
                spent = json.loads(result.stdout.strip().splitlines()[-1])
                per_page.append(statistics.median(spent["papers"]) * 1000)
                total.append(sum(spent["papers"]))
                rest.append(sum(spent["others"]))
        ms = statistics.median(per_page)
        record("paper page, CPU ms (median page)", n, ms, "ms", "<= 5", ms <= 5)
        record("  all paper pages", n, statistics.median(total), "s")
        record("  all other documents", n, statistics.median(rest), "s")


def bench_real(runs: int) -> None:
    """The real collection: a full build."""
    print("\nThe real collection, CPU s (median of", runs, "runs)")
    texts = {p.name: p.read_text("utf-8") for p in sorted((REPO / "bib").glob("*.bib"))}
    builds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            docs, bib = site_copy(Path(tmp), texts)
            builds.append(sphinx_build(docs, Path(tmp) / "html", bib))
    cpu = statistics.median(b.cpu for b in builds)
    n = sum(len(ENTRY.findall(t)) for t in texts.values())
    record("full build (real collection)", n, cpu, "s", "<= 10", cpu <= 10)
    record("  wall time", n, statistics.median(b.wall for b in builds), "s")


def bench_big(size: int) -> None:
    """One full build of a big collection: that it completes, its time and peak RSS."""
    print(f"\nOne full build at {size} entries")
    texts, n = synthetic(size)
    with tempfile.TemporaryDirectory() as tmp:
        docs, bib = site_copy(Path(tmp), texts)
        build = sphinx_build(docs, Path(tmp) / "html", bib)
        page = largest_page(Path(tmp) / "html")
    record("full build", n, build.cpu, "s")
    record("  wall time", n, build.wall, "s")
    record("  peak RSS", n, build.rss_mb, "MB")
    record(f"  largest page ({page[1]})", n, page[0] / 1e6, "MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--big", type=int, default=0, help="one full build at this size")
    parser.add_argument("--skip-sphinx", action="store_true")
    parser.add_argument("--skip-explorer", action="store_true")
    parser.add_argument("--skip-parallel", action="store_true", help="no -j 2 builds")
    parser.add_argument("--skip-bare", action="store_true", help="no build without citations")
    parser.add_argument("--skip-pages", action="store_true", help="no paper-page timing")
    parser.add_argument("--paper-pages-child", nargs=3, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="", help="with --paper-pages-child: a cProfile")
    args = parser.parse_args()
    if args.paper_pages_child:
        paper_pages_child(*(p.resolve() for p in args.paper_pages_child), args.profile)
        return 0
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, ", end="")
    print(f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"  {'measure':<44} {'entries':>6} {'value':>10}")
    bench_check(args.sizes, args.runs)
    if not args.skip_explorer:
        bench_explorer(args.sizes, args.runs)
    if not args.skip_sphinx:
        bench_real(args.runs)
        bench_sphinx(args.sizes, args.runs, not args.skip_parallel, not args.skip_bare)
        if not args.skip_pages:
            bench_paper_pages(args.sizes, args.runs)
    if args.big:
        bench_big(args.big)
    return 0


if __name__ == "__main__":
    sys.exit(main())
