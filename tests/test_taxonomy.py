"""The taxonomy file: parsed in order, and every mistake reported with its line."""

from __future__ import annotations

import pytest

from bibtools.data.taxonomy import Moved, parse_taxonomy
from bibtools.errors import LoadError
from conftest import REPO, TAXONOMY_TEXT, load_folder


def test_fixture_taxonomy_parses_in_order() -> None:
    taxonomy = parse_taxonomy(TAXONOMY_TEXT, "taxonomy.toml")
    assert [c.slug for c in taxonomy.categories] == ["inference", "training"]
    assert [t.keyword for t in taxonomy.categories[0].topics] == [
        "inference/serving",
        "inference/decoding",
    ]
    assert taxonomy.categories[1].topics[0].description == (
        "Parallelism and communication for training across many devices"
    )
    assert taxonomy.moved == (
        Moved("inference/batching", "inference/serving"),
        Moved("training/decoding", "inference/decoding"),
    )
    homes = taxonomy.new_homes()
    assert {old: topic.keyword for old, topic in homes.items()} == {
        "inference/batching": "inference/serving",
        "training/decoding": "inference/decoding",
    }


def test_real_taxonomy_has_six_categories_and_four_layers() -> None:
    taxonomy = parse_taxonomy((REPO / "bib" / "taxonomy.toml").read_text("utf-8"), "t")
    assert [c.slug for c in taxonomy.categories] == [
        "architecture",
        "compression",
        "inference",
        "multi-modality",
        "rl",
        "training",
    ]
    assert [layer.title for layer in taxonomy.layers] == [
        "Systems",
        "System-Algorithm Co-design",
        "Algorithm",
        "Benchmarks & Analysis",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[layer\n", "taxonomy.toml:1: taxonomy: invalid TOML"),
        (
            TAXONOMY_TEXT.replace(
                'layer = "algorithm"\ntitle = "Decoding', 'layer = "algo"\ntitle = "Decoding'
            ),
            "taxonomy.toml:25: taxonomy: topic 'inference/decoding' names unknown layer 'algo'; "
            "use one of: algorithm, systems",
        ),
        (
            TAXONOMY_TEXT.replace('slug = "decoding"', 'slug = "serving"'),
            "taxonomy.toml:25: taxonomy: topic 'inference/serving' is declared twice",
        ),
        (
            TAXONOMY_TEXT.replace('title = "Serving Systems"', 'title = ""'),
            "taxonomy: topic 'serving' needs 'title' as a non-empty one-line string",
        ),
        (
            TAXONOMY_TEXT.replace('slug = "decoding"', 'slug = "Decoding Algos"'),
            "slug 'Decoding Algos' must be lower-case kebab-case",
        ),
        (
            TAXONOMY_TEXT.replace('slug = "algorithm"', 'slug = "systems"', 1),
            "taxonomy.toml:8: taxonomy: layer 'systems' is declared twice",
        ),
        (
            TAXONOMY_TEXT.replace('icon = "rocket"', 'icon = "rockett"'),
            "taxonomy.toml:34: taxonomy: category 'training': icon 'rockett' is not an octicon "
            "name sphinx-design knows",
        ),
        *(
            (
                TAXONOMY_TEXT.replace('slug = "training"', f'slug = "{name}"'),
                f"taxonomy.toml:31: taxonomy: category '{name}': the slug names one of the "
                "site's own pages or downloads, which its page would overwrite",
            )
            for name in ("authors", "references", "neurips25-mlsys")
        ),
        (
            TAXONOMY_TEXT.replace('title = "Serving Systems"', 'title = "Serving \u202eSystems"'),
            "taxonomy.toml:19: taxonomy: topic 'serving': title holds U+202E (RIGHT-TO-LEFT "
            "OVERRIDE), which readers cannot see; remove it",
        ),
        (
            TAXONOMY_TEXT.replace("optimisers", "optimisers\\u0007"),
            "taxonomy.toml:31: taxonomy: category 'training': description holds U+0007 "
            "(control), which readers cannot see; remove it",
        ),
    ],
)
def test_taxonomy_problems(text: str, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse_taxonomy(text, "taxonomy.toml")
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems


T = TAXONOMY_TEXT
DISTRIBUTED = 'description = "Parallelism and communication for training across many devices"'
TOPIC_KEYS = "slug, layer, title, description"
MOVED_NEEDS = (
    "as a \"category/topic\" string of lower-case kebab-case slugs (a-z, 0-9, '-'): it "
    "becomes part of URLs"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            T.replace(DISTRIBUTED + "\n", ""),
            ["38: topic 'training/distributed' needs 'description' as a non-empty one-line string"],
            id="description-missing",
        ),
        pytest.param(
            T.replace(DISTRIBUTED, "description = 3"),
            ["38: topic 'training/distributed' needs 'description' as a non-empty one-line string"],
            id="description-not-a-string",
        ),
        pytest.param(
            T.replace(DISTRIBUTED, 'description = """two\nlines"""'),
            ["38: topic 'training/distributed' needs 'description' as a non-empty one-line string"],
            id="description-two-lines",
        ),
        pytest.param(
            T.replace(DISTRIBUTED, 'description = "Parallelism."'),
            [
                "38: topic 'training/distributed': end the description without a period "
                "(the page adds one)"
            ],
            id="description-final-period",
        ),
        pytest.param(
            T.replace(DISTRIBUTED, DISTRIBUTED.replace("description", "descripton")),
            [
                "38: topic 'training/distributed' needs 'description' as a non-empty one-line "
                "string",
                f"41: topic 'training/distributed': unknown key 'descripton'; a "
                f"[[category.topic]] may hold only: {TOPIC_KEYS}",
            ],
            id="unknown-key-in-topic",
        ),
        pytest.param(
            T.replace(
                'title = "Algorithm"\n\n[[category]]',
                'title = "Algorithm"\ntitel = "x"\n\n[[category]]',
            ),
            ["10: layer 'algorithm': unknown key 'titel'; a [[layer]] may hold only: slug, title"],
            id="unknown-key-in-layer",
        ),
        pytest.param(
            T.replace('icon = "rocket"', 'icon = "rocket"\nicons = "x"'),
            [
                "35: category 'training': unknown key 'icons'; a [[category]] may hold only: "
                "slug, title, short, icon, description, topic"
            ],
            id="unknown-key-in-category",
        ),
        pytest.param(
            T + "\n[category.extra]\nx = 1\n",
            [
                "57: category 'training': unknown key 'extra'; a [[category]] may hold only: "
                "slug, title, short, icon, description, topic"
            ],
            id="unknown-sub-table-in-category",
        ),
        pytest.param(
            "version = 2\n" + T,
            [
                "1: the top level: unknown key 'version'; the file may hold only: layer, "
                "category, moved"
            ],
            id="unknown-key-at-top-level",
        ),
        pytest.param(
            T.replace(
                '[[moved]]\nfrom = "training/decoding"', '[[moves]]\nfrom = "training/decoding"'
            ),
            [
                "53: the top level: unknown key 'moves'; the file may hold only: layer, "
                "category, moved"
            ],
            id="unknown-table-at-top-level",
        ),
        pytest.param(
            T.replace('to = "inference/serving"', 'too = "inference/serving"'),
            [
                f"49: a [[moved]] needs 'to' {MOVED_NEEDS}",
                "51: [[moved]] from 'inference/batching': unknown key 'too'; a [[moved]] may "
                "hold only: from, to",
            ],
            id="unknown-key-in-moved",
        ),
        pytest.param(
            T.replace('from = "inference/batching"', 'from = "inference/decoding"'),
            [
                "50: [[moved]] from 'inference/decoding' is a current topic; a moved topic's "
                "old keyword must not be a topic (remove the record, or the topic)"
            ],
            id="moved-from-a-current-topic",
        ),
        pytest.param(
            T.replace('to = "inference/serving"', 'to = "inference/batch"'),
            [
                "51: [[moved]] to 'inference/batch' is not a topic of the taxonomy; name the "
                "current topic that holds the old topic's papers"
            ],
            id="moved-to-an-unknown-topic",
        ),
        pytest.param(
            T.replace('to = "inference/serving"', 'to = "inference/batching"'),
            [
                "51: [[moved]] to 'inference/batching' is not a topic of the taxonomy; name the "
                "current topic that holds the old topic's papers"
            ],
            id="moved-to-itself",
        ),
        pytest.param(
            T.replace('from = "training/decoding"', 'from = "inference/batching"'),
            ["54: [[moved]] from 'inference/batching' is declared twice"],
            id="moved-twice",
        ),
        pytest.param(
            T.replace('from = "training/decoding"', 'from = "../decoding"'),
            [f"54: a [[moved]] needs 'from' {MOVED_NEEDS}"],
            id="moved-from-an-unsafe-slug",
        ),
        pytest.param(
            T.replace('to = "inference/decoding"', 'to = "inference/Decoding Algos"'),
            [f"55: a [[moved]] needs 'to' {MOVED_NEEDS}"],
            id="moved-to-an-unsafe-slug",
        ),
        pytest.param(
            T.replace('from = "training/decoding"', "from = 3"),
            [f"54: a [[moved]] needs 'from' {MOVED_NEEDS}"],
            id="moved-from-not-a-string",
        ),
        pytest.param(
            T.replace('from = "training/decoding"', 'from = "rl/decoding"'),
            [
                "54: [[moved]] from 'rl/decoding': category 'rl' is not in the taxonomy, so no "
                "page would keep the old anchor"
            ],
            id="moved-from-a-removed-category",
        ),
        pytest.param(
            "moved = 3\n" + T.split("\n[[moved]]")[0],
            ["1: the taxonomy: 'moved' must be [[moved]] tables"],
            id="moved-not-tables",
        ),
    ],
)
def test_taxonomy_problems_are_located(text: str, expected: list[str]) -> None:
    """Each mistake, with its line (``taxonomy.toml:<line>: taxonomy: ...``); nothing else."""
    with pytest.raises(LoadError) as caught:
        parse_taxonomy(text, "taxonomy.toml")
    got = [
        str(p).removeprefix("taxonomy.toml:").replace(": taxonomy: ", ": ", 1)
        for p in caught.value.problems
    ]
    assert got == expected


REAL = REPO / "bib" / "taxonomy.toml"


def test_real_taxonomy_descriptions_say_what_belongs() -> None:
    """Every topic's description in bib/taxonomy.toml says what belongs in it: a phrase of
    at least five words, starting with a capital, without a final period (the page adds
    one), more than the topic's title; categories' descriptions likewise."""
    taxonomy = parse_taxonomy(REAL.read_text("utf-8"), str(REAL))
    described = [
        (f"topic {t.keyword}", t.title, t.description)
        for c in taxonomy.categories
        for t in c.topics
    ]
    described += [(f"category {c.slug}", c.title, c.description) for c in taxonomy.categories]
    bad = [
        (name, description)
        for name, title, description in described
        if len(description.split()) < 5
        or not description[0].isupper()
        or description.endswith((".", ";", ",", ":"))
        or description.casefold() == title.casefold()
    ]
    assert bad == []


def test_real_taxonomy_every_topic_holds_an_entry() -> None:
    """No topic of bib/taxonomy.toml is empty: a topic is a promise that the collection
    covers its subject (and an empty one is not shown, so its anchor would not exist)."""
    collection = load_folder(REPO / "bib")
    empty = [
        t.keyword
        for c in collection.taxonomy.categories
        for t in c.topics
        if not collection.in_topic(t.keyword)
    ]
    assert empty == []


def test_every_octicon_name_is_one_the_build_draws() -> None:
    """check's list of octicons (data/octicons.py) holds only names the installed
    sphinx-design draws: an icon check accepts, the -nW build accepts."""
    from sphinx_design.icons import list_octicons

    from bibtools.data.octicons import OCTICONS

    assert set(list_octicons()) >= OCTICONS
    assert {c.icon for c in parse_taxonomy(REAL.read_text("utf-8"), "t").categories} <= OCTICONS


def test_reserved_slugs_are_the_sites_own_names() -> None:
    """The names a category may not take are the site's documents and folders beside the
    category pages, and the collection's download name."""
    from bibtools.data.taxonomy import RESERVED_SLUGS
    from bibtools.export.files import ALL_STEM
    from bibtools.site import urls

    docs = [
        urls.AWARDS_DOC,
        urls.AUTHORS_DOC,
        urls.REFERENCES_DOC,
        urls.STATISTICS_DOC,
        urls.DOWNLOADS_DOC,
        urls.EXPLORER_DOC,
        urls.CITE_DIR,
        f"{urls.PAPERS}/{urls.BIBLIOGRAPHY}",
        f"{urls.PAPERS}/{urls.HOME.removesuffix('.md')}",
    ]
    assert {doc.removeprefix(f"{urls.PAPERS}/") for doc in docs} | {ALL_STEM} == RESERVED_SLUGS


def test_no_category_slug_names_another_categorys_neurips_only_downloads() -> None:
    from bibtools.data.taxonomy import RESERVED_SUFFIX
    from bibtools.export.files import NEURIPS_ONLY

    assert RESERVED_SUFFIX == NEURIPS_ONLY
    source = (REPO / "bib" / "taxonomy.toml").read_text("utf-8")
    bad = source.replace('slug = "training"', 'slug = "inference-neurips2025"', 1)
    with pytest.raises(LoadError) as caught:
        parse_taxonomy(bad, "taxonomy.toml")
    problems = caught.value.problems
    assert any("ending in '-neurips2025'" in p.message for p in problems), problems
