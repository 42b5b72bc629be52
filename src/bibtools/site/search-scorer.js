// Sphinx's search scorer (html_search_scorer), set by bibtools.sphinxext.
// A paper's own page (papers/<key>, keys being <name><year><word>) outranks the list pages
// that mention the same words, so a few title words or a surname lead to the paper.
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    return /^papers\/[a-z]+[0-9]{4}[a-z0-9]+$/.test(docname) ? score + 10 : score;
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
