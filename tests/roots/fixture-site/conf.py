"""A small site over tests/fixtures/bib, with the real site's settings.

The tests copy this folder to a temp dir and set BIBTOOLS_REPO to the repository root.
"""

import os
from pathlib import Path

_repo = Path(os.environ.get("BIBTOOLS_REPO", Path(__file__).resolve().parents[3]))
_real = _repo / "docs" / "conf.py"
exec(compile(_real.read_text(encoding="utf-8"), str(_real), "exec"))

bibtools_bib_dir = str(_repo / "tests" / "fixtures" / "bib")
html_static_path: list[str] = []
html_css_files: list[str] = []
