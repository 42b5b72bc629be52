"""The contract declared once (data/contract.py): a new optional field is one row, and one
line of the renderer that shows it. The loader decodes it, the model holds it, the rules
know it and check its value with the row's code, the formatter orders it, the export
writes it and CONTRIBUTING's table documents it, from that row alone."""

from __future__ import annotations

from bibtools.bibtex.fmt import format_text
from bibtools.data.contract import CONTRACT, Contract, Decode, Field, Need
from bibtools.export.bibtex import export_values, to_bibtex
from bibtools.pipeline import checked
from bibtools.site.pages.paper import DATA_NOTES, render_provenance
from conftest import entry, sources

# A field bibtools does not have, declared by this test only.
ERRATUM = Field(
    "erratum",
    Need.OPTIONAL,
    "what the authors corrected after publication",
    pattern=r"[^<>]+",
    invalid="must not hold markup",
    code="bad-erratum",
    decode=Decode.TEXT,
    exported=True,
)
TEST_CONTRACT = Contract((*CONTRACT.fields, ERRATUM))
TEXT = entry(erratum=r"Table 2 corrected by G{\"o}del")


def test_the_row_makes_the_field_known_and_decoded() -> None:
    _, problems = checked(sources(TEXT))
    assert [p.code for p in problems] == ["unknown-field"]  # bibtools' own contract
    collection, problems = checked(sources(TEXT), TEST_CONTRACT)
    assert problems == []
    (paper,) = collection.papers
    assert paper.value("erratum") == "Table 2 corrected by Gödel"  # LaTeX decoded: Decode.TEXT
    assert paper.raw("erratum") == r"Table 2 corrected by G{\"o}del"


def test_the_row_checks_the_value_with_its_own_code() -> None:
    _, problems = checked(sources(entry(erratum="<b>all</b>")), TEST_CONTRACT)
    assert [(p.code, p.message) for p in problems] == [
        ("bad-erratum", "qiu2025gated: erratum '<b>all</b>' must not hold markup")
    ]


def test_the_row_orders_exports_and_documents_the_field() -> None:
    collection, _ = checked(sources(TEXT), TEST_CONTRACT)
    (paper,) = collection.papers
    # Written first, the field goes where its row stands: last, after annote.
    line = next(x for x in TEXT.splitlines() if x.startswith("  erratum"))
    first = TEXT.replace(line + "\n", "").replace(
        "{qiu2025gated,\n", "{qiu2025gated,\n" + line + "\n"
    )
    assert first.splitlines()[1] == line
    formatted, problems = format_text(first, "a.bib", TEST_CONTRACT.order)
    assert problems == [] and formatted.splitlines()[-2] == line
    values = export_values(paper, TEST_CONTRACT)
    assert list(values)[-1] == "erratum" and "erratum" not in export_values(paper)
    assert '  erratum = {Table 2 corrected by G{\\"o}del},\n}' in to_bibtex(paper, values)
    assert TEST_CONTRACT.table().endswith(
        "| `erratum` | optional | what the authors corrected after publication |\n"
    )


def test_one_renderer_line_shows_it() -> None:
    collection, _ = checked(sources(TEXT), TEST_CONTRACT)
    (paper,) = collection.papers
    notes = render_provenance(paper, (*DATA_NOTES, ("erratum", "Erratum")))  # the one line
    assert notes.splitlines()[-2] == "<li><p>Erratum: Table 2 corrected by Gödel</p></li>"
    assert "Erratum" not in render_provenance(paper)


def test_invisible_controls_are_exactly_the_control_and_bidi_characters() -> None:
    """Every code point: refused when Unicode calls it a control (category Cc; tab and line
    ends are whitespace, normalised first) or a bidirectional control, and no other."""
    import unicodedata

    from bibtools.data.contract import BIDI_CONTROLS, invisible_controls

    wrong = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if bool(invisible_controls(chr(code)))
        != (
            chr(code) in BIDI_CONTROLS
            or (unicodedata.category(chr(code)) == "Cc" and chr(code) not in "\t\n\r")
        )
    ]
    assert wrong == []
    assert invisible_controls("a\u202eb\x00c\u202e") == [
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
        "U+0000 (control)",
    ]
