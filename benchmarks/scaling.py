"""Linear time in every input dimension (issue 25): each hostile dimension doubled, the CPU
time of the command that meets it measured at n, 2n and 4n (median of ``--runs``), and the
ratio of each step printed. Linear code gives about 2.0 per doubling, quadratic about 4.

Run with ``python benchmarks/scaling.py`` (``--runs 3``, ``--scale 0.5`` for smaller sizes,
``--only authors``). Not a test: nothing asserts a time. The dimensions:

- ``authors``: one entry with n authors and an ``added`` date (the Atom feed's author list);
- ``non-latin``: one entry with n distinct authors whose names fold to no ASCII letter (the
  author index's labels ``author-x``, ``author-x-2``, ...);
- ``topics``: a taxonomy of n topics (one category);
- ``fields``: one entry with n extra fields;
- ``unclosed``: n lines of ``@misc{a,``, none ever closed.

Each is timed through ``check`` (load and validate, as ``bibtools check``), through the
function that held the slow spot (``feed``: the Atom feed; ``labels``: the author index's
labels; ``fmt``: ``bibtools fmt``'s formatting), and through ``generate`` (every page, in
memory; its fixed cost, the figure, makes its ratios fall short of 2 at small sizes).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# --src OLD/src measures another version of the code (before and after a fix).
SRC = Path(sys.argv[sys.argv.index("--src") + 1]) if "--src" in sys.argv else REPO / "src"
sys.path.insert(0, str(SRC))

from bibtools import fs, pipeline  # noqa: E402
from bibtools.bibtex.fmt import format_text  # noqa: E402
from bibtools.bibtex.write import braced_entry  # noqa: E402
from bibtools.data.contract import FIELD_ORDER  # noqa: E402

TAXONOMY = (REPO / "tests" / "fixtures" / "bib" / "taxonomy.toml").read_text("utf-8")
SUMMARY = (
    "Gating is common in sequence models, but its effect inside softmax attention had not "
    "been isolated. The authors train many gated variants and find that a head-specific "
    "sigmoid gate after attention improves quality, stabilises training and allows larger "
    "learning rates. The gate adds non-linearity and sparse, query-dependent scores, which "
    "removes the attention sink. It improves perplexity by **0.2** points."
)
FIELDS = {
    "title": "Gated Attention for Large Language Models",
    "author": "Qiu, Zihan and Wang, Zekun",
    "booktitle": "Advances in Neural Information Processing Systems",
    "year": "2025",
    "url": "https://openreview.net/forum?id=1b7whO4SfY",
    "track": "main",
    "openreview": "1b7whO4SfY",
    "presentation": "oral",
    "keywords": "inference/serving",
    "added": "2025-06-01",
    "annote": SUMMARY,
}
HAN = [chr(0x4E00 + i) for i in range(0x5000)]  # CJK ideographs: no ASCII form


def _han(i: int) -> str:
    return HAN[i % len(HAN)] + HAN[(i // len(HAN)) % len(HAN)]


def one_entry(**fields: str) -> fs.Sources:
    text = braced_entry("inproceedings", "qiu2025gated", {**FIELDS, **fields})
    return fs.Sources({"bib/inference.bib": text}, TAXONOMY, "bib/taxonomy.toml", [])


def many_authors(n: int) -> fs.Sources:
    names = " and ".join(f"Author{i:06d}, Ann" for i in range(n))
    return one_entry(author="Qiu, Zihan and " + names)


def non_latin_authors(n: int) -> fs.Sources:
    names = " and ".join(f"{_han(i)}, {_han(i + 1)}" for i in range(n))
    return one_entry(author="Qiu, Zihan and " + names)


def many_topics(n: int) -> fs.Sources:
    topics = "".join(
        f'\n[[category.topic]]\nslug = "topic-{i}"\nlayer = "systems"\n'
        f'title = "Topic {i}"\ndescription = "What topic {i} holds"\n'
        for i in range(n)
    )
    marker = '\n[[category.topic]]\nslug = "decoding"'  # in layer order: systems first
    taxonomy = TAXONOMY.replace(marker, topics + marker, 1)
    text = braced_entry("inproceedings", "qiu2025gated", FIELDS)
    return fs.Sources({"bib/inference.bib": text}, taxonomy, "bib/taxonomy.toml", [])


def many_fields(n: int) -> fs.Sources:
    return one_entry(**{f"x{i}": f"value {i}" for i in range(n)})


def unclosed(n: int) -> fs.Sources:
    return fs.Sources({"bib/a.bib": "@misc{a,\n" * n}, TAXONOMY, "bib/taxonomy.toml", [])


def check(sources: fs.Sources) -> object:
    return pipeline.checked(sources)


def generate(sources: fs.Sources) -> object:
    from bibtools.site.generate import site_files

    collection, problems = pipeline.checked(sources)
    assert not problems, problems[:3]
    return dict(site_files(collection, b""))


def feed(sources: fs.Sources) -> object:
    from bibtools.site.feed import atom_feed

    return atom_feed(pipeline.checked(sources)[0], "https://example.org/")


def labels(sources: fs.Sources) -> object:
    from bibtools.site.urls import author_labels

    return author_labels(pipeline.checked(sources)[0])


def fmt(sources: fs.Sources) -> object:
    return [format_text(text, path, FIELD_ORDER) for path, text in sources.bib_texts.items()]


DIMENSIONS: dict[str, tuple[Callable[[int], fs.Sources], int, tuple[str, ...]]] = {
    "authors": (many_authors, 12_500, ("check", "feed", "generate")),
    "non-latin": (non_latin_authors, 3_500, ("check", "labels", "generate")),
    "topics": (many_topics, 1_000, ("check", "generate")),
    "fields": (many_fields, 6_250, ("check", "fmt")),
    "unclosed": (unclosed, 3_750, ("check", "fmt")),
}
ACTIONS: dict[str, Callable[[fs.Sources], object]] = {
    "check": check,
    "generate": generate,
    "feed": feed,
    "labels": labels,
    "fmt": fmt,
}


def cpu(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--only", nargs="*", choices=sorted(DIMENSIONS), default=None)
    parser.add_argument("--src", type=Path, default=SRC, help="the bibtools sources to time")
    args = parser.parse_args()
    print(f"{platform.node()}: {platform.machine()}, Python {platform.python_version()}, {SRC}")
    print(f"CPU s, median of {args.runs}; ratio: to the size before (linear: ~2)")
    for name in args.only or DIMENSIONS:
        make, base, actions = DIMENSIONS[name]
        sizes = [max(1, round(base * args.scale)) * k for k in (1, 2, 4)]
        inputs = {size: make(size) for size in sizes}
        for action in actions:
            ACTIONS[action](make(1))  # imports and caches warmed, not timed
            run = ACTIONS[action]
            times = [cpu(lambda s=inputs[size], f=run: f(s), args.runs) for size in sizes]
            steps = " ".join(
                f"{size:>7} {t:7.3f} s" + (f" ({t / times[i - 1]:.2f}x)" if i else "         ")
                for i, (size, t) in enumerate(zip(sizes, times, strict=True))
            )
            print(f"  {name:<10} {action:<9} {steps}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
