"""Writes tests/hostile/cases/* and cases.toml: the hostile-input corpus (run once by hand
after editing; the files are committed, so the tests never depend on this script)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from bibtools.bibtex.write import braced_entry  # noqa: E402
from conftest import SUMMARY, TAXONOMY_TEXT  # noqa: E402

N = iter(range(100, 1000))


def bib(
    key: str, extra: dict[str, str] | None = None, drop: tuple[str, ...] = (), **fields: str
) -> str:
    n = next(N)
    values = {
        "title": "Gated Attention for Large Language Models",
        "author": "Qiu, Zihan and Wang, Zekun",
        "booktitle": "Advances in Neural Information Processing Systems",
        "year": "2025",
        "url": f"https://openreview.net/forum?id=H{n}xxxxxx",
        "track": "main",
        "openreview": f"H{n}xxxxxx",
        "presentation": "oral",
        "keywords": "inference/serving",
        "annote": SUMMARY,
        **fields,
        **(extra or {}),
    }
    return braced_entry("inproceedings", key, {k: v for k, v in values.items() if k not in drop})


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


CASES: list[dict[str, object]] = []


def case(
    name: str,
    kind: str,
    text: str | bytes | None,
    *,
    commands: list[str],
    exit: int,
    message: str,
    field: str = "",
    line: int = 0,
    target: str = "bib",
    setup: str = "",
    where: str | None = None,
) -> None:
    suffix = ".toml" if target == "taxonomy" else ".bib"
    file = f"{name}{suffix}" if text is not None else ""
    if text is not None:
        data = text.encode() if isinstance(text, str) else text
        (HERE / "cases" / file).write_bytes(data)
        if field:
            line = line_of(data.decode("utf-8", "replace"), field)
    shown = "bib/taxonomy.toml" if target == "taxonomy" else f"bib/{file}"
    if where is None:
        where = f"{shown}:{line}" if line else shown
    CASES.append(
        {
            "name": name,
            "kind": kind,
            "file": file,
            "target": target,
            "setup": setup,
            "commands": commands,
            "exit": exit,
            "message": message,
            "where": where,
        }
    )


DATA = ["check", "export", "generate"]
T = "Gated Attention for Large Language Models"

# -- live links: nothing a browser would execute may pass check --------------------------
for name, field, value in [
    ("url-javascript-title", "title", T + r" \url{javascript:alert(1)}"),
    ("url-spaced-href-venue", "sourcenote", r"see \href{ JavaScript:alert(1)}{here}"),
    ("url-data-annote", "annote", SUMMARY + r" \url{ data:text/html,<script>alert(1)</script>}"),
    ("url-upper-case", "tldr", r"\URL{javascript:alert(1)}"),
    ("url-nested-braces", "sourcenote", r"\url{java{script}:alert(1)}"),
    ("url-double-backslash", "tldr", r"a \\url{javascript:alert(1)}"),
    ("url-unbraced", "sourcenote", r"\url javascript:alert(1)"),
    ("url-space-before-brace", "shortname", r"\url {vbscript:msgbox}"),
    ("href-in-author", "author", r"Qiu, Zihan and {\href{javascript:alert(1)}{Wang}}, Zekun"),
]:
    text = bib("qiu2025gated", **{field: value})
    link = value[value.index("\\") :][:44]
    case(
        name,
        f"live link in {field}: {link}",
        text,
        commands=DATA,
        exit=1,
        message="bad-url",
        field=f"  {field} = ",
    )
for name, field, value in [
    ("url-field-javascript", "url", "javascript:alert(1)"),
    ("code-field-data", "code", "data:text/html;base64,PHNjcmlwdD4="),
    ("projectpage-field-vbscript", "projectpage", "vbscript:msgbox(1)"),
    ("url-trailing-backslash", "url", "https://openreview.net/forum?id=H1xxxxxxx\\"),
]:
    case(
        name,
        f"bad {field}: {value[:30]}",
        bib("qiu2025gated", **{field: value}),
        commands=DATA,
        exit=1,
        message="bad-url",
        field=f"  {field} = ",
    )

# -- check passed but the site broke -------------------------------------------------------
case(
    "keywords-only-commas",
    "keywords = {, ,}",
    bib("qiu2025gated", keywords=", ,"),
    commands=DATA,
    exit=1,
    message="unknown-keyword",
    field="  keywords = ",
)
case(
    "title-empty-braces",
    "title = {{}}",
    bib("qiu2025gated", title="{}"),
    commands=DATA,
    exit=1,
    message="missing-field",
    field="  title = ",
)
case(
    "syntax-never-closes",
    "an entry that never closes",
    "@inproceedings{qiu2025gated,\n  title = {Oops,\n  year = {2025},\n",
    commands=[*DATA, "fmt"],
    exit=1,
    message="syntax",
    line=1,
)
case(
    "undefined-macro",
    "undefined @string macro",
    bib("qiu2025gated").replace(
        "booktitle = {Advances in Neural Information Processing Systems}", "booktitle = nips"
    ),
    commands=[*DATA, "fmt"],
    exit=1,
    message="undefined @string macro 'nips'",
    line=1,
)
case(
    "duplicate-key",
    "a key the fixture already uses",
    bib("bob2025fast", title="Fast Serving Again"),
    commands=DATA,
    exit=1,
    message="duplicate-key",
    line=1,
)
case(
    "bad-presentation",
    "presentation = {keynote}",
    bib("qiu2025gated", presentation="keynote"),
    commands=DATA,
    exit=1,
    message="bad-value",
    field="  presentation = ",
)
case(
    "cross-ref-unknown",
    "annote cites an unknown key",
    bib("qiu2025gated", annote=SUMMARY + " See [@nobody2025nothing]."),
    commands=DATA,
    exit=1,
    message="cross-ref",
    field="  annote = ",
)
case(
    "annote-too-short",
    "a ten-word summary",
    bib("qiu2025gated", annote="Too short a summary."),
    commands=DATA,
    exit=1,
    message="annote-length",
    field="  annote = ",
)
case(
    "unknown-field",
    "abstract = {...}",
    bib("qiu2025gated", extra={"abstract": "x"}),
    commands=DATA,
    exit=1,
    message="unknown-field",
    field="  abstract = ",
)
case(
    "placeholder-author",
    "author = {Unknown}",
    bib("qiu2025gated", author="Unknown"),
    commands=DATA,
    exit=1,
    message="placeholder",
    field="  author = ",
)
case(
    "entry-type-html",
    "@<script> as entry type",
    "@script{qiu2025gated,\n  title = {x},\n}\n",
    commands=DATA,
    exit=1,
    message="bad-value",
    line=1,
)

# -- file contents ------------------------------------------------------------------------
good = bib("qiu2025gated")
case(
    "latin1-byte",
    "undecodable byte (Latin-1 é) on line 3",
    good.replace("Qiu, Zihan", "Qi\xe9, Zihan").encode("latin-1"),
    commands=[*DATA, "fmt"],
    exit=1,
    message="is not UTF-8",
    line=3,
)
case(
    "nul-byte",
    "a NUL byte on line 2",
    good.replace("  title", "  ti\0tle", 1),
    commands=[*DATA, "fmt"],
    exit=1,
    message="NUL byte",
    line=2,
)
case(
    "utf16-bom",
    "UTF-16 with BOM",
    good.encode("utf-16"),
    commands=[*DATA, "fmt"],
    exit=1,
    message="UTF-16",
    line=1,
)

# -- the taxonomy is input too ------------------------------------------------------------
TAX = TAXONOMY_TEXT
case(
    "taxonomy-slug-traversal",
    "category slug ../../../x",
    TAX.replace('slug = "training"', 'slug = "../../../x"'),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="must be lower-case kebab-case",
    field="../../../x",
)
case(
    "taxonomy-title-int",
    "title = 5 (wrong TOML type)",
    TAX.replace('title = "Training Systems"', "title = 5"),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="needs 'title' as a non-empty one-line string",
    field='slug = "training"',
)
case(
    "taxonomy-layer-string",
    'layer = "x" (not an array of tables)',
    'layer = "x"\n' + TAX.split("[[category]]", 1)[1].join(["[[category]]", ""])
    if False
    else 'layer = "x"\n\n[[category]]' + TAX.split("[[category]]", 1)[1],
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="'layer' must be [[layer]] tables",
    line=1,
)
case(
    "taxonomy-topic-int",
    "topic = 3 inside a category",
    TAX.replace(
        'description = "Distributed training and optimisers"',
        'description = "Distributed training and optimisers"\ntopic = 3',
    ).split('[[category.topic]]\nslug = "distributed"')[0],
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="'topic' must be [[topic]] tables",
    field="topic = 3",
)
case(
    "taxonomy-invalid-toml",
    "[[layer] (invalid TOML)",
    "[[layer]\n",
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="invalid TOML",
    line=1,
)
case(
    "taxonomy-icon-markup",
    'icon = "<svg onload=alert(1)>"',
    TAX.replace('icon = "zap"', 'icon = "<svg onload=alert(1)>"'),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="an octicon name",
    field='slug = "inference"',
)
case(
    "taxonomy-latin1",
    "taxonomy with an undecodable byte",
    TAX.replace("Inference & Serving", "Inf\xe9rence").encode("latin-1"),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="is not UTF-8",
    field="Inf",
)

# -- the environment (exit 2: one line naming the path and the fix) ------------------------
ENV = [
    ("fifo", "a FIFO named x.bib in bib/ (must not hang)", "bib/fifo.bib", "not a regular file"),
    ("dir-named-bib", "a folder named x.bib in bib/", "bib/folder.bib", "is a folder"),
    ("symlink-loop", "a symbolic-link loop loop.bib", "bib/loop.bib", "loop of symbolic links"),
    ("dangling-symlink", "a symbolic link to nothing", "bib/dangling.bib", "link to nothing"),
    (
        "unreadable",
        "an unreadable file (chmod 000, simulated for root)",
        "bib/papers.bib",
        "permission denied",
    ),
    ("missing-bib", "bib/ does not exist", "bib", "no such file or folder"),
    (
        "missing-taxonomy",
        "bib/taxonomy.toml does not exist",
        "bib/taxonomy.toml",
        "no taxonomy file",
    ),
]
for setup, kind, where, message in ENV:
    case(
        setup,
        kind,
        None,
        setup=setup,
        commands=[*DATA, "fmt"] if "taxonomy" not in setup else DATA,
        exit=2,
        message=message,
        where=where,
    )
OUT = [
    ("out-under-file", "the output path lies under a regular file", "a file stands where"),
    ("out-read-only", "the output folder is read-only (EROFS, simulated)", "read-only"),
    ("out-disk-full", "the disk fills up while writing (ENOSPC, simulated)", "the disk is full"),
    (
        "out-foreign-files",
        "the output folder holds files bibtools did not write",
        "holds files bibtools did not write",
    ),
    ("out-is-symlink", "the output path is a symbolic link", "is not a folder"),
    ("out-is-file", "the output path is a regular file", "is not a folder"),
]
for setup, kind, message in OUT:
    commands = ["export", "generate"] + (
        ["figure"] if setup in ("out-under-file", "out-read-only", "out-disk-full") else []
    )
    case(setup, kind, None, setup=setup, commands=commands, exit=2, message=message, where="out")
case(
    "sphinx-missing-bib",
    "the docs build with no bib/ folder (no crash report)",
    None,
    setup="missing-bib",
    commands=["sphinx"],
    exit=2,
    message="no such file or folder",
    where="bib",
)
case(
    "sphinx-bad-data",
    "the docs build over a broken entry",
    bib("qiu2025gated", url="javascript:alert(1)"),
    commands=["sphinx"],
    exit=1,
    message="bad-url",
    field="  url = ",
)

# -- legal but dangerous-looking: accepted, rendered literally ------------------------------
LEGAL = [
    (
        "legal-script-title",
        "<script> and an onerror image in a title",
        {"title": r"{<script>alert(1)</script>} and <img src=x onerror=alert(1)>"},
        "scriptalert1script",
        ["<script>alert(1)</script> and <img src=x onerror=alert(1)>"],
    ),
    (
        "legal-quotes-title",
        "quotes and dashes in a title (no smart quotes)",
        {"title": "Quoting \"Straight\" and 'Single' -- Dashes"},
        "quoting",
        ["Quoting \"Straight\" and 'Single' -- Dashes"],
    ),
    (
        "legal-ampersand",
        "\\& and &amp; in a title",
        {"title": r"Ampersands \& Entities &amp; More"},
        "ampersands",
        ["Ampersands & Entities &amp; More"],
    ),
    (
        "legal-markdown-links",
        "Markdown/MyST links to javascript: and data: in a summary",
        {
            "title": "Markdown Links Everywhere",
            "annote": SUMMARY
            + " [click](javascript:alert(1)) <javascript:alert(2)> ![i](data:text/html,x)"
            + " {raw}`<b>x</b>` $$x$$",
        },
        "markdown",
        [
            "[click](javascript:alert(1))",
            "<javascript:alert(2)>",
            "![i](data:text/html,x)",
            "raw`<b>x</b>`",
        ],
    ),
    (
        "legal-myst-title",
        "MyST role and directive syntax in a title",
        {"title": r"Roles {raw}`html` and ```\{danger\} and (label)= Survive"},
        "roles",
        ["{raw}`html`", "(label)="],
    ),
    (
        "legal-javascript-text",
        "javascript: as plain text in a tldr (no linkify)",
        {"title": "Plain Scheme Text", "tldr": "write javascript:alert(1) as text"},
        "plain",
        ["javascript:alert(1)"],
    ),
    (
        "legal-and-others",
        "an author list ending in 'and others'",
        {"title": "Incomplete Author Lists", "author": "Qiu, Zihan and others"},
        "incomplete",
        ["Zihan Qiu"],
    ),
]
for name, kind, fields, word, expect in LEGAL:
    text = bib(f"qiu2025{word}", **fields)
    case(name, kind, text, commands=["check", "site"], exit=0, message="", line=0)
    CASES[-1]["html"] = expect
# Decoded text that would break out of its value in the export (issue 25): a venue (in the
# export's note) and an authorless title (in its sort key) whose text holds `}`, `{` and `@`.
# Legal; the exports, citation files and the references page must gain no entry or link.
case(
    "legal-venue-breaks-out-of-note",
    "a venue whose decoded text closes the export's note and adds url = {javascript:...}",
    braced_entry(
        "misc",
        "eve2025unconfirmed",
        {
            "title": "An Unconfirmed Venue",
            "author": "Eve, Mallory",
            "year": "2025",
            "url": "https://example.org/unconfirmed",
            "track": "unconfirmed",
            "venue": r"{\}, url = \{javascript:alert(1)\}, x = \{}",
            "keywords": "training/distributed",
            "annote": SUMMARY,
        },
    ),
    commands=["check", "site"],
    exit=0,
    message="",
)
CASES[-1]["html"] = ["listed as }, url = {javascript:alert(1)}, x = {"]
case(
    "legal-title-breaks-out-of-key",
    "an authorless title whose decoded text closes the export's key and adds an @misc entry",
    braced_entry(
        "misc",
        "anon2025miscinjected",
        {
            "title": r"{\} @misc\{injected, url = \{javascript:alert(2)\}, note = \{}}",
            "year": "2025",
            "url": "https://example.org/authorless",
            "track": "unconfirmed",
            "venue": "arXiv",
            "keywords": "training/distributed",
            "annote": SUMMARY,
        },
    ),
    commands=["check", "site"],
    exit=0,
    message="",
)
CASES[-1]["html"] = ["} @misc{injected, url = {javascript:alert(2)}, note = {"]
case(
    "legal-fmt-multiline-string",
    "fmt: a @string value with newlines and repeated spaces",
    "@string{conf = {Advances  in\n   Neural Information Processing Systems}}\n\n"
    + bib("qiu2025gated").replace(
        "booktitle = {Advances in Neural Information Processing Systems}", "booktitle = conf"
    ),
    commands=["check", "fmt"],
    exit=0,
    message="",
)
# One legal taxonomy case (the legal cases share one site, so one taxonomy file).
case(
    "legal-taxonomy-markup",
    "markup in a category's short name and a topic's description: rendered literally",
    TAX.replace(
        'short = "Inference"', 'short = "<b>Inf</b> [x](javascript:alert(1)) *em*"'
    ).replace(
        'description = "Serving engines, request scheduling and batching for LLM inference"',
        'description = "<script>alert(1)</script> [y](javascript:alert(1)) **st** (lbl)="',
    ),
    target="taxonomy",
    commands=["check", "site"],
    exit=0,
    message="",
)
CASES[-1]["html"] = [
    "<b>Inf</b> [x](javascript:alert(1)) *em*",
    "<script>alert(1)</script> [y](javascript:alert(1)) **st** (lbl)=.",
]

# -- the acceptance rule and unique short names (issue 20) ------------------------------------
case(
    "neurips-without-ids",
    "a NeurIPS 2025 paper with neither neuripsid nor openreview",
    bib("qiu2025gated", drop=("openreview",), url="https://arxiv.org/abs/2505.06708"),
    commands=DATA,
    exit=1,
    message="missing-field",
    line=1,
)
case(
    "forum-url-without-openreview",
    "a listed paper whose url is an OpenReview forum but has no openreview",
    bib("qiu2025gated", drop=("openreview",), extra={"neuripsid": "115001"}),
    commands=DATA,
    exit=1,
    message="url-mismatch",
    field="  url = ",
)
case(
    "duplicate-shortname-case",
    "two entries whose short names differ only in case",
    bib("qiu2025gated", extra={"shortname": "GATE"})
    + "\n"
    + bib("qiu2025gatedb", title="Gated Attention Again", extra={"shortname": "Gate"}),
    commands=DATA,
    exit=1,
    message="duplicate-shortname",
    where="bib/duplicate-shortname-case.bib:26",
)

# Authors whose names differ only in case: one label each, the same one on every build
# (test_hostile generates the site under two PYTHONHASHSEEDs and compares the bytes).
NAMES = ["Lee, Ann", "Kim, Bo", "Park, Cy", "Choi, Di", "Jung, Ed", "Kang, Flo", "Cho, Gus"]
case(
    "legal-authors-differ-in-case",
    "authors whose names differ only in case (Lee, Ann and LEE, Ann)",
    bib("lee2025case", title="Case One Attention", author=" and ".join(NAMES))
    + "\n"
    + bib(
        "lee2025caseb",
        title="Case Two Attention",
        author=" and ".join(name.upper() for name in NAMES),
    ),
    commands=["check", "site"],
    exit=0,
    message="",
)
CASES[-1]["html"] = ["Ann Lee", "ANN LEE"]


# -- check passed what the build refused (issue 25) -------------------------------------------
case(
    "taxonomy-icon-unknown",
    'icon = "rockett" (no such octicon: the -nW build failed at a generated page)',
    TAX.replace('icon = "rocket"', 'icon = "rockett"'),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="is not an octicon name",
    field='icon = "rockett"',
)
case(
    "taxonomy-duplicate-layer",
    "two [[layer]] tables with one slug",
    TAX.replace('slug = "algorithm"\ntitle = "Algorithm"', 'slug = "systems"\ntitle = "Algorithm"'),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="layer 'systems' is declared twice",
    line=8,
)
for slug in ("authors", "references", "awards", "statistics", "explorer", "neurips25-mlsys"):
    case(
        f"taxonomy-slug-{slug}",
        f"a category slug '{slug}': its page or download would overwrite the site's own",
        TAX.replace('slug = "training"', f'slug = "{slug}"').replace(
            'from = "training/decoding"', f'from = "{slug}/decoding"'
        ),
        target="taxonomy",
        commands=DATA,
        exit=1,
        message="the slug names one of the site's own pages or downloads",
        field=f'slug = "{slug}"',
    )
case(
    "taxonomy-slug-is-a-key",
    "a category slug equal to a paper's key (both pages papers/<key>.html)",
    TAX.replace('slug = "training"', 'slug = "bob2025fast"').replace(
        'from = "training/decoding"', 'from = "bob2025fast/decoding"'
    ),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="slug-collision",
    where="bib/papers.bib:23",
)
case(
    "taxonomy-bidi-title",
    "a bidi override (U+202E) in a category title",
    TAX.replace('title = "Training Systems"', 'title = "Training \u202eSystems"'),
    target="taxonomy",
    commands=DATA,
    exit=1,
    message="U+202E",
    field='slug = "training"',
)
case(
    "added-impossible-date",
    "added = {2025-02-30} (generate crashed)",
    bib("qiu2025gated", extra={"added": "2025-02-30"}),
    commands=DATA,
    exit=1,
    message="must be a calendar date",
    field="  added = ",
)
case(
    "control-character-title",
    "a U+0001 control character in a title (the feed crashed)",
    bib("qiu2025gated", title=T + " \x01"),
    commands=DATA,
    exit=1,
    message="control-character",
    field="  title = ",
)
case(
    "bidi-override-title",
    "a bidi override (U+202E) in a title (reached the pages raw)",
    bib("qiu2025gated", title=T + " \u202egnp.exe"),
    commands=DATA,
    exit=1,
    message="control-character",
    field="  title = ",
)
# An item of another venue and year, so nothing but the digits is wrong: its key follows
# the scheme with the same digits.
ARABIC_YEAR = "20\u0662\u0664"  # "20" in ASCII: (19|20)\d\d matched it
arabic = bib(
    f"qiu{ARABIC_YEAR}gated",
    drop=("booktitle", "presentation", "openreview"),
    year=ARABIC_YEAR,
    track="other-venue",
    venue="ICLR 2024",
    url="https://arxiv.org/abs/2401.00001",
)
case(
    "year-arabic-indic-digits",
    f"year = {{{ARABIC_YEAR}}} (\\d matched Arabic-Indic digits; generate crashed)",
    arabic,
    commands=DATA,
    exit=1,
    message="must be four digits",
    field="  year = ",
)
case(
    "key-arabic-indic-digits",
    f"a key with Arabic-Indic digits, qiu{ARABIC_YEAR}gated",
    arabic,
    commands=DATA,
    exit=1,
    message="key-scheme",
    line=1,
)
case(
    "duplicate-title-nfd",
    "two titles that differ only by Unicode normalisation (NFC and NFD)",
    bib("qiu2025cafe", title="Caf\u00e9 Gating for Large Language Models")
    + "\n"
    + bib("qiu2025cafeb", title="Cafe\u0301 gating for large language models"),
    commands=DATA,
    exit=1,
    message="duplicate-paper",
    where="bib/duplicate-title-nfd.bib:14",
)
case(
    "legal-layer-underscore",
    "a layer titled _Systems (matplotlib leaves '_' labels out of a legend)",
    TAX.replace('title = "Systems"', 'title = "_Systems"'),
    target="taxonomy",
    commands=["check", "figure"],
    exit=0,
    message="",
)
CASES[-1]["legend"] = ["_Systems", "Algorithm"]
# -- input sizes that were quadratic (issue 25; benchmarks/scaling.py times them) -------------
HAN = [chr(0x4E00 + i) for i in range(2000)]  # CJK ideographs: no ASCII form, one label base
case(
    "unclosed-many",
    "2,000 lines of an unclosed @misc{a, (each was rescanned to the end)",
    "@misc{a,\n" * 2000,
    commands=["check", "fmt"],
    exit=1,
    message="syntax",
    line=1,
)
case(
    "fields-many",
    "2,000 unknown fields in one entry (each located by a pass over all)",
    bib("qiu2025gated", extra={f"x{i}": f"value {i}" for i in range(2000)}),
    commands=["check"],
    exit=1,
    message="unknown-field",
    field="  x1999 = ",
)
case(
    "authors-many-added",
    "one entry with 2,000 authors and an added date (the feed's author list)",
    bib(
        "qiu2025gated",
        author="Qiu, Zihan and " + " and ".join(f"Author{i:04d}, Ann" for i in range(2000)),
        extra={"added": "2025-06-01"},
    ),
    commands=["check", "generate"],
    exit=0,
    message="",
)
case(
    "authors-non-latin",
    "one entry with 1,000 authors whose names fold to no ASCII letter (labels author-x-n)",
    bib(
        "qiu2025gated",
        author="Qiu, Zihan and " + " and ".join(f"{HAN[i]}, {HAN[i + 1]}" for i in range(1000)),
    ),
    commands=["check", "generate"],
    exit=0,
    message="",
)
case(
    "topics-many",
    "a taxonomy of 500 topics in one category (each located by a pass over the file)",
    TAX.replace(
        '\n[[category.topic]]\nslug = "decoding"',
        "".join(
            f'\n[[category.topic]]\nslug = "topic-{i}"\nlayer = "systems"\n'
            f'title = "Topic {i}"\ndescription = "What topic {i} holds"\n'
            for i in range(500)
        )
        + '\n[[category.topic]]\nslug = "decoding"',
        1,
    ),
    target="taxonomy",
    commands=["check", "generate"],
    exit=0,
    message="",
)
case(
    "name-four-parts",
    "an author 'A, B, Jr, Sr' (pybtex's InvalidNameString, once a traceback)",
    bib("qiu2025gated", author="Qiu, Zihan and A, B, Jr, Sr"),
    commands=DATA,
    exit=1,
    message="Too many commas in 'A, B, Jr, Sr'",
    field="  author = ",
)


def toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


out = [
    "# The hostile-input corpus: one file (in cases/) or one set-up (tests/test_hostile.py)",
    "# per case. Generated by make_cases.py; each case runs through the real CLI.",
    "",
]
for item in CASES:
    out.append("[[case]]")
    out += [f"{k} = {toml_value(v)}" for k, v in item.items()]
    out.append("")
(HERE / "cases.toml").write_text("\n".join(out), encoding="utf-8")
print(len(CASES), "cases")
