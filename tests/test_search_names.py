"""The search page's author names (site.search_names): folded as the browser folds a
query, each name also transliterated, deterministic, and inert as a script."""

from __future__ import annotations

import json

import pytest

from bibtools.site.search_names import GLOBAL, author_names, author_names_js, spellings
from conftest import FIXTURE, load_folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hao Zhang", ("hao zhang",)),
        ("Korbinian Pöppel", ("korbinian poppel",)),
        ("Michał Bortkiewicz", ("michał bortkiewicz", "michal bortkiewicz")),
        ("Ørjan O'Neil-Smith", ("ørjan o neil smith", "orjan o neil smith")),
        ("vLLM Team", ("vllm team",)),
    ],
)
def test_a_name_is_found_as_a_reader_types_it(name: str, expected: tuple[str, ...]) -> None:
    assert spellings(name) == expected


def test_the_names_file_maps_each_name_to_its_papers() -> None:
    collection = load_folder(FIXTURE)
    names = author_names(collection)
    assert list(names) == sorted(names)
    for paper in collection.papers:
        for author in paper.authors:
            for spelling in spellings(author.display):
                assert f"papers/{paper.key}" in names[spelling]
    text = author_names_js(collection).decode("ascii")
    assert text.startswith(f"var {GLOBAL} = ") and text.endswith(";\n")
    assert json.loads(text.removeprefix(f"var {GLOBAL} = ").removesuffix(";\n")) == names
    assert "<" not in text  # no </script> can end it early
