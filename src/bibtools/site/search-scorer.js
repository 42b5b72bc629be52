// Sphinx's search scorer (html_search_scorer), set by bibtools.sphinxext. Sphinx inlines this
// file into _static/language_data.js, which loads after searchtools.js on the search page.
//
// 1. A paper's own page (papers/<key>, keys being <name><year><word>) outranks the list pages
//    that mention the same words, so a few title words or a surname lead to the paper; among
//    paper pages, the one whose title starts with the query, then the one whose title holds
//    the most query words, comes first.
// 2. A title typed or pasted up to any character ("Gated Attention for Large La") finds the
//    paper. Sphinx's searchtools (7.x-9.x) requires every query term on a page, and
//    (a) drops a page that holds some of the terms under 3 characters but not all of them
//        ("R-KV: ... KV Ca": the paper holds "kv", not "ca"), since it accepts either all
//        terms or exactly the terms of 3+ characters;
//    (b) matches a word cut short only if it is part of an indexed stem: "Generati" is not
//        part of "generat" (generative), "Accelera" not of "acceler";
//    (c) matches a term inside longer stems only if it is not a stem itself: "Line" finds
//        "line" but not "linear", "Accur" "accur" but not "accuraci".
//    So terms under 3 characters are dropped (unless there are no others: "R-KV"), and the
//    query's last word, unless a space
//    ends the query, is a prefix: its term is its stem if that is indexed, else its longest
//    prefix (3+ characters) that is ("Generati" -> "generat"), and it also matches inside
//    longer stems (its own index entry is renamed for that one search). A word that starts
//    with the last word contains that term, so this only widens what the query finds; so do
//    the pages whose title has a word starting with the last word as typed (see below).
// 3. An author's name ("Hao Zhang", two words or more, no quotes) finds the papers of the
//    author of that name, and only those: not every page that holds "Hao" and "Zhang" in
//    different names. The names come from search-authors.js (loaded by the search page
//    alone; see bibtools.site.search_names), folded as below, each also transliterated
//    ("Michal" finds Michał). A query made only of name words that is no author's name
//    ("Tri Dao") is searched as words, under a line saying no author has that name.
var Scorer = {
  score: (result) => {
    const [docname, title, , , score] = result;
    if (!/^papers\/[a-z]+[0-9]{4}[a-z0-9]+$/.test(docname)) return score;
    const query = Scorer.lastQuery || { text: "", terms: [] };
    const folded = Scorer.fold(title);
    const prefix = query.text.length > 0 && folded.startsWith(query.text) ? 10 : 0;
    const words = query.terms.filter((term) => folded.includes(term)).length;
    return score + 10 + prefix + Math.min(words, 9) / 10;
  },
  // Lower case, without accents, words separated by one space: how titles and queries compare.
  fold: (text) =>
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim(),
  lastQuery: null,
  // A line above the results saying how the query was read ('' removes it); text only.
  note: (text) => {
    const out = document.getElementById("search-results");
    if (!out) return;
    let line = out.querySelector("p.bibtools-search-note");
    if (!text) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "bibtools-search-note";
      const title = out.querySelector("h2");
      if (title) title.after(line);
      else out.prepend(line);
    }
    line.textContent = text;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

if (typeof Search !== "undefined" && !Search._bibtoolsPrefix) {
  const parseQuery = Search._parseQuery;
  const performTermsSearch = Search.performTermsSearch;
  Search._bibtoolsPrefix = { term: null, word: null };
  Search._bibtoolsAuthor = null; // the documents of the author the query names, if any
  const AUTHOR_TERM = "\u0000author"; // a term no page holds, for that one search
  let nameWords = null;
  const authorQuery = (query, searchTerms) => {
    const names = typeof BIBTOOLS_AUTHORS === "undefined" ? null : BIBTOOLS_AUTHORS;
    const name = Scorer.fold(query);
    const words = name.split(" ");
    Search._bibtoolsAuthor = null;
    Scorer.note("");
    if (!names || words.length < 2 || /["*]/.test(query)) return false;
    if (Object.hasOwn(names, name)) {
      Search._bibtoolsAuthor = names[name];
      searchTerms.clear();
      searchTerms.add(AUTHOR_TERM);
      Scorer.note(`The papers of the author named \u201c${query.trim()}\u201d:`);
      return true;
    }
    nameWords = nameWords || new Set(Object.keys(names).flatMap((n) => n.split(" ")));
    if (words.every((word) => nameWords.has(word)))
      Scorer.note(
        `No author in the collection is named \u201c${query.trim()}\u201d; ` +
          "pages that hold these words:",
      );
    return false;
  };
  Search._parseQuery = (query) => {
    const parsed = parseQuery(query);
    if (authorQuery(query, parsed[1])) {
      Search._bibtoolsPrefix = { term: null, word: null };
      Scorer.lastQuery = { text: "", terms: [] };
      return parsed;
    }
    const searchTerms = parsed[1];
    const short = [...searchTerms].filter((t) => t.length < 3);
    if (short.length < searchTerms.size) short.forEach((t) => searchTerms.delete(t));
    const words = splitQuery(query.trim());
    const last = (words[words.length - 1] || "").toLowerCase();
    const stem = new Stemmer().stemWord(last);
    const index = Search._index;
    const isStem = (word) => [index.terms, index.titleterms].some((t) => Object.hasOwn(t, word));
    const prefixes = [...last].map((_, n) => last.slice(0, last.length - n)).slice(1);
    const open = /\S$/.test(query) && searchTerms.has(stem);
    const term = open
      ? [stem, ...prefixes].find((p) => p.length >= 3 && isStem(p)) || stem
      : undefined;
    if (term) {
      searchTerms.delete(stem);
      searchTerms.add(term);
    }
    Search._bibtoolsPrefix.term = term || null;
    Search._bibtoolsPrefix.word = term ? Scorer.fold(last) : null;
    Scorer.lastQuery = { text: Scorer.fold(query), terms: [...searchTerms] };
    return parsed;
  };
  // The last word's term, renamed so that it also matches inside longer stems, and the
  // pages whose title has a word starting with the word as typed: stems cannot say that
  // "Inferenc" starts "inference" (stem "infer", while "inferencing" is "inferenc"), that
  // "Usi" starts "using" ("use"), or that "Throu" starts "through" (a stop word).
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const index = Search._index;
    if (Search._bibtoolsAuthor) {
      const docs = Search._bibtoolsAuthor.flatMap((doc) => {
        const n = index.docnames.indexOf(doc);
        return n < 0 ? [] : [n];
      });
      const saved = index.terms;
      index.terms = { ...saved, [AUTHOR_TERM]: docs };
      try {
        return performTermsSearch(searchTerms, excludedTerms);
      } finally {
        index.terms = saved;
      }
    }
    const { term, word } = Search._bibtoolsPrefix;
    if (!term) return performTermsSearch(searchTerms, excludedTerms);
    const titled = index.titles.flatMap((title, doc) =>
      ` ${Scorer.fold(title)}`.includes(` ${word}`) ? [doc] : [],
    );
    const saved = [index.terms, index.titleterms];
    [index.terms, index.titleterms] = saved.map((terms, n) => {
      const { [term]: files, ...others } = terms;
      const renamed = files === undefined ? others : { ...others, [`${term} `]: files };
      return n === 1 && titled.length ? { ...renamed, [`${term}  `]: titled } : renamed;
    });
    try {
      return performTermsSearch(searchTerms, excludedTerms);
    } finally {
      [index.terms, index.titleterms] = saved;
    }
  };
}
