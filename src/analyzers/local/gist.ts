/**
 * The gist of an evidence unit: its main clause, extracted, never rewritten. The unit is split into
 * sentences and clauses (at ";", dashes, ellipses and ", because/which/so/but..."), conversational
 * lead-ins are dropped ("so", "I mean", "I think that"), and the clause saying the most (content
 * words) is the gist: "Honestly, I think that the export step is broken, because the files are
 * huge" -> "The export step is broken". A clause is whole, so the gist is a summary of what was
 * said, never the quote cut off at a length. The domain needs a non-empty gist: a unit with no
 * clause of four words or more keeps its own text.
 */
const LEAD = /^(?:(?:so|well|yeah|yes|no|oh|um+|uh+|hmm+|hm+|ok(?:ay)?|honestly|basically|actually|really|like|and|but|or|because|also|then|i mean|you know|i think(?: that)?|i guess|i feel like|i'd say|i would say|to be honest|in fact)\b[\s,—–-]*)+/iu;
const CLAUSE_BREAK = /\s*(?:;|\s[-–—]{1,2}\s|\.{2,}|…|:\s|,\s(?=(?:because|which|so|but|although|though|while|whereas|since|unless|especially|and then|and so)\b))\s*/iu;
const SENTENCE_BREAK = /(?<=[.!?])\s+/u;
const MIN_WORDS = 4;
const SMALL = new Set(['that', 'this', 'there', 'they', 'them', 'then', 'than', 'with', 'have', 'just', 'what', 'when', 'were', 'would', 'could', 'should', 'about', 'like', 'really', 'some', 'because', 'which', 'very', 'much', 'thing', 'things', 'know', 'think', 'been', 'being', 'from', 'into', 'your', 'their']);

export function gistOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  let best = '', bestScore = -1;
  for (const sentence of t.split(SENTENCE_BREAK)) {
    for (const raw of sentence.split(CLAUSE_BREAK)) {
      const clause = raw.replace(LEAD, '').replace(/[,;:\s]+$/u, '').trim();
      const words = clause.split(' ').filter(Boolean);
      if (words.length < MIN_WORDS) continue;
      const score = words.filter((w) => { const x = w.toLowerCase().replace(/[^\p{L}]/gu, ''); return x.length >= 4 && !SMALL.has(x); }).length;
      if (score > bestScore) { best = clause; bestScore = score; }
    }
  }
  const gist = best || t;
  return gist.charAt(0).toUpperCase() + gist.slice(1);
}
