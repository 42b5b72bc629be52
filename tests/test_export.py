"""The citation exports (BibTeX, RIS, CSL-JSON) of the real bib/ and of the fixture: each
parses back with an independent reader to what the model holds, the CSL-JSON validates
against the CSL schema and renders with a citeproc processor, only NeurIPS 2025 papers are
placed at NeurIPS 2025, and the bytes are deterministic."""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_bytes, parse_string

from bibtools.bibtex.latex import latex_to_text
from bibtools.data.contract import NEURIPS_BOOKTITLE, NEURIPS_CONFERENCE
from bibtools.data.model import Collection, Paper
from bibtools.export.bibtex import bibtex_file, to_bibtex
from bibtools.export.csl import csl_file, to_csl
from bibtools.export.files import collection_exports, paper_exports
from bibtools.export.ris import ris_file, ris_record, to_ris
from conftest import FIXTURE, REPO, check_collection, entry, load_folder

DATA = REPO / "tests" / "data"
FOLDERS = {"bib": REPO / "bib", "fixture": FIXTURE}


@cache
def collection(name: str) -> Collection:
    return load_folder(FOLDERS[name])


@pytest.fixture(params=sorted(FOLDERS))
def papers(request: pytest.FixtureRequest) -> tuple[Paper, ...]:
    return collection(request.param).papers


@cache
def csl_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def all_files(papers: tuple[Paper, ...], name: str) -> dict[str, bytes]:
    files = collection_exports(collection(name))
    for paper in papers:
        files |= {f"papers/{path}": data for path, data in paper_exports(paper).items()}
    return files


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_collection_exports_names(name: str) -> None:
    coll = collection(name)
    stems = ["neurips25-mlsys"] + [c.slug for c in coll.taxonomy.categories]
    stems += [f"{stem}-neurips2025" for stem in stems]
    expected = {f"{stem}.{ext}" for stem in stems for ext in ("bib", "ris", "json")}
    assert set(collection_exports(coll)) == expected
    for paper in coll.papers:
        assert set(paper_exports(paper)) == {f"{paper.key}.{ext}" for ext in ("bib", "ris", "json")}


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_every_bib_parses_with_pybtex_and_bibtexparser(name: str) -> None:
    coll = collection(name)
    for path, data in all_files(coll.papers, name).items():
        if not path.endswith(".bib"):
            continue
        assert data.startswith(b"% NeurIPS 2025: ML Systems for Large Models")
        pybtex_keys = list(parse_bytes(data, "bibtex").entries)
        library = bibtexparser.parse_string(data.decode("utf-8"))
        assert library.failed_blocks == [], path
        assert [e.key for e in library.entries] == pybtex_keys, path
        assert pybtex_keys == sorted(pybtex_keys), path
    assert list(parse_bytes(collection_exports(coll)["neurips25-mlsys.bib"], "bibtex").entries) == [
        paper.key for paper in coll.papers
    ]


def expected_authors(paper: Paper) -> list[str]:
    return [author.inverted for author in paper.authors]


def test_ris_reads_back_to_the_model(papers: tuple[Paper, ...]) -> None:
    records = rispy.loads(ris_file(papers).decode("utf-8"))
    ordered = sorted(papers, key=lambda p: p.key)
    assert [r["id"] for r in records] == [p.key for p in ordered]
    for record, paper in zip(records, ordered, strict=True):
        assert record["title"] == paper.title
        assert record.get("authors", []) == expected_authors(paper)
        assert record["year"] == paper.year
        assert record["urls"] == [paper.url]
        assert "keywords" not in record  # the site's own places, not a reader's tags
        if paper.eprint:
            assert (record["name_of_database"], record["accession_number"]) == (
                "arXiv",
                paper.eprint,
            )
    for paper in papers:
        (record,) = rispy.loads(paper_exports(paper)[f"{paper.key}.ris"].decode("utf-8"))
        assert record["title"] == paper.title
        assert record.get("authors", []) == expected_authors(paper)


def test_ris_text_is_standard(papers: tuple[Paper, ...]) -> None:
    text = ris_file(papers).decode("utf-8")
    assert "\r" not in text
    assert text.startswith("TY  - ")
    assert text.endswith("ER  - \n")
    assert text.count("TY  - ") == text.count("ER  - ") == len(papers)
    for line in text.splitlines():
        assert line == "" or line[2:6] == "  - ", line  # no numbered header, no wrapped value


def test_csl_validates_against_the_schema(papers: tuple[Paper, ...]) -> None:
    items = json.loads(csl_file(papers))
    csl_validator().validate(items)
    assert [item["id"] for item in items] == sorted(p.key for p in papers)
    for paper, item in zip(sorted(papers, key=lambda p: p.key), items, strict=True):
        assert item["title"] == paper.title
        assert item.get("author", []) == [
            {"family": a.last, "given": a.first} if a.first else {"literal": a.last}
            for a in paper.authors
        ]
        assert item["issued"] == {"date-parts": [[int(paper.year)]]}
    for paper in papers:
        one = json.loads(paper_exports(paper)[f"{paper.key}.json"])
        csl_validator().validate(one)
        assert one == [to_csl(paper)]


def render(items: list[dict[str, Any]]) -> str:
    """The bibliography of ``items`` in citeproc-py's bundled Harvard style, as plain text."""
    with warnings.catch_warnings():
        # citeproc-py does not know the CSL 1.0.2 variables citation-key and event-title.
        warnings.filterwarnings("ignore", "The following arguments for", UserWarning)
        source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return "\n".join(str(line) for line in bibliography.bibliography())


def test_csl_renders_with_citeproc(papers: tuple[Paper, ...]) -> None:
    text = render(json.loads(csl_file(papers)))
    for paper in papers:
        assert paper.title in text, paper.key


VENUE_TAGS = ("secondary_title", "custom3", "journal_name", "publisher")
VENUE_VARIABLES = ("container-title", "event-title", "event", "publisher", "collection-title")


def venues(paper: Paper) -> list[str]:
    """Every venue value the RIS and CSL exports of ``paper`` state."""
    (record,) = rispy.loads(to_ris(paper))
    item = to_csl(paper)
    return [record[t] for t in VENUE_TAGS if t in record] + [
        item[v] for v in VENUE_VARIABLES if v in item
    ]


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_only_neurips_2025_papers_are_placed_at_neurips_2025(name: str) -> None:
    coll = collection(name)
    assert any(p.is_neurips2025 for p in coll.papers)
    assert any(not p.is_neurips2025 for p in coll.papers)
    for paper in coll.papers:
        stated = venues(paper)
        (record,) = rispy.loads(to_ris(paper))
        item = to_csl(paper)
        if paper.is_neurips2025:
            assert record["type_of_reference"] == "CONF"
            assert record["date"] == record["year"] == "2025"
            assert record["custom3"] == item["container-title"] == NEURIPS_BOOKTITLE
            assert record["secondary_title"] == item["event-title"] == NEURIPS_CONFERENCE
            assert item["type"] == "paper-conference"
        else:
            assert NEURIPS_CONFERENCE not in stated, paper.key
            if paper.year == "2025":
                assert NEURIPS_BOOKTITLE not in stated, paper.key
            if paper.track == "unconfirmed":  # a venue no source confirmed is never stated
                assert set(stated) <= {"arXiv"}, paper.key
                assert item["note"].startswith("Venue unconfirmed")
                venue_note = item["note"].split("\n")[0]  # then the arXiv id's line
                assert record["notes"] == [venue_note]
                # The BibTeX export says the same: the claim only in a note.
                fields = parse_string(to_bibtex(paper), "bibtex").entries[paper.key].fields
                assert fields["note"] == venue_note, paper.key
                assert fields.get("howpublished", "arXiv preprint") == "arXiv preprint"


def test_types_say_what_an_item_is() -> None:
    types = {
        p.key: (rispy.loads(to_ris(p))[0]["type_of_reference"], to_csl(p)["type"])
        for p in collection("bib").papers
    }
    assert types["piche2025pipelinerl"] == ("JOUR", "article-journal")  # TMLR
    assert types["harma2025effective"] == ("CONF", "paper-conference")  # ICLR 2025
    assert types["chung2025energy"] == ("SLIDE", "speech")  # NeurIPS 2025 tutorial
    assert types["vllmteam2025vllm"] == ("BLOG", "post-weblog")
    assert types["semenov2025benchmarking"] == ("MANSCPT", "article")  # arXiv preprint
    assert to_csl(collection("bib").by_key()["piche2025pipelinerl"])["container-title"] == (
        "Transactions on Machine Learning Research"
    )
    vllm = to_csl(collection("bib").by_key()["vllmteam2025vllm"])
    assert vllm["author"] == [{"literal": "vLLM Team"}]


HOSTILE = "</script> \"quoted\" & 'single' <b>bold</b> \u00e9"


def test_hostile_title_round_trips_literally() -> None:
    text = entry("qiu2025script", title=HOSTILE.replace("&", r"\&").replace("\u00e9", r"\'e"))
    (paper,) = check_collection(text).papers
    assert paper.title == HOSTILE
    files = paper_exports(paper)
    (record,) = rispy.loads(files[f"{paper.key}.ris"].decode("utf-8"))
    assert record["title"] == HOSTILE
    (item,) = json.loads(files[f"{paper.key}.json"])
    assert item["title"] == HOSTILE
    assert "\u00e9" in files[f"{paper.key}.json"].decode("utf-8")  # ensure_ascii=False
    assert HOSTILE in render([item])


@pytest.mark.parametrize(
    ("key", "title", "exported", "text"),
    [
        ("qiu2025s2qvdit", "{S$^2$Q-VDiT}: Video", "{S²Q-VDiT}: Video", "S²Q-VDiT: Video"),
        ("qiu2025s2q", "{S$^{2}$Q}, again", "{S²Q}, again", "S²Q, again"),
        # A script with no character of its own, and one inside a formula, stay math.
        (
            "qiu2025topp",
            "Top-$p$, O$_2$ and $x^2$",
            "Top-$p$, O$_2$ and $x^2$",
            "Top-p, O_2 and x^2",
        ),
    ],
)
def test_one_character_scripts_are_exported_as_their_characters(
    key: str, title: str, exported: str, text: str
) -> None:
    """Zotero's BibTeX importer reads "$^2$" as "^2" (it maps only its own spellings), so the
    export writes the character, which every reader reads as the title's text."""
    (paper,) = check_collection(entry(key, title=title)).papers
    assert paper.title == text
    written = to_bibtex(paper)
    assert f"  title = {{{exported}}}," in written.splitlines()
    assert parse_string(written, "bibtex").entries[paper.key].fields["title"] == exported
    (read,) = bibtexparser.parse_string(written).entries
    assert read["title"] == exported
    assert latex_to_text(exported) == text


def test_truncated_author_list_adds_no_author() -> None:
    text = entry(author="Qiu, Zihan and Wang, Zekun and others")
    (paper,) = check_collection(text).papers
    assert paper.more_authors
    (record,) = rispy.loads(to_ris(paper))
    assert record["authors"] == ["Qiu, Zihan", "Wang, Zekun"]
    assert [a["family"] for a in to_csl(paper)["author"]] == ["Qiu", "Wang"]


def test_exports_are_deterministic(papers: tuple[Paper, ...]) -> None:
    shuffled = tuple(reversed(papers))
    assert ris_file(papers) == ris_file(shuffled) == ris_file(papers)
    assert csl_file(papers) == csl_file(shuffled) == csl_file(papers)
    for paper in papers:
        assert paper_exports(paper) == paper_exports(paper)
    for name in FOLDERS:
        assert collection_exports(collection(name)) == collection_exports(collection(name))


def test_csl_file_layout(papers: tuple[Paper, ...]) -> None:
    data = csl_file(papers)
    assert data.endswith(b"]\n")
    assert data == (json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n").encode()


def test_citation_cff_is_valid() -> None:
    schema = json.loads((DATA / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(citation)
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == "NeurIPS 2025: ML Systems for Large Models"
    assert citation["type"] == "dataset"
    assert citation["license"] == "CC-BY-4.0"
    assert citation["version"] == "0.2.0"
    assert citation["date-released"] == "2026-11-29"
    assert "MIT" in citation["abstract"]


def test_vendored_schemas_are_documented() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in sorted(Path(DATA).iterdir()):
        if path.name != "README.md" and not path.name.endswith(".LICENSE.txt"):
            assert f"`{path.name}`" in readme


def test_no_export_carries_the_sites_own_keywords(papers: tuple[Paper, ...]) -> None:
    """``keywords`` (``inference/kv-cache``) place a paper on this site; in a reference
    manager they would become tags nobody asked for."""
    bib = parse_string(bibtex_file(papers, "t").decode("utf-8"), "bibtex")
    assert not [key for key, entry in bib.entries.items() if "keywords" in entry.fields]
    assert not [item for item in json.loads(csl_file(papers)) if "keyword" in item]
    assert "KW  -" not in ris_file(papers).decode("utf-8")


def test_neurips_only_downloads_leave_the_other_items_out() -> None:
    """Each set's ``-neurips2025`` files hold its NeurIPS 2025 papers, and nothing else."""
    assert not all(p.is_neurips2025 for p in collection("bib").papers)  # something to leave out
    coll = collection("bib")
    files = collection_exports(coll)
    for stem, members in [("neurips25-mlsys", coll.papers)] + [
        (c.slug, coll.in_category(c.slug)) for c in coll.taxonomy.categories
    ]:
        keys = {p.key for p in members if p.is_neurips2025}
        read = parse_bytes(files[f"{stem}-neurips2025.bib"], "bibtex")
        assert set(read.entries) == keys, stem
        records = rispy.loads(files[f"{stem}-neurips2025.ris"].decode("utf-8"))
        assert {r["id"] for r in records} == keys, stem
        assert {i["id"] for i in json.loads(files[f"{stem}-neurips2025.json"])} == keys, stem


# How Zotero's own importers type what each format says (zotero/translators: RIS.js
# importTypeMap and exportTypeMap, BibTeX.js bibtex2zoteroTypeMap, Zotero's CSL mapping),
# for the types the exports write.
ZOTERO_FROM_RIS = {
    "CONF": "conferencePaper",
    "JOUR": "journalArticle",
    "MANSCPT": "manuscript",
    "SLIDE": "presentation",
    "BLOG": "blogPost",
    "GEN": "journalArticle",
}
ZOTERO_FROM_CSL = {
    "paper-conference": "conferencePaper",
    "article-journal": "journalArticle",
    "article": "preprint",
    "speech": "presentation",
    "post-weblog": "blogPost",
    "document": "document",
}
ZOTERO_FROM_BIBTEX = {"inproceedings": "conferencePaper", "article": "journalArticle"}


@pytest.mark.parametrize("folder", [FIXTURE, REPO / "bib"], ids=["fixture", "bib"])
def test_each_entry_is_one_kind_of_item_in_every_format(folder: Path) -> None:
    """The item type Zotero saves from the paper's page (z:itemType), its CSL-JSON, RIS and
    BibTeX: the same, but where the format has no such type for Zotero (stated here: RIS
    has no preprint or generic document, Zotero's BibTeX import reads every @misc as a
    document); and the arXiv id and the container in each."""
    from bibtools.export.placement import Kind, placement
    from bibtools.site.meta import ZOTERO_TYPES

    for paper in load_folder(folder).papers:
        kind = placement(paper).kind
        page = ZOTERO_TYPES[kind]
        item = to_csl(paper)
        record = ris_record(paper)
        assert ZOTERO_FROM_CSL[item["type"]] == page, paper.key
        ris = ZOTERO_FROM_RIS[str(record["type_of_reference"])]
        if kind is Kind.PREPRINT:
            assert ris == "manuscript", paper.key
        elif kind is Kind.OTHER:
            assert record["type_of_reference"] == "GEN", paper.key
        else:
            assert ris == page, paper.key
        bibtex = ZOTERO_FROM_BIBTEX.get(paper.entry_type, "document")
        assert bibtex == page or paper.entry_type == "misc", paper.key
        if paper.eprint:
            assert item["archive_location"] == paper.eprint and record["accession_number"]
            assert f"arXiv: {paper.eprint}" in item["note"].split("\n")
        if kind in (Kind.NEURIPS, Kind.PROCEEDINGS) and item.get("container-title"):
            assert record["book_title"] == record["custom3"] == item["container-title"]


def test_mu_is_the_greek_letter_in_every_export() -> None:
    """``$\\mu$P`` is μ (U+03BC) in the CSL-JSON, RIS, BibTeX and the page's metadata,
    never U+00B5 MICRO SIGN (latexcodec's reading of \\mu)."""
    from bibtools.site.meta import head_html

    papers = [p for p in load_folder(REPO / "bib").papers if "\\mu" in p.raw("title")]
    assert papers
    for paper in papers:
        outputs = [json.dumps(to_csl(paper), ensure_ascii=False), to_ris(paper)]
        outputs += [head_html(paper, ""), paper.title]
        for text in outputs:
            assert "\u03bc" in text and "\u00b5" not in text, paper.key


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_files_built_from_cached_entries_are_the_files_of_the_whole_list(name: str) -> None:
    """Each paper's BibTeX, RIS and CSL-JSON is made once and reused in every file that
    holds it: the files are byte for byte what the writers give for the whole list."""
    from bibtools.export.bibtex import bibtex_entry
    from bibtools.export.csl import csl_json
    from bibtools.export.ris import _Writer

    papers = sorted(load_folder(FOLDERS[name]).papers, key=lambda p: p.key)
    for subset in (papers, papers[:1], []):
        records = [ris_record(p) for p in subset]
        assert ris_file(subset) == rispy.dumps(records, implementation=_Writer).encode("utf-8")
        assert csl_file(subset) == csl_json([to_csl(p) for p in subset])
        assert [bibtex_entry(p) for p in subset] == [to_bibtex(p) for p in subset]
    assert csl_file(reversed(papers)) == csl_file(papers)  # sorted by key either way
