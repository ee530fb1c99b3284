/**
 * Concepts are matched on stemmed words, the same way in an interview's themes and in the
 * project synthesis (which has no NLP pipeline): lower-cased words with the plural or possessive
 * removed, so "companies" says "company" and "the team's" says "team". Cheap and a function of
 * the text alone.
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '').replace(/['’]$/u, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|sh|ch|x)es$/u.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/u.test(w)) w = w.slice(0, -1);
  return w;
}

/** Stemmed words of a text, space-separated with a space at both ends (for phrase lookups). */
export function stemmedText(text: string): string {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean).map(stem);
  return ` ${words.join(' ')} `;
}

/** stemmedText of a unit's verbatim, once per unit object (the synthesis reads it in several places). */
const unitStems = new WeakMap<{ verbatim: string }, string>();
export function stemmedUnit(e: { verbatim: string }): string {
  let s = unitStems.get(e);
  if (s === undefined) unitStems.set(e, (s = stemmedText(e.verbatim)));
  return s;
}

/** Stemmed key of a phrase, determiner dropped ("their open-source projects" -> "open-source project"). */
export function conceptKey(phrase: string): string {
  return stemmedText(phrase).trim().replace(/^(?:their|the|a|an) /u, '');
}

/** Whether a stemmed text (stemmedText) says the concept key. */
export function mentions(stemmed: string, key: string): boolean {
  return key !== '' && stemmed.includes(` ${key} `);
}
