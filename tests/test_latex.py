"""LaTeX -> text for display, and the citation-key scheme built on it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibtools.bibtex.latex import ascii_fold, latex_to_text, text_to_latex
from bibtools.bibtex.syntax import parse_bib
from bibtools.bibtex.write import splits_alike
from bibtools.data.keys import expected_key
from bibtools.data.loader import paper_from_raw


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Aky{\"u}rek", "Akyürek"),
        ("Akyürek", "Akyürek"),
        (r"Bottou, L{\'e}on", "Bottou, Léon"),
        (r"Jo{\~a}o", "João"),
        (r"Scaling via {$\mu$P}", "Scaling via \u03bcP"),
        (r"Top-$p$ Pruning", "Top-p Pruning"),
        (r"{S$^2$Q}: {S$^{2}$Q}, x$^{n}$", "S²Q: S²Q, x^n"),
        (r"{LLM} {KV} Cache", "LLM KV Cache"),
        (r"50\% faster, 50% smaller", "50% faster, 50% smaller"),
        (r"\{x\} costs \$5 \& more", "{x} costs $5 & more"),
        ("a -- b", "a – b"),
        ("<script>", "<script>"),
        # A lone apostrophe or backtick is plain text (the fast path); TeX quotes are not.
        ("the model's d'Angelo `x", "the model's d'Angelo `x"),
        ("``quoted'' it's", "\u201cquoted\u201d it's"),
        ("?`Qu\\'e? !`Ay!", "\u00bfQu\u00e9? \u00a1Ay!"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_ascii_fold() -> None:
    assert ascii_fold("Akyürek Pöppel João Léon") == "Akyurek Poppel Joao Leon"


@pytest.mark.parametrize(
    ("author", "title", "key"),
    [
        ('Aky{\\"u}rek, Ekin', "Learning Linear Attention", "akyurek2025learning"),
        ("d'Angelo, Francesco", "The Emergence of Sparse Attention", "dangelo2025emergence"),
        ("Cai, Zefan", "{R-KV}: Redundancy-aware", "cai2025rkv"),
        ("Wang, Bo", "1000 Layer Networks", "wang20251000"),
        ("Li, Xiang", "How to Build a Consistency Model", "li2025build"),
    ],
)
def test_expected_key(author: str, title: str, key: str) -> None:
    bib, _ = parse_bib(f"@misc{{x, author = {{{author}}}, title = {{{title}}}, year = 2025}}", "t")
    paper = paper_from_raw(bib.chunks[0], "t")  # type: ignore[arg-type]
    assert expected_key(paper) == key


def test_fast_path_gives_what_latexcodec_gives() -> None:
    """Values without LaTeX commands skip latexcodec: the text must be the same."""
    import random

    from bibtools.bibtex.latex import decode_with_codec

    pieces = ["a", "LLM", " ", "\n", "'", "`", "{", "}", "%", "-", "!", "?", ",", ":", "é"]
    pieces += ["\\%", "\\&", "\\{", "\\}", "\\_", "\\#", "\\$", "50\\%", "d'Angelo", "[@x]"]
    rng = random.Random(11)
    values = ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(5000)]
    for value in values:
        assert latex_to_text(value) == decode_with_codec(value), value


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_text_to_latex_reads_back_as_the_text(text: str) -> None:
    """The export's encoding of derived text (a note, a sort key) is what the loader decodes,
    whatever the text holds, and every BibTeX reader finds its end alike."""
    latex = text_to_latex(text)
    assert latex_to_text(latex) == " ".join(text.split())
    assert splits_alike(latex)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"a\textbackslash{}b", "a\\b"),
        (r"\textbraceright{}, url = \textbraceleft{}x", "}, url = {x"),
        (r"x \textbackslash y", "x \\y"),
        (r"\textasciitilde{} -{}- `{}`", "~ -- ``"),
    ],
)
def test_literal_commands_read_as_their_characters(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text
