/**
 * Acronyms are words: a short word the speakers write in capitals ("AI", "UX", "HR", "QA") names a
 * thing like any noun, so it can be a concept, although it is shorter than the three letters a
 * concept noun otherwise needs and the tagger often calls it a proper noun. A word is an acronym of
 * a text when it is written in capitals (2-5 letters, maybe a plural "s": "APIs") more often than
 * in lower case; "IT" once among many "it" is not. The tokens are lower-cased (nlp.ts), so case is
 * read from the verbatim text, and names written from tokens get the capitals back (`withAcronyms`).
 */
const CAPS = /(?<![\p{L}\p{N}'’])(\p{Lu}{2,5})(s?)(?![\p{L}\p{N}])/gu;

/** Lower-cased acronyms of some texts (see above), each with how often it is said in any case. */
export function acronymsOf(texts: Iterable<string>): Map<string, number> {
  const caps = new Map<string, number>();
  const all: string[] = [];
  for (const text of texts) {
    all.push(text);
    for (const m of text.matchAll(CAPS)) {
      const w = m[1]!.toLowerCase();
      caps.set(w, (caps.get(w) ?? 0) + 1);
    }
  }
  if (caps.size === 0) return new Map();
  const words = [...caps.keys()].sort();
  const lower = new RegExp(`(?<![\\p{L}\\p{N}'’])(${words.join('|')})s?(?![\\p{L}\\p{N}])`, 'gu');
  const plain = new Map<string, number>();
  for (const text of all) for (const m of text.matchAll(lower)) plain.set(m[1]!, (plain.get(m[1]!) ?? 0) + 1);
  return new Map(words.filter((w) => caps.get(w)! > (plain.get(w) ?? 0) && !NOT_ACRONYM.has(w)).map((w) => [w, caps.get(w)! + (plain.get(w) ?? 0)]));
}

/** Words of speech often typed in capitals that name nothing ("OK", "OMG", "LOL"). */
const NOT_ACRONYM = new Set(['ok', 'okay', 'omg', 'lol', 'um', 'uh', 'hmm', 'mm', 'oh', 'ah', 'no', 'yes', 'so', 'am', 'pm']);

/** A name written from lower-cased tokens, its acronyms in capitals ("Using ai for tasks" -> "Using AI for tasks"). */
export function withAcronyms(name: string, acronyms: { has(word: string): boolean; readonly size: number }): string {
  if (acronyms.size === 0) return name;
  return name.replace(/(?<![\p{L}\p{N}'’])(\p{L}{2,5}?)(s?)(?![\p{L}\p{N}])/gu, (m, w: string, s: string) => {
    const low = w.toLowerCase();
    return acronyms.has(low) ? `${low.toUpperCase()}${s}` : m;
  });
}
