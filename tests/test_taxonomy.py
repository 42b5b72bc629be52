"""The taxonomy file: parsed in order, and every mistake reported with its line."""

from __future__ import annotations

import pytest

from bibtools.data.taxonomy import parse_taxonomy
from bibtools.errors import LoadError
from conftest import REPO, TAXONOMY_TEXT


def test_fixture_taxonomy_parses_in_order() -> None:
    taxonomy = parse_taxonomy(TAXONOMY_TEXT, "taxonomy.toml")
    assert [c.slug for c in taxonomy.categories] == ["inference", "training"]
    assert [t.keyword for t in taxonomy.categories[0].topics] == [
        "inference/serving",
        "inference/decoding",
    ]


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
            "taxonomy.toml:23: taxonomy: topic 'inference/decoding' names unknown layer 'algo'; "
            "use one of: algorithm, systems",
        ),
        (
            TAXONOMY_TEXT.replace('slug = "decoding"', 'slug = "serving"'),
            "taxonomy.toml:23: taxonomy: topic 'inference/serving' is declared twice",
        ),
        (
            TAXONOMY_TEXT.replace('title = "Serving Systems"', 'title = ""'),
            "taxonomy: topic 'serving' needs 'title' as a non-empty one-line string",
        ),
        (
            TAXONOMY_TEXT.replace('slug = "decoding"', 'slug = "Decoding Algos"'),
            "slug 'Decoding Algos' must be lower-case kebab-case",
        ),
    ],
)
def test_taxonomy_problems(text: str, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse_taxonomy(text, "taxonomy.toml")
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems
