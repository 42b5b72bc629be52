"""Performance measurements: ratios and scaling, several runs each (median reported).

Run with ``tox -e bench`` (or ``python benchmarks/bench.py``). Not a test: nothing here
asserts a time. What it shows:

1. LaTeX -> text per title: latexcodec vs pybtex's ``Text.from_latex`` (the ratio);
2. how load+validate, generation and ``fmt`` scale with the number of entries (the real
   entries replicated under fresh keys), as ms per entry at 1x, 4x and 16x;
3. Sphinx: a full build, a no-change rebuild, and a rebuild after one summary edit.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bibtools.bibtex.fmt import format_text
from bibtools.bibtex.latex import latex_to_text
from bibtools.data.loader import load_collection
from bibtools.data.rules import validate
from bibtools.site.generate import generate_site

REPO = Path(__file__).resolve().parents[1]


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def replicate(texts: dict[str, str], factor: int) -> dict[str, str]:
    """``factor`` copies of every entry, each copy with its own key, title and ids."""
    out: dict[str, str] = {}
    for copy in range(factor):
        suffix = "" if copy == 0 else chr(ord("a") + copy % 26) * (1 + copy // 26)
        for name, text in texts.items():
            if not suffix:
                out[name] = text
                continue
            text = re.sub(r"@(\w+)\{([a-z]+\d{4}[a-z0-9]+),", rf"@\1{{\2{suffix},", text)
            text = re.sub(r"(\n  title = \{[^\n]*)\},", rf"\1 (copy {suffix})}},", text)
            text = re.sub(r"(openreview = \{)", rf"\1{suffix[:2]}", text)
            text = re.sub(r"(id=)", rf"\1{suffix[:2]}", text)
            text = re.sub(r"(eprint = \{)\d{4}", rf"\g<1>{9000 + copy}", text)
            out[f"{suffix}-{name}"] = text
    return out


def bench_latex(runs: int) -> None:
    from pybtex.richtext import Text

    titles = [
        r"Learning {$\mu$P} with Aky{\"u}rek, Bottou and Jo{\~a}o",
        r"{R-KV}: Redundancy-aware {KV} Cache Compression for Reasoning Models",
        r"Twilight: Adaptive Attention Sparsity with Hierarchical Top-$p$ Pruning",
    ] * 20
    ours = median_seconds(lambda: [latex_to_text(t) for t in titles], runs) / len(titles)
    theirs = median_seconds(
        lambda: [Text.from_latex(t).render_as("text") for t in titles], runs
    ) / len(titles)
    print("LaTeX -> text, per title (median of", runs, "runs)")
    print(f"  latexcodec (bibtools)   {ours * 1e3:8.3f} ms")
    print(f"  pybtex Text.from_latex  {theirs * 1e3:8.3f} ms   ratio {theirs / ours:6.1f}x")


def bench_scaling(runs: int) -> None:
    base = {p.name: p.read_text("utf-8") for p in sorted((REPO / "bib").glob("*.bib"))}
    taxonomy = (REPO / "bib" / "taxonomy.toml").read_text("utf-8")
    print("\nScaling with entries (median of", runs, "runs; ms per entry should stay flat)")
    print(f"  {'entries':>8} {'load+check':>12} {'generate':>12} {'fmt':>12}   (ms/entry)")
    for factor in (1, 4, 16):
        texts = replicate(base, factor)
        collection, problems = load_collection(texts, taxonomy, "taxonomy.toml")
        problems += validate(collection)
        assert not problems, problems[:3]
        n = len(collection.papers)

        def load_check(texts: dict[str, str] = texts) -> None:
            loaded, _ = load_collection(texts, taxonomy, "taxonomy.toml")
            validate(loaded)

        load_s = median_seconds(load_check, runs)
        gen_s = median_seconds(lambda c=collection: generate_site(c), max(1, runs // 2))
        fmt_s = median_seconds(lambda t=texts: [format_text(v, k) for k, v in t.items()], runs)
        print(
            f"  {n:>8} {load_s / n * 1e3:>12.3f} {gen_s / n * 1e3:>12.3f} {fmt_s / n * 1e3:>12.3f}"
        )


def bench_sphinx(runs: int) -> None:
    from sphinx.cmd.build import build_main

    print("\nSphinx site build, seconds (median of", runs, "runs)")
    full, nochange, edit = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            shutil.copytree(REPO / "bib", root / "bib")
            shutil.copytree(
                REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("_build", "papers")
            )
            args = ["-q", "-b", "html", "-D", f"bibtools_bib_dir={root / 'bib'}"]
            args += [str(root / "docs"), str(root / "html")]

            def build(args: list[str] = args) -> None:
                assert build_main(args) == 0

            full.append(median_seconds(build, 1))
            nochange.append(median_seconds(build, 1))
            bib = root / "bib" / "inference.bib"
            bib.write_text(bib.read_text("utf-8").replace(" is ", " is, ", 1), "utf-8")
            edit.append(median_seconds(build, 1))
    print(f"  full build               {statistics.median(full):6.2f}")
    print(f"  rebuild, nothing changed {statistics.median(nochange):6.2f}")
    print(f"  rebuild, one summary     {statistics.median(edit):6.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-sphinx", action="store_true")
    args = parser.parse_args()
    bench_latex(args.runs)
    bench_scaling(args.runs)
    if not args.skip_sphinx:
        bench_sphinx(max(1, args.runs // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
