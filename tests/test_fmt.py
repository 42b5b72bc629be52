"""The formatter: lossless (values byte for byte, comments, @string, @preamble), idempotent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from bibtools.bibtex import syntax
from bibtools.bibtex.fmt import canonical_value, format_text, semantic_content
from bibtools.bibtex.syntax import parse_bib
from bibtools.data.contract import FIELD_ORDER
from conftest import FIXTURE, REPO

MESSY = r"""% file header: kept at the top

@preamble{ "\newcommand{\noopsort}[1]{}" }
@String{ conf = "Advances in Neural Information Processing Systems" }

% a comment about the entry below, which moves with it
@InProceedings{zeta2025paper,
    Year = 2025,
  TITLE = "Learning {$\mu$P} on {\~a}{\'e} --- a {Title}",
  author =    {Aky{\"u}rek, Ekin and Bottou, L{\'e}on and Jo{\~a}o, Silva},
  booktitle = conf,
  note = conf # " (" # {extended} # ")",
  url = {https://openreview.net/forum?id=AAAAAAAAAA}
}

@misc{alpha2024talk, title={A
   multi-line     title}, year={2024}}
% trailing comment
"""


def test_format_sorts_orders_fields_and_normalises_delimiters() -> None:
    out, problems = format_text(MESSY, "x.bib", FIELD_ORDER)
    assert problems == []
    assert out == (
        "% file header: kept at the top\n"
        "\n"
        "@preamble{{\\newcommand{\\noopsort}[1]{}}}\n"
        "\n"
        "@string{conf = {Advances in Neural Information Processing Systems}}\n"
        "\n"
        "@misc{alpha2024talk,\n"
        "  title = {A multi-line title},\n"
        "  year = {2024},\n"
        "}\n"
        "\n"
        "% a comment about the entry below, which moves with it\n"
        "@inproceedings{zeta2025paper,\n"
        "  title = {Learning {$\\mu$P} on {\\~a}{\\'e} --- a {Title}},\n"
        "  author = {Aky{\\\"u}rek, Ekin and Bottou, L{\\'e}on and Jo{\\~a}o, Silva},\n"
        "  booktitle = conf,\n"
        "  year = {2025},\n"
        "  url = {https://openreview.net/forum?id=AAAAAAAAAA},\n"
        '  note = conf # " (" # {extended} # ")",\n'
        "}\n"
        "\n"
        "% trailing comment\n"
    )


def test_format_is_idempotent() -> None:
    once, _ = format_text(MESSY, "x.bib", FIELD_ORDER)
    twice, problems = format_text(once, "x.bib", FIELD_ORDER)
    assert problems == []
    assert twice == once


def test_format_is_lossless_for_pybtex() -> None:
    """Parse -> fmt -> parse gives the same data, read by pybtex itself."""
    out, _ = format_text(MESSY, "x.bib", FIELD_ORDER)
    before, after = parse_string(MESSY, "bibtex"), parse_string(out, "bibtex")
    assert list(before.entries) != list(after.entries)  # reordered by key ...
    assert sorted(before.entries) == sorted(after.entries)  # ... but nothing lost
    for key, entry in before.entries.items():
        other = after.entries[key]
        assert {k.lower(): v for k, v in entry.fields.items()} == dict(other.fields)
        assert {r: [str(p) for p in ps] for r, ps in entry.persons.items()} == {
            r: [str(p) for p in ps] for r, ps in other.persons.items()
        }
    assert before.preamble == after.preamble


def test_latex_survives_byte_for_byte() -> None:
    """pybtex's own writer turns {\\~a} into {\\textasciitilde a}; ours must not."""
    out, _ = format_text(MESSY, "x.bib", FIELD_ORDER)
    for fragment in (r"{\~a}", r"{\'e}", r"{$\mu$P}", r"Aky{\"u}rek", r"Jo{\~a}o", "---"):
        assert fragment in out


def test_comments_strings_and_preamble_survive() -> None:
    out, _ = format_text(MESSY, "x.bib", FIELD_ORDER)
    bib, _ = parse_bib(out, "x.bib")
    assert semantic_content(bib) == semantic_content(parse_bib(MESSY, "x.bib")[0])
    for comment in ("% file header", "% a comment about the entry", "% trailing comment"):
        assert comment in out


def test_string_macros_are_case_insensitive() -> None:
    bib, problems = parse_bib("@string{NeurIPS = {N}}\n@misc{a2025b, booktitle = neurips}\n", "x")
    assert problems == []
    assert bib.chunks[1].fields[0].value == "N"  # type: ignore[union-attr]


def test_syntax_errors_leave_the_text_alone() -> None:
    broken = "@misc{a2025b, title = {x}\n@misc{c2025d, title = {y}}\n"
    out, problems = format_text(broken, "x.bib", FIELD_ORDER)
    assert out == broken
    assert [p.code for p in problems] == ["syntax"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"quoted {x} value"', "{quoted {x} value}"),
        ("{  spaced\n   value }", "{spaced value}"),
        ("2025", "{2025}"),
        ("jan", "jan"),
        ('{a} # "b"', '{a} # "b"'),
        ("{a} # {b}", "{a} # {b}"),
    ],
)
def test_canonical_value(source: str, expected: str) -> None:
    assert canonical_value(source) == expected


@pytest.mark.parametrize("path", sorted((REPO / "bib").glob("*.bib")), ids=lambda p: p.name)
def test_real_bib_is_canonical(path: Path) -> None:
    """`bibtools fmt --check` on the real data, so a hand-edited layout fails CI."""
    text = path.read_text(encoding="utf-8")
    out, problems = format_text(text, str(path), FIELD_ORDER)
    assert problems == []
    assert out == text, f"{path} is not canonical: run 'bibtools fmt'"


def test_fixture_is_canonical() -> None:
    text = (FIXTURE / "papers.bib").read_text(encoding="utf-8")
    assert format_text(text, "papers.bib", FIELD_ORDER) == (text, [])


def test_at_sign_starting_a_line_inside_a_value_is_text() -> None:
    """BibTeX (and pybtex) read a line-start '@' inside a braced value as text; it once split
    the entry in two."""
    from pybtex.database import parse_string

    text = (
        "@misc{a2025x,\n"
        "  title = {X},\n"
        "  sourcenote = {seen on the mailing list\n"
        "@misc{fake, title = {not an entry}}\n"
        "and nowhere else},\n"
        "}\n"
        "\n"
        '@misc{b2025y, title = "a quoted value\n'
        '@article{fake2, title={no}}", year = {2025}}\n'
    )
    bib, problems = parse_bib(text, "a.bib")
    assert problems == []
    keys = [chunk.key for chunk in bib.chunks]  # type: ignore[union-attr]
    assert keys == list(parse_string(text, "bibtex").entries) == ["a2025x", "b2025y"]
    assert "@misc{fake" in {f.name: f.value for f in bib.chunks[0].fields}["sourcenote"]  # type: ignore[union-attr]
    formatted, problems = format_text(text, "a.bib", FIELD_ORDER)
    assert problems == [] and format_text(formatted, "a.bib", FIELD_ORDER) == (formatted, [])


def test_an_unclosed_entry_does_not_hide_the_next_ones() -> None:
    text = "@misc{a2025x, title = {open\n\n@misc{b2025y, title = {fine}}\n"
    bib, problems = parse_bib(text, "a.bib")
    assert [p.line for p in problems] == [1]
    assert [chunk.key for chunk in bib.chunks] == ["b2025y"]  # type: ignore[union-attr]


def _bounds_by_rescanning(text: str) -> list[int]:
    """The command bounds as they were found before the unclosed-command index: each
    command scanned to its end (or the text's), whatever came before."""
    bounds = [0]
    reach = 0
    for start in (m.start() for m in re.finditer(r"^[ \t]*@", text, re.MULTILINE)):
        if start < reach:
            continue
        bounds.append(start)
        end = syntax._command_end(text, start, [])  # no index: a full scan
        reach = end if end is not None else start + 1
    bounds.append(len(text))
    return sorted(set(bounds))


@given(
    st.lists(
        st.sampled_from(
            ["\n@misc{a,", "\n@misc(a,", "\n@misc{b, t = {x}}", "\n @x{", "{", "}", '"', ")"]
        ),
        max_size=60,
    )
)
@settings(max_examples=1000, deadline=None)
def test_unclosed_commands_split_as_a_full_rescan_does(parts: list[str]) -> None:
    text = "".join(parts)
    assert syntax._command_bounds(text) == _bounds_by_rescanning(text)


def test_many_unclosed_entries_are_each_reported() -> None:
    _, problems = parse_bib("@misc{a,\n" * 300, "a.bib")
    assert [p.line for p in problems] == list(range(1, 301))
