"""BibTeX source: the located parser, LaTeX to text, and the lossless formatter."""
