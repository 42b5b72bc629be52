"""Every rule of the data contract: a failing input and the exact message it gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SUMMARY, entry, messages


def test_valid_entry_has_no_problems() -> None:
    assert messages(entry()) == []


# (description, bib text, the exact messages expected)
CASES = [
    (
        "syntax: unbalanced brace",
        "@inproceedings{qiu2025gated,\n  title = {Oops,\n  year = {2025},\n}\n",
        [
            "a.bib:1: syntax: the entry never closes (an unbalanced '{' or '\"' in a value?) "
            "near line 5; write entries as @type{key, field = {value}, ...} with balanced "
            "braces and a comma between fields"
        ],
    ),
    (
        "syntax: undefined macro",
        entry(drop=("booktitle",)).replace(
            "  year = {2025},", "  year = {2025},\n  booktitle = nips,"
        ),
        [
            "a.bib:1: syntax: undefined @string macro 'nips' (put the value in braces, or "
            "define it) near line 5; write entries as @type{key, field = {value}, ...} "
            "with balanced braces and a comma between fields"
        ],
    ),
    (
        "missing-field: title",
        entry(drop=("title",)),
        [
            "a.bib:1: missing-field: qiu2025gated: missing or empty 'title' "
            "(required for every entry)"
        ],
    ),
    (
        "missing-field: author",
        entry(drop=("author",)),
        [
            "a.bib:1: key-scheme: qiu2025gated: key 'qiu2025gated' breaks the key scheme; "
            "rename it to 'anon2025gated' (add one letter b-z only if that key is taken)",
            "a.bib:1: missing-field: qiu2025gated: missing or empty 'author' "
            "(required for every entry)",
        ],
    ),
    (
        "missing-field: neither neuripsid nor openreview for a NeurIPS paper",
        entry(drop=("openreview",), url="https://arxiv.org/abs/2505.06708"),
        [
            "a.bib:1: missing-field: qiu2025gated: a NeurIPS 2025 paper is one the conference "
            "lists: give 'neuripsid' (its id in the neurips.cc listing) or 'openreview' (its "
            "forum id), or both"
        ],
    ),
    (
        "missing-field: neither id for a Datasets & Benchmarks paper",
        entry(drop=("openreview",), url="https://example.org/p", track="datasets-and-benchmarks"),
        [
            "a.bib:1: missing-field: qiu2025gated: a NeurIPS 2025 paper is one the conference "
            "lists: give 'neuripsid' (its id in the neurips.cc listing) or 'openreview' (its "
            "forum id), or both"
        ],
    ),
    (
        "url-mismatch: an OpenReview forum url without the openreview id",
        entry(drop=("openreview",), neuripsid="115001"),
        [
            "a.bib:6: url-mismatch: qiu2025gated: url is the OpenReview forum of "
            "'1b7whO4SfY'; set openreview = {1b7whO4SfY} too"
        ],
    ),
    (
        "missing-field: presentation for a NeurIPS paper",
        entry(drop=("presentation",)),
        [
            "a.bib:1: missing-field: qiu2025gated: missing or empty 'presentation' "
            "(required for a NeurIPS 2025 paper)"
        ],
    ),
    (
        "missing-field: empty annote",
        entry(annote=""),
        [
            "a.bib:11: missing-field: qiu2025gated: annote is empty: write the summary, or "
            "leave the field out to list the paper with its facts only"
        ],
    ),
    (
        "missing-field: no annote on an item that is not a NeurIPS 2025 paper",
        entry(
            entry_type="misc",
            track="tutorial",
            venue="NeurIPS 2025 tutorial",
            drop=("annote", "booktitle", "openreview", "presentation"),
        ),
        [
            "a.bib:1: missing-field: qiu2025gated: missing or empty 'annote' "
            "(required for an entry that is not a NeurIPS 2025 paper)"
        ],
    ),
    (
        "listed-tldr: a listed paper with a tldr",
        entry(drop=("annote",), tldr="Gating the attention output stabilises training"),
        [
            "a.bib:11: listed-tldr: qiu2025gated: a listed paper (no annote) has no tldr: both "
            "are written from the abstract; write the summary too, or remove the tldr"
        ],
    ),
    (
        "missing-field: venue for a non-NeurIPS item",
        entry(
            entry_type="misc",
            track="tutorial",
            drop=("booktitle", "presentation", "openreview"),
            url="https://example.org/tutorial",
        ),
        [
            "a.bib:1: missing-field: qiu2025gated: missing or empty 'venue' "
            "(required for an entry with track 'tutorial')"
        ],
    ),
    (
        "missing-field: eprint without archiveprefix",
        entry(eprint="2505.06708"),
        [
            "a.bib:12: missing-field: qiu2025gated: 'eprint' and 'archiveprefix = {arXiv}' go "
            "together; give both or neither"
        ],
    ),
    (
        "missing-field: article without journal",
        entry(
            entry_type="article",
            track="other-venue",
            venue="ICLR 2025",
            drop=("booktitle", "presentation", "openreview"),
            url="https://example.org/p",
        ),
        [
            "a.bib:1: missing-field: qiu2025gated: missing or empty 'journal' "
            "(required for an @article)"
        ],
    ),
    (
        "placeholder author",
        entry(author="{Unknown}", key="unknown2025gated"),
        [
            "a.bib:3: placeholder: unknown2025gated: author 'Unknown' is a placeholder; give the "
            "real names, or, for an item no source confirms (track unconfirmed), leave 'author' "
            "out and say so in 'sourcenote'"
        ],
    ),
    (
        "unknown-field",
        entry(abstract="copied text"),
        [
            "a.bib:12: unknown-field: qiu2025gated: unknown field 'abstract'; the accepted "
            "fields are listed in CONTRIBUTING.md"
        ],
    ),
    (
        "duplicate-field",
        entry().replace("  year = {2025},", "  year = {2025},\n  year = {2025},"),
        ["a.bib:5: duplicate-field: qiu2025gated: field 'year' appears twice; keep one"],
    ),
    (
        "bad-value: presentation",
        entry(presentation="keynote"),
        [
            "a.bib:9: bad-value: qiu2025gated: presentation 'keynote' is not allowed; use one "
            "of: oral, spotlight, poster, unknown"
        ],
    ),
    (
        "bad-value: award",
        entry(award="best"),
        [
            "a.bib:12: bad-value: qiu2025gated: award 'best' is not allowed; use one of: "
            "best-paper, runner-up"
        ],
    ),
    (
        "bad-value: track",
        entry(track="main-track"),
        [
            "a.bib:7: bad-value: qiu2025gated: track 'main-track' is not allowed; use one of: "
            "main, datasets-and-benchmarks, workshop, tutorial, expo, other-venue, not-a-paper, "
            "unconfirmed"
        ],
    ),
    (
        "bad-value: year format",
        entry(year="25", key="qiu25gated"),
        [
            "a.bib:1: key-scheme: qiu25gated: key 'qiu25gated' breaks the key scheme; rename it "
            "to 'qiu25gated' (add one letter b-z only if that key is taken)",
            "a.bib:5: bad-value: qiu25gated: a NeurIPS 2025 paper has year 2025; for another "
            "year set track to 'other-venue' and give its venue",
            "a.bib:5: bad-value: qiu25gated: year '25' must be four digits",
        ],
    ),
    (
        "bad-value: NeurIPS 2025 paper with another year",
        entry(year="2024", key="qiu2024gated"),
        [
            "a.bib:5: bad-value: qiu2024gated: a NeurIPS 2025 paper has year 2025; for another "
            "year set track to 'other-venue' and give its venue"
        ],
    ),
    (
        "bad-value: booktitle",
        entry(booktitle="NeurIPS"),
        [
            "a.bib:4: bad-value: qiu2025gated: booktitle must be 'Advances in Neural "
            "Information Processing Systems'"
        ],
    ),
    (
        "bad-value: entry type",
        entry(entry_type="book"),
        [
            "a.bib:1: bad-value: qiu2025gated: a NeurIPS 2025 paper is an @inproceedings",
            "a.bib:1: bad-value: qiu2025gated: entry type '@book' is not allowed; use "
            "@inproceedings, @article, @misc",
        ],
    ),
    (
        "bad-value: archiveprefix",
        entry(eprint="2505.06708", archiveprefix="PubMed"),
        [
            "a.bib:13: bad-value: qiu2025gated: archiveprefix 'PubMed' is not allowed; "
            "use one of: arXiv"
        ],
    ),
    (
        "bad-value: unverified names an unknown field",
        entry(unverified="presentaton"),
        ["a.bib:12: bad-value: qiu2025gated: 'unverified' names unknown field 'presentaton'"],
    ),
    (
        "bad-value: repeated keyword",
        entry(keywords="inference/serving, inference/serving"),
        ["a.bib:10: bad-value: qiu2025gated: keyword 'inference/serving' is repeated"],
    ),
    (
        "not-neurips-field: presentation on a workshop paper",
        entry(
            entry_type="misc",
            track="workshop",
            venue="NeurIPS 2025 Workshop on X",
            drop=("booktitle", "openreview"),
        ),
        [
            "a.bib:7: not-neurips-field: qiu2025gated: 'presentation' is only for NeurIPS 2025 "
            "papers, and track is 'workshop'; remove it"
        ],
    ),
    (
        "bad-url: code",
        entry(code="github.com/x/y"),
        ["a.bib:12: bad-url: qiu2025gated: code 'github.com/x/y' must be a full https:// URL"],
    ),
    (
        "bad-url: url",
        entry(url="http://openreview.net/forum?id=1b7whO4SfY"),
        [
            "a.bib:6: bad-url: qiu2025gated: url 'http://openreview.net/forum?id=1b7whO4SfY' "
            "must be a full https:// URL",
            "a.bib:6: url-mismatch: qiu2025gated: url must be the OpenReview forum "
            "https://openreview.net/forum?id=1b7whO4SfY",
        ],
    ),
    (
        "bad-openreview",
        entry(openreview="not an id", url="https://openreview.net/forum?id=not an id"),
        [
            "a.bib:6: bad-url: qiu2025gated: url 'https://openreview.net/forum?id=not an id' "
            "must be a full https:// URL",
            "a.bib:8: bad-openreview: qiu2025gated: openreview 'not an id' is not an OpenReview "
            "forum id (e.g. 1b7whO4SfY)",
        ],
    ),
    (
        "bad-eprint",
        entry(eprint="arXiv:2505.06708v2", archiveprefix="arXiv"),
        [
            "a.bib:12: bad-eprint: qiu2025gated: eprint 'arXiv:2505.06708v2' is not an arXiv "
            "id like 2505.06708 (no 'arXiv:', no version)"
        ],
    ),
    (
        "url-mismatch",
        entry(url="https://openreview.net/forum?id=XXXXXXXXXX"),
        [
            "a.bib:6: url-mismatch: qiu2025gated: url must be the OpenReview forum "
            "https://openreview.net/forum?id=1b7whO4SfY"
        ],
    ),
    (
        "unknown-keyword",
        entry(keywords="inference/speculative"),
        [
            "a.bib:10: unknown-keyword: qiu2025gated: keyword 'inference/speculative' is not in "
            "bib/taxonomy.toml; use category/topic, e.g. inference/serving, inference/decoding"
        ],
    ),
    (
        "moved-keyword: a topic that moved names its new home",
        entry(keywords="inference/serving, training/decoding"),
        [
            "a.bib:10: moved-keyword: qiu2025gated: keyword 'training/decoding' names a topic "
            "that moved; file the entry under 'inference/decoding' ([[moved]] in "
            "bib/taxonomy.toml)"
        ],
    ),
    (
        "key-scheme",
        entry(key="gated2025"),
        [
            "a.bib:1: key-scheme: gated2025: key 'gated2025' breaks the key scheme; rename it "
            "to 'qiu2025gated' (add one letter b-z only if that key is taken)"
        ],
    ),
    (
        "cross-ref to an unknown key",
        entry(annote="See [@nobody2025none]. " + " ".join(["word"] * 55)),
        [
            "a.bib:11: cross-ref: qiu2025gated: annote refers to [@nobody2025none], which is "
            "not a key in bib/"
        ],
    ),
    (
        "annote-length: too short",
        entry(annote="Too short."),
        ["a.bib:11: annote-length: qiu2025gated: the summary has 2 words; write 50-120 words"],
    ),
    (
        "annote-length: too long",
        entry(annote=" ".join(["word"] * 121)),
        ["a.bib:11: annote-length: qiu2025gated: the summary has 121 words; write 50-120 words"],
    ),
    (
        "title-case: an unprotected mixed-case word",
        entry(title="Gated SageAttention3 and {LLM} Long-Context Serving"),
        [
            "a.bib:2: title-case: qiu2025gated: 'SageAttention3' would be lower-cased by "
            "BibTeX styles; protect it: {SageAttention3}"
        ],
    ),
    (
        "title-case: a lower-case word with capitals inside",
        entry(title="Gated vLLM Serving"),
        [
            "a.bib:2: title-case: qiu2025gated: 'vLLM' would be lower-cased by BibTeX styles; "
            "protect it: {vLLM}"
        ],
    ),
    (
        "bad-url: a javascript link inside a title",
        entry(title="Gated \\url{javascript:alert(1)} Attention"),
        [
            "a.bib:2: bad-url: qiu2025gated: title links to 'javascript:alert(1)'; only "
            "http:// and https:// URLs are allowed"
        ],
    ),
    (
        "bad-url: a data link in an href",
        entry(sourcenote="see \\href{data:text/html,x}{here}"),
        [
            "a.bib:12: bad-url: qiu2025gated: sourcenote links to 'data:text/html,x'; only "
            "http:// and https:// URLs are allowed"
        ],
    ),
    (
        "bad-url: a URL ending in a backslash",
        entry(code="https://github.com/x/y\\"),
        [
            "a.bib:12: bad-url: qiu2025gated: code 'https://github.com/x/y\\' must be a full "
            "https:// URL"
        ],
    ),
    (
        "bad-value: neuripsid",
        entry(neuripsid="poster-1"),
        [
            "a.bib:12: bad-value: qiu2025gated: neuripsid 'poster-1' must be the number in the "
            "neurips.cc page's URL"
        ],
    ),
    (
        "bad-value: added",
        entry(added="2025-13-01"),
        [
            "a.bib:12: bad-value: qiu2025gated: added '2025-13-01' must be a calendar date like "
            "2025-12-01"
        ],
    ),
    (
        "bad-value: added, a day the month does not have",
        entry(added="2025-02-30"),
        [
            "a.bib:12: bad-value: qiu2025gated: added '2025-02-30' must be a calendar date like "
            "2025-12-01"
        ],
    ),
    (
        "bad-value: a year in Arabic-Indic digits",
        entry(year="\u0662\u0660\u0662\u0665"),
        [
            "a.bib:5: bad-value: qiu2025gated: a NeurIPS 2025 paper has year 2025; for another "
            "year set track to 'other-venue' and give its venue",
            "a.bib:5: bad-value: qiu2025gated: year '\u0662\u0660\u0662\u0665' must be four digits",
        ],
    ),
    (
        "key-scheme: a key with Arabic-Indic digits",
        entry(key="qiu\u0662\u0660\u0662\u0665gated"),
        [
            "a.bib:1: key-scheme: qiu\u0662\u0660\u0662\u0665gated: key "
            "'qiu\u0662\u0660\u0662\u0665gated' breaks the key scheme; rename it to "
            "'qiu2025gated' (add one letter b-z only if that key is taken)",
        ],
    ),
    (
        "control-character: a bidi override in a title",
        entry(title="Gated Attention for \u202egnp.exe"),
        [
            "a.bib:2: control-character: qiu2025gated: title holds U+202E (RIGHT-TO-LEFT "
            "OVERRIDE), which readers cannot see; remove it",
        ],
    ),
    (
        "control-character: U+0001 in a summary",
        entry(annote=SUMMARY + " \x01"),
        [
            "a.bib:11: control-character: qiu2025gated: annote holds U+0001 (control), which "
            "readers cannot see; remove it",
        ],
    ),
    (
        "bad-value: tldr too long",
        entry(tldr=" ".join(["word"] * 13)),
        ["a.bib:12: bad-value: qiu2025gated: tldr has 13 words; at most 12"],
    ),
    (
        "bad-value: shortname too long",
        entry(shortname="x" * 41),
        ["a.bib:12: bad-value: qiu2025gated: shortname is longer than 40 characters"],
    ),
    (
        "unknown-keyword: keywords with no pair",
        entry(keywords=", ,"),
        ["a.bib:10: unknown-keyword: qiu2025gated: keywords names no category/topic"],
    ),
    (
        "missing-field: a title of braces only",
        entry(title="{}"),
        [
            "a.bib:2: missing-field: qiu2025gated: the title is empty once braces are removed",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(text: str, expected: list[str]) -> None:
    assert messages(text) == expected


def test_duplicate_shortname_ignores_case_and_spacing() -> None:
    other = entry(
        key="qiu2025other",
        title="Other Title",
        openreview="2b7whO4SfY",
        url="https://openreview.net/forum?id=2b7whO4SfY",
        shortname="gated  ATTENTION",
    )
    assert messages(entry(shortname="Gated Attention"), other) == [
        "b.bib:12: duplicate-shortname: qiu2025other: shortname 'gated ATTENTION' is already "
        "the short name of 'qiu2025gated' (a.bib:12); make it unique, e.g. with the first "
        "author's name"
    ]


def test_distinct_shortnames_pass() -> None:
    other = entry(
        key="qiu2025other",
        title="Other Title",
        openreview="2b7whO4SfY",
        url="https://openreview.net/forum?id=2b7whO4SfY",
        shortname="DAPO (Qiu et al.)",
    )
    assert messages(entry(shortname="DAPO"), other) == []


def test_duplicate_key_across_files() -> None:
    assert messages(entry(), entry()) == [
        "b.bib:1: duplicate-key: key 'qiu2025gated' is already used at a.bib:1; "
        "each paper appears once in bib/"
    ]


@pytest.mark.parametrize(
    ("kind", "first", "second"),
    [
        (
            "title",
            entry(),
            entry(
                key="qiu2025gatedb",
                openreview="2b7whO4SfY",
                url="https://openreview.net/forum?id=2b7whO4SfY",
                title="Gated attention for large language models!",
            ),
        ),
        (
            "title",  # the same accented letter, composed (NFC) and decomposed (NFD)
            entry(title="Caf\u00e9 Attention for Large Language Models"),
            entry(
                key="qiu2025gatede",
                openreview="2b7whO4SfY",
                url="https://openreview.net/forum?id=2b7whO4SfY",
                title="CAFE\u0301 attention for large language models",
            ),
        ),
        (
            "title",  # titles in a script without ASCII letters are compared too
            entry(title="\u6ce8\u610f\u529b\u673a\u5236"),
            entry(
                key="qiu2025other",
                openreview="2b7whO4SfY",
                url="https://openreview.net/forum?id=2b7whO4SfY",
                title="\u6ce8\u610f\u529b\u673a\u5236!",
            ),
        ),
        (
            "arXiv id",
            entry(eprint="2505.06708", archiveprefix="arXiv"),
            entry(
                key="qiu2025other",
                title="Other Title",
                openreview="2b7whO4SfY",
                url="https://openreview.net/forum?id=2b7whO4SfY",
                eprint="2505.06708",
                archiveprefix="arXiv",
            ),
        ),
        (
            "OpenReview id",
            entry(),
            entry(key="qiu2025other", title="Other Title"),
        ),
    ],
)
def test_duplicate_paper(kind: str, first: str, second: str) -> None:
    found = [m for m in messages(first, second) if "duplicate-paper" in m]
    assert len(found) == 1
    assert (
        f"same {kind} as 'qiu2025gated' (a.bib:1); keep one entry and merge the keywords"
        in (found[0])
    )


def test_unconfirmed_item_may_lack_authors_and_uses_anon_key() -> None:
    text = entry(
        key="anon2025gated",
        entry_type="misc",
        track="unconfirmed",
        venue="Claimed NeurIPS 2025 workshop paper (not found)",
        url="https://example.org/x",
        drop=("author", "booktitle", "presentation", "openreview"),
    )
    assert messages(text) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"neuripsid": "115001", "url": "https://arxiv.org/abs/2505.06708"},
        {"neuripsid": "115001", "url": "https://example.org/paper", "presentation": "unknown"},
        {"neuripsid": "115001"},  # and the OpenReview id: the forum is the url
    ],
    ids=["listing id and arXiv url", "listing id and another page", "both ids"],
)
def test_a_listed_paper_needs_no_openreview_id(fields: dict[str, str]) -> None:
    drop = () if "url" not in fields else ("openreview",)
    assert messages(entry(drop=drop, **fields)) == []


def test_a_listed_paper_has_its_facts_and_no_summary() -> None:
    """A NeurIPS 2025 paper without annote is valid: it is *listed* (facts only)."""
    from conftest import check_collection

    collection = check_collection(entry(drop=("annote",)))
    (paper,) = collection.papers
    assert paper.is_listed and not paper.summary
    assert not check_collection(entry()).papers[0].is_listed


def test_every_problem_is_reported_in_one_run() -> None:
    broken = entry(presentation="keynote", code="ftp://x", annote="short")
    syntax = "@inproceedings{x2025a,\n  title = {A {broken,\n}\n"
    found = messages(broken, syntax)
    codes = sorted(m.split(": ")[1] for m in found)
    assert codes == ["annote-length", "bad-url", "bad-value", "syntax"]


def test_contributing_shows_the_contract_as_declared() -> None:
    """The fields table in CONTRIBUTING.md is the one generated from the contract module."""
    from bibtools.data.contract import contract_table
    from conftest import REPO

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index("<!-- contract-table")
    table = text[text.index("\n", start) + 1 : text.index("<!-- /contract-table -->")]
    assert table == contract_table(), "regenerate the table from bibtools.data.contract"


def test_and_others_is_not_an_author() -> None:
    from conftest import check_collection

    collection = check_collection(entry(author="Qiu, Zihan and others"))
    (paper,) = collection.papers
    assert [a.display for a in paper.authors] == ["Zihan Qiu"] and paper.more_authors


def test_a_key_that_is_a_category_slug_is_refused() -> None:
    """papers/<key>.html and papers/<category>.html are one file: check says so."""
    from bibtools.fs import Sources
    from bibtools.pipeline import checked
    from conftest import TAXONOMY_TEXT

    taxonomy = TAXONOMY_TEXT.replace('slug = "training"', 'slug = "qiu2025gated"').replace(
        'from = "training/decoding"', 'from = "inference/old"'
    )
    _, problems = checked(Sources({"a.bib": entry()}, taxonomy, "taxonomy.toml", []))
    assert [str(p) for p in problems] == [
        "a.bib:1: slug-collision: qiu2025gated: key 'qiu2025gated' is also the slug of a "
        "category in bib/taxonomy.toml, and both pages would be papers/qiu2025gated.html; "
        "rename the category"
    ]


def test_loading_pauses_the_cycle_collector_and_always_restarts_it(tmp_path: Path) -> None:
    """The pipeline pauses Python's cycle collector while it builds the collection (a
    tenth of `bibtools check` at 5,000 entries): it runs again afterwards, also when the
    data is refused, and stays off if the caller had turned it off."""
    import gc

    from bibtools.errors import ValidationError
    from bibtools.pipeline import load_valid
    from conftest import FIXTURE

    assert gc.isenabled()
    load_valid([FIXTURE])
    assert gc.isenabled()
    bad = tmp_path / "bib"
    shutil.copytree(FIXTURE, bad)
    papers = bad / "papers.bib"
    papers.write_text(papers.read_text("utf-8").replace("{spotlight}", "{x}"), "utf-8")
    with pytest.raises(ValidationError):
        load_valid([bad])
    assert gc.isenabled()
    gc.disable()
    try:
        load_valid([FIXTURE])
        assert not gc.isenabled()
    finally:
        gc.enable()
