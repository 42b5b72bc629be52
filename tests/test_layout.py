"""The site's layout (site/layout.py): every list's parts and anchors, decided once."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bibtools.data.model import Collection
from bibtools.site.layout import Listing, site_layout
from bibtools.site.pages.authors import redirect_script
from bibtools.site.pages.category import old_entry_anchors
from bibtools.site.paging import PageLimits
from conftest import FIXTURE, REPO, load_folder

SPLIT_ALL = PageLimits(category=1, topic=1, authors=2, references=1, awards=1)


@pytest.fixture(scope="module", params=["fixture", "real"])
def collection(request: pytest.FixtureRequest) -> Collection:
    return load_folder(FIXTURE if request.param == "fixture" else REPO / "bib")


def _docs(listing: Listing[object]) -> set[str]:
    return {p.doc for p in listing.parts} | {d for s in listing.sections for d in _docs(s)}


@pytest.mark.parametrize("limits", [PageLimits(), SPLIT_ALL], ids=["one-page", "split"])
def test_every_item_is_anchored_on_exactly_one_page(
    collection: Collection, limits: PageLimits
) -> None:
    layout = site_layout(collection, limits)
    for category, listing in zip(collection.taxonomy.categories, layout.categories, strict=True):
        members = {p.key for p in collection.in_category(category.slug)}
        assert set(listing.anchors) == members, category.slug
        for key, doc in listing.anchors.items():
            holders = [
                part
                for section in listing.sections
                for part in section.parts
                if key in part.anchored
            ]
            assert [part.doc for part in holders] == [doc], key
    labels = layout.author_labels
    assert set(layout.authors.anchors) == set(labels.values())
    assert sorted(layout.authors.items, key=labels.__getitem__) == sorted(
        labels, key=labels.__getitem__
    )
    assert set(layout.references.anchors) == {p.key for p in collection.papers}
    assert len(layout.references.items) == len(collection.papers)
    # One page per list while it fits; every part its own document when split.
    pairs = sum(len(set(p.authors)) for p in collection.papers)
    fits = {
        "authors": pairs <= limits.authors,
        "references": len(collection.papers) <= limits.references,
    }
    for listing in (layout.authors, layout.references):
        assert listing.split == (not fits[listing.slug]), listing.slug
        assert len(_docs(listing)) == (len(listing.parts) if listing.split else 1)


def test_the_layout_is_a_pure_value(collection: Collection) -> None:
    assert site_layout(collection, SPLIT_ALL) == site_layout(collection, SPLIT_ALL)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_the_old_author_anchors_script_follows_the_layout(tmp_path: Path) -> None:
    """papers/authors.html#<label> of a split index: the script sends every label to the
    page the layout put it on (run in node, with the page's location faked)."""
    collection = load_folder(REPO / "bib")
    layout = site_layout(collection, PageLimits(authors=40))
    assert layout.authors.split
    script = redirect_script(layout).removeprefix("<script>").removesuffix("</script>")
    labels = sorted(layout.author_labels.values())
    runner = tmp_path / "run.js"
    runner.write_text(
        "const labels = " + json.dumps(labels) + ";\n"
        "const out = {};\n"
        "for (const label of labels) {\n"
        "  const location = { hash: '#' + label, replace: (url) => { out[label] = url; } };\n"
        f"  (function (location) {{ {script} }})(location);\n"
        "}\n"
        "console.log(JSON.stringify(out));\n",
        encoding="utf-8",
    )
    found = json.loads(
        subprocess.run(["node", str(runner)], capture_output=True, text=True, check=True).stdout
    )
    anchors = layout.authors.anchors
    expected = {label: f"{anchors[label].removeprefix('papers/')}.html#{label}" for label in labels}
    assert found == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_the_old_entry_anchors_script_follows_the_layout(tmp_path: Path) -> None:
    """papers/<category>.html#<key> and #<category>-<key> of a long category: the script
    sends every entry whose home is the category to its anchor on its topic's page, and
    leaves alone the ids the page holds and keys it does not know (run in node, with the
    page's location and document faked)."""
    collection = load_folder(REPO / "bib")
    layout = site_layout(collection, PageLimits(category=1, topic=30))
    categories = {category.slug: category for category in collection.taxonomy.categories}
    checked = 0
    for listing in layout.categories:
        assert listing.split
        category = categories[listing.slug]
        members = collection.in_category(category.slug)
        script = old_entry_anchors(category, members, listing)
        script = script.removeprefix("<script>").removesuffix("</script>")
        home = sorted(p.key for p in members if p.home == category.slug)
        on_page = [f"{category.slug}-topic-{s.slug}" for s in listing.sections]
        hashes = [*home, *(f"{category.slug}-{k}" for k in home), *on_page, "nokey2025x", ""]
        runner = tmp_path / "run.js"
        runner.write_text(
            f"const hashes = {json.dumps(hashes)}, ids = new Set({json.dumps(on_page)});\n"
            "const document = { getElementById: (id) => (ids.has(id) ? {} : null) };\n"
            "const out = {};\n"
            "for (const hash of hashes) {\n"
            "  const location = { hash: hash ? '#' + hash : '', "
            "replace: (url) => { out[hash] = url; } };\n"
            f"  (function (location) {{ {script} }})(location);\n"
            "}\n"
            "console.log(JSON.stringify(out));\n",
            encoding="utf-8",
        )
        run = subprocess.run(["node", str(runner)], capture_output=True, text=True, check=True)
        found = json.loads(run.stdout)
        expected = {}
        for key in home:
            label = f"{category.slug}-{key}"
            target = f"{listing.anchors[key].removeprefix('papers/')}.html#{label}"
            expected[key] = expected[label] = target
        assert found == expected, category.slug
        checked += len(home)
    assert checked == len(collection.papers)
