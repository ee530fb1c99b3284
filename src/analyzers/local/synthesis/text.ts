/**
 * Small, fast text helpers for synthesis (tens of thousands of units per call: no NLP pipeline
 * here, only normalised words).
 */

const STOP = new Set(('about above after again against also because been before being below between both '
  + 'cant could couldnt didnt does doesnt doing dont down during each even ever from further have havent '
  + 'having here hers herself himself into itself just like mean more most much myself once only other '
  + 'ours ourselves over really same should some such than that thats their theirs them themselves then '
  + 'there theres these they thing things think this those through under until very want well were what '
  + 'when where which while will with would your yours yourself know kind sort lot lots maybe actually '
  + 'yeah going get got make made take used using use able many way ways time something someone '
  + 'anything everything people pretty quite still though always never often sometimes probably').split(' '));

/** Distinct content words (lower-cased letters/digits, apostrophes dropped, 4+ long, not stop words). */
export function contentWords(text: string): string[] {
  return [...new Set(text.toLowerCase().replace(/['’‘`´]/gu, '').split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4 && !STOP.has(w)))];
}

/** Whether a lower-cased word without apostrophes is a content word (as contentWords keeps). */
export function isContentWord(w: string): boolean {
  return w.length >= 4 && !STOP.has(w);
}

export function wordCount(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/u).length : 0;
}

/** The text with its first letter in upper case. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Sentences of a quote (split after . ! ? followed by space). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/u).map((s) => s.trim()).filter(Boolean);
}

/**
 * A whole quote short enough to read in a list: the verbatim when it has at most `maxWords`
 * words, else its first whole sentences up to that length (never a cut sentence, unless the first
 * sentence alone is longer, which is then quoted whole).
 */
export function wholeQuote(text: string, maxWords = 45): string {
  if (wordCount(text) <= maxWords) return text.trim();
  const out: string[] = [];
  let n = 0;
  for (const s of sentences(text)) {
    const w = wordCount(s);
    if (out.length > 0 && n + w > maxWords) break;
    out.push(s);
    n += w;
  }
  return out.join(' ');
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const sa = new Set(a);
  let inter = 0;
  for (const w of new Set(b)) if (sa.has(w)) inter++;
  return inter / (sa.size + new Set(b).size - inter);
}

export function pct(n: number, d: number): number {
  return d === 0 ? 0 : Math.round((100 * n) / d);
}
