// Renders the site's export files with real JavaScript clients, for tests/test_clients.py:
// citation-js reads each format (BibTeX, RIS, CSL-JSON) and formats it in APA and IEEE with
// citeproc-js (its plugin-csl), and citeproc-js alone formats the CSL-JSON. Prints one JSON
// object: per client and style, the items read (id, type, container) and each formatted
// entry's text, and every warning the clients printed.
"use strict";
const fs = require("fs");
const warnings = [];
// The clients report what they could not read with console.warn or console.error: collect it.
for (const level of ["warn", "error"]) {
  console[level] = (...args) => warnings.push(args.map(String).join(" "));
}
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");
const CSL = require("citeproc");

const [bibFile, risFile, jsonFile, ieeeFile] = process.argv.slice(2);
plugins.config.get("@csl").styles.add("ieee", fs.readFileSync(ieeeFile, "utf8"));
const result = { warnings, formats: {}, citeproc: {} };

const read = (name, text) => {
  const cite = new Cite(text, { forceType: name });
  const items = cite.data.map((item) => ({
    id: item.id,
    type: item.type,
    container: item["container-title"] || "",
  }));
  const rendered = {};
  for (const style of ["apa", "ieee"]) {
    rendered[style] = cite
      .format("bibliography", { format: "text", template: style, lang: "en-US", asEntryArray: true })
      .map(([id, text]) => ({ id, text: text.trim() }));
  }
  return { items, rendered };
};
result.formats.bibtex = read("@biblatex/text", fs.readFileSync(bibFile, "utf8"));
result.formats.ris = read("@ris/file", fs.readFileSync(risFile, "utf8"));
result.formats.csl = read("@csl/list+object", JSON.parse(fs.readFileSync(jsonFile, "utf8")));

// citeproc-js on its own, on the CSL-JSON file, with the same two styles.
const items = Object.fromEntries(JSON.parse(fs.readFileSync(jsonFile, "utf8")).map((i) => [i.id, i]));
const locale = plugins.config.get("@csl").locales.get("en-US");
for (const [style, xml] of [
  ["apa", plugins.config.get("@csl").styles.get("apa")],
  ["ieee", fs.readFileSync(ieeeFile, "utf8")],
]) {
  const engine = new CSL.Engine(
    { retrieveLocale: () => locale, retrieveItem: (id) => items[id] },
    xml,
  );
  engine.setOutputFormat("text");
  engine.updateItems(Object.keys(items));
  const [meta, entries] = engine.makeBibliography();
  result.citeproc[style] = meta.entry_ids.map((ids, n) => ({ id: ids[0], text: entries[n].trim() }));
}
process.stdout.write(JSON.stringify(result));
