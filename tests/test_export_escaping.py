"""Every exported .bib reads back, in every client, as exactly the entries of the model: a
property test with hostile text (braces, ``@``, backslashes, quotes, TeX ligatures) in each
exported field of each kind of entry, as decoded text and as raw LaTeX.

What must hold (issue 25): a venue, note or authorless title whose *decoded* text holds
``}``, ``{`` or ``@`` once broke out of its value in the export and added fields or entries
(``url = {javascript:...}``) to the downloads, the citation files and the site's bibliography.
"""

from __future__ import annotations

from typing import Any

import bibtexparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from bibtools.bibtex.latex import latex_to_text, text_to_latex
from bibtools.bibtex.syntax import RawEntry, parse_bib
from bibtools.bibtex.write import braced_entry
from bibtools.data.loader import paper_from_raw
from bibtools.data.model import Collection, Paper
from bibtools.data.taxonomy import parse_taxonomy
from bibtools.export.bibtex import bibtex_file, export_values
from bibtools.export.placement import placement
from bibtools.site.bibstyle import bibliography_file
from conftest import SUMMARY, TAXONOMY_TEXT

# Pieces of decoded text an attacker (or an unlucky copy-paste) puts in a field.
FRAGMENTS = [
    "}",
    "{",
    "}}",
    "@misc{x,",
    "@inproceedings{evil,",
    "url = {javascript:alert(1)}",
    "}, url = {javascript:alert(1)}, x = {",
    "\\",
    "\\}",
    "\\{",
    "\\textbackslash",
    '"',
    ",",
    "=",
    "%",
    "$",
    "&",
    "#",
    "_",
    "~",
    "^",
    "--",
    "''",
    "``",
    ",,",
    "!`",
    "?`",
    " ",
    " and ",
    "others",
    "é",
    "ü",
    "<script>",
    "(",
    ")",
]
WORD = st.text(alphabet="abcXYZ019:./-'", min_size=1, max_size=6)
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), WORD), min_size=1, max_size=8).map("".join)
# Raw LaTeX: balanced as BibTeX counts braces (any brace, escaped or not), so it parses; a
# lone backslash before a brace makes the escaped forms (`{\}`, `\{...}`).
TOKENS = st.sampled_from(
    [
        "\\",
        "\\\\",
        "@",
        "@misc",
        "\n@misc",
        ",",
        "=",
        '"',
        "%",
        "$",
        "~",
        "--",
        " ",
        "\\textbackslash",
        "\\textbraceright",
        '\\"',
        "é",
        "url = ",
        "javascript:alert(1)",
        "}",  # only ever inside a group below: closes it, as in `{\}`
    ]
)


@st.composite
def latex(draw: st.DrawFn, depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["word", "token", "group"] if depth < 3 else ["word"]))
        if kind == "word":
            parts.append(draw(WORD))
        elif kind == "token":
            token = draw(TOKENS)
            parts.append("\\" if token == "}" else token)
        else:
            parts.append("{" + draw(latex(depth + 1)) + "}")
    return "".join(parts)


RAW = st.one_of(TEXT.map(text_to_latex), latex())
NAME_PART = st.one_of(TEXT.map(text_to_latex), latex()).map(lambda part: "{" + part + "}")

KINDS = {
    # entry type, track, the fields that kind exports from what it holds
    "neurips": ("inproceedings", "main", ("booktitle",)),
    "proceedings": ("inproceedings", "other-venue", ("venue",)),
    "article": ("article", "other-venue", ("journal", "venue")),
    "misc": ("misc", "workshop", ("venue",)),
    "unconfirmed": ("misc", "unconfirmed", ("venue",)),
}


@st.composite
def entry_text(draw: st.DrawFn, key: str) -> str:
    entry_type, track, extra = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    fields: dict[str, str] = {"title": draw(RAW)}
    if track == "unconfirmed" and draw(st.booleans()):
        if draw(st.booleans()):
            fields["shortname"] = draw(RAW)
    else:
        names = [f"{draw(NAME_PART)}, {draw(NAME_PART)}" for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            names.append("others")
        fields["author"] = " and ".join(names)
    fields |= {name: draw(RAW) for name in extra}
    fields |= {
        "year": "2025",
        "url": "https://example.org/paper",
        "track": track,
        "keywords": draw(st.one_of(st.just("inference/serving"), RAW)),
        "annote": SUMMARY,
        "primaryclass": draw(st.one_of(st.just("cs.LG"), RAW)),
    }
    if draw(st.booleans()):
        fields |= {"eprint": "2505.06708", "archiveprefix": "arXiv"}
    return braced_entry(entry_type, key, fields)


def load(text: str) -> list[Paper]:
    bib, problems = parse_bib(text, "x.bib")
    assert problems == [], problems
    return [paper_from_raw(c, "x.bib") for c in bib.chunks if isinstance(c, RawEntry)]


def derived_text(paper: Paper) -> dict[str, str]:
    """The text each derived field of the export stands for."""
    where = placement(paper)
    venue = where.genre if where.note else paper.venue
    return {
        "note": where.note,
        # An authorless entry's label, with its year (natbib leaves the year out of it).
        "key": " ".join(part for part in (paper.shortname or paper.title, paper.year) if part),
        "howpublished": venue,
        "booktitle": paper.value("booktitle") or venue,  # type: ignore[dict-item]
    }


def assert_reads_back(exported: bytes, papers: list[Paper], site: bool = False) -> None:
    text = exported.decode("utf-8")
    keys = [paper.key for paper in papers]
    # pybtex (sphinxcontrib-bibtex's reader): the same entries, the same fields, no more.
    pybtex_data = parse_string(text, "bibtex")
    assert list(pybtex_data.entries) == keys
    # bibtexparser agrees on where every value ends.
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == keys
    back = {paper.key: paper for paper in load(text)}
    for paper in papers:
        written = export_values(paper)
        entry: Any = pybtex_data.entries[paper.key]
        names = {n.lower() for n in entry.fields} | set(entry.persons)
        assert names == set(written), (paper.key, names, set(written))
        fields = {e.key: e for e in library.entries}[paper.key].fields_dict
        assert set(fields) == set(written)
        again = back[paper.key]
        for raw in again.fields:
            assert fields[raw.name].value == raw.value  # bibtexparser's and bibtools' value
            if raw.name != "author":
                assert entry.fields[raw.name] == raw.value  # and pybtex's
        # Read back, every field is the model's text (the site's copy may hold the title
        # as plain text: pybtex prints it as written).
        assert (again.authors, again.more_authors) == (paper.authors, paper.more_authors)
        if site:
            continue
        assert again.title == paper.title
        assert again.value("journal") == paper.value("journal")
        for name in ("primaryclass", "year", "url", "eprint", "archiveprefix"):
            # As written; a value no reader could end alike as its text, re-encoded.
            written_as = paper.raw(name).strip()
            read = again.raw(name)
            assert read == written_as or latex_to_text(read) == written_as, name
        # The site's own keywords are never exported (they would become a reader's tags);
        # a hostile one must not come back through another field either.
        assert not again.keywords
        expected = derived_text(paper)
        for name in ("note", "key", "howpublished", "booktitle"):
            if name in written:
                assert latex_to_text(again.raw(name)) == expected[name], name


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(*(entry_text(f"e{i}") for i in range(n)))))
def test_exported_bib_reads_back_as_the_same_entries(texts: tuple[str, ...]) -> None:
    papers = load("\n".join(texts))
    assert_reads_back(bibtex_file(papers, "test"), papers)
    collection = Collection(parse_taxonomy(TAXONOMY_TEXT, "taxonomy.toml"), tuple(papers))
    assert_reads_back(bibliography_file(collection.papers), papers, site=True)


def test_the_stored_xss_entry_gains_no_link() -> None:
    """The issue's case: a decoded venue `}, url = {javascript:...}, x = {` in the note."""
    venue = r"{\}, url = \{javascript:alert(1)\}, x = \{}"
    title = r"{\} @misc\{injected2025, url = \{javascript:alert(2)\}, note = \{}}"
    text = braced_entry(
        "misc",
        "evil2025unconfirmed",
        {
            "title": title,
            "year": "2025",
            "url": "https://example.org/evil",
            "track": "unconfirmed",
            "venue": venue,
            "keywords": "inference/serving",
        },
    )
    papers = load(text)
    assert papers[0].venue.startswith("}, url = {javascript")
    exported = bibtex_file(papers, "test")
    assert_reads_back(exported, papers)
    (entry,) = parse_string(exported.decode("utf-8"), "bibtex").entries.values()
    assert entry.fields["url"] == "https://example.org/evil"
