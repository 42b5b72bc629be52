// The explorer (papers/explorer.html): every entry from one JSON file (bibtools.site.explorer),
// filtered and sorted here, the filters kept in the page's address so a view can be linked.
// Every value from the data is written as text (textContent), never as markup; links are built
// only from keys ([a-z0-9]+) and from http(s) URLs.
(() => {
  "use strict";
  const form = document.getElementById("explorer-filters");
  const table = document.getElementById("explorer-table");
  const count = document.getElementById("explorer-count");
  if (!form || !table || !count) return;
  const body = table.tBodies[0];
  const FILTERS = ["c", "p", "pr", "w", "v", "q", "code", "l"];
  const ORDER = { oral: 0, spotlight: 1, poster: 2, unknown: 3 };
  const fold = (text) =>
    text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ");
  let rows = [];
  let labels = {};
  let sort = { key: "t", dir: 1 };

  const label = (facet, value) => (labels[facet] && labels[facet][value]) || value;

  function state() {
    const values = {};
    for (const name of FILTERS) {
      const field = form.elements.namedItem(name);
      if (!field) continue;
      const value = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value.trim();
      if (value) values[name] = value;
    }
    return values;
  }

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    for (const name of FILTERS) {
      const field = form.elements.namedItem(name);
      if (!field) continue;
      const value = params.get(name) || "";
      if (field.type === "checkbox") field.checked = value === field.value;
      else if (field.tagName === "SELECT")
        field.value = [...field.options].some((o) => o.value === value) ? value : "";
      else field.value = value;
    }
    const key = params.get("s");
    if (key && table.querySelector(`button[data-sort="${CSS.escape(key)}"]`)) sort.key = key;
    sort.dir = params.get("d") === "desc" ? -1 : 1;
  }

  function writeAddress() {
    const params = new URLSearchParams(state());
    if (sort.key !== "t") params.set("s", sort.key);
    if (sort.dir < 0) params.set("d", "desc");
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function keep(row, f) {
    if (f.c && !row.p.some((k) => k.split("/")[0] === f.c)) return false;
    if (f.p && !row.p.includes(f.p)) return false;
    if (f.pr && row.pr !== f.pr) return false;
    if (f.w && row.w !== f.w) return false;
    if (f.v && row.v !== f.v) return false;
    if (f.code && !row.code) return false;
    if (f.l && row.l) return false;
    if (f.q) {
      const words = fold(f.q).split(" ").filter(Boolean);
      if (!words.every((w) => row.text.includes(w))) return false;
    }
    return true;
  }

  function sortValue(row) {
    switch (sort.key) {
      case "a": return row.a.length ? fold(row.a[0]) : "";
      case "p": return fold(label("p", row.p[0] || ""));
      case "pr": return row.pr === undefined ? 9 : ORDER[row.pr];
      case "code": return row.code ? 0 : 1;
      default: return row.sortTitle;
    }
  }

  function cell(tr) {
    const td = document.createElement("td");
    tr.appendChild(td);
    return td;
  }

  function line(td, text, className) {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    td.appendChild(span);
  }

  function draw(row) {
    const tr = document.createElement("tr");
    const paper = cell(tr);
    const link = document.createElement("a");
    if (/^[a-z0-9]+$/.test(row.k)) link.href = `${row.k}.html`;
    link.textContent = row.t;
    paper.appendChild(link);
    if (row.s) line(paper, row.s, "explorer-short");
    if (row.td) line(paper, row.td, "explorer-tldr");
    if (row.l) line(paper, "Summary not yet written", "explorer-note");
    const names = row.a.slice(0, 3).join(", ");
    cell(tr).textContent = names + (row.a.length > 3 || row.m ? " et al." : "");
    cell(tr).textContent = row.p.map((k) => label("p", k)).join("; ");
    const kind = cell(tr);
    if (row.v !== "neurips") kind.textContent = label("v", row.v);
    else {
      kind.textContent = label("pr", row.pr) + (row.u ? " (unconfirmed)" : "");
      if (row.w) line(kind, label("w", row.w), "explorer-award");
    }
    const code = cell(tr);
    if (row.code && /^https?:\/\//.test(row.code)) {
      const a = document.createElement("a");
      a.href = row.code;
      a.textContent = "Code";
      code.appendChild(a);
    }
    return tr;
  }

  function render() {
    const f = state();
    const shown = rows.filter((row) => keep(row, f));
    shown.sort((x, y) => {
      const a = sortValue(x);
      const b = sortValue(y);
      return (a < b ? -1 : a > b ? 1 : x.sortTitle < y.sortTitle ? -1 : 1) * sort.dir;
    });
    body.replaceChildren(...shown.map(draw));
    for (const th of table.tHead.rows[0].cells) {
      const key = th.querySelector("button").dataset.sort;
      if (key === sort.key) th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    count.textContent = shown.length === rows.length
      ? `All ${rows.length} entries.`
      : `${shown.length} of ${rows.length} entries match.`;
  }

  function update() {
    writeAddress();
    render();
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => window.setTimeout(update));
  table.tHead.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-sort]");
    if (!button) return;
    const key = button.dataset.sort;
    sort = { key, dir: sort.key === key ? -sort.dir : 1 };
    update();
  });

  count.textContent = "Loading the entries…";
  fetch(form.dataset.src)
    .then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then((data) => {
      labels = {};
      for (const [facet, pairs] of Object.entries(data.facets)) labels[facet] = Object.fromEntries(pairs);
      rows = data.papers.map((row) => ({
        ...row,
        sortTitle: fold(row.t),
        text: ` ${fold([row.t, row.s || "", ...row.a].join(" "))} `,
      }));
      readAddress();
      render();
    })
    .catch(() => {
      count.textContent = "The entries could not be loaded; every entry is also on All references.";
    });
})();
