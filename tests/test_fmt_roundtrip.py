"""fmt over generated files: idempotent, lossless as pybtex reads it, never refusing valid
BibTeX (comments, multi-line @string values with repeated spaces, @preamble, ``#``
concatenation, quotes, braces, accents, ``%``)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from bibtools.bibtex.fmt import format_text
from bibtools.data.contract import FIELD_ORDER

WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzAEZ0123456789-:.,;!?'&$_", min_size=1, max_size=8
)
ACCENT = st.sampled_from(['{\\"u}', "{\\'e}", "{\\~a}", "\\%", "%", "ü", "é", "--", "\\&", "$x$"])
SPACE = st.sampled_from([" ", "  ", "\n", " \n   ", "\t"])


@st.composite
def braced(draw: st.DrawFn, depth: int = 0) -> str:
    """Balanced text as it may stand inside braces (quotes allowed)."""
    parts = draw(
        st.lists(
            st.one_of(
                WORD,
                ACCENT,
                SPACE,
                st.just('"'),
                braced(depth + 1).map(lambda t: "{" + t + "}") if depth < 2 else WORD,
            ),
            max_size=4,
        )
    )
    return "".join(parts)


@st.composite
def quotable(draw: st.DrawFn) -> str:
    """Text for a "..." value: a quote only inside braces."""
    parts = draw(st.lists(st.one_of(WORD, ACCENT, SPACE, braced().map(lambda t: "{" + t + "}"))))
    return "".join(parts)


def comment(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(st.just(""), WORD.map(lambda w: "% " + w)), max_size=3))
    return "".join(line + "\n" for line in lines)


def value(draw: st.DrawFn, macros: list[str]) -> str:
    kinds = ["brace", "quote", "number"] + (["macro", "concat"] if macros else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "brace":
        return "{" + draw(braced()) + "}"
    if kind == "quote":
        return '"' + draw(quotable()) + '"'
    if kind == "number":
        return str(draw(st.integers(0, 3000)))
    if kind == "macro":
        return draw(st.sampled_from(macros))
    return f'{draw(st.sampled_from(macros))} # {{{draw(braced())}}} # "{draw(quotable())}"'


@st.composite
def bib_files(draw: st.DrawFn) -> str:
    text = comment(draw)
    macros: list[str] = []
    keys: set[str] = set()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["entry", "entry", "string", "preamble"]))
        text += comment(draw)
        if kind == "string":
            name = draw(st.sampled_from(["conf", "Venue", "pub", "xx", "longname"]))
            body = "{" + draw(braced()) + "}" if draw(st.booleans()) else value(draw, macros)
            text += f"@string{{{name} = {body}}}\n"
            macros.append(name.lower())
        elif kind == "preamble":
            body = "{" + draw(braced()) + "}" if draw(st.booleans()) else '"' + draw(quotable())
            text += f"@preamble{{{body}{'' if body.startswith('{') else chr(34)}}}\n"
        else:
            key = draw(st.from_regex(r"[a-z]{1,5}[0-9]{0,4}[a-z]{0,3}", fullmatch=True))
            if key.casefold() in keys:
                continue
            keys.add(key.casefold())
            names = draw(
                st.lists(
                    st.sampled_from(["title", "note", "year", "Booktitle", "annote", "zz"]),
                    unique_by=str.lower,
                    max_size=4,
                )
            )
            fields = [f" {n} = {value(draw, macros)}" for n in names]
            entry_type = draw(st.sampled_from(["misc", "Article", "inproceedings"]))
            text += f"@{entry_type}{{{key},{','.join(fields)}{draw(st.sampled_from(['', ',']))}}}\n"
    return text + comment(draw)


def data(text: str) -> Any:
    bib = parse_string(text, "bibtex")
    entries = {
        key: (
            entry.type.lower(),
            {name.lower(): text for name, text in entry.fields.items()},
            {r: [str(p) for p in ps] for r, ps in entry.persons.items()},
        )
        for key, entry in bib.entries.items()
    }
    return entries, bib.preamble


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(bib_files())
def test_fmt_is_idempotent_lossless_and_accepts_valid_files(text: str) -> None:
    expected = data(text)  # pybtex accepts it: valid BibTeX
    once, problems = format_text(text, "x.bib", FIELD_ORDER)
    assert problems == []
    assert data(once) == expected
    twice, problems = format_text(once, "x.bib", FIELD_ORDER)
    assert (twice, problems) == (once, [])
