/**
 * A short gist of an evidence unit: the first clause without conversational filler, at most
 * ~14 words. Extractive on purpose: the local analyzer never invents wording.
 */
const FILLER = /^(?:(?:so|well|yeah|yes|no|oh|um+|uh+|hmm+|hm+|ok(?:ay)?|honestly|basically|actually|i mean|i think|i guess|you know|like|and|but|i'd say|i would say)\b[\s,—–-]*)+/iu;
const MAX_WORDS = 14;

export function gistOf(text: string): string {
  let t = text.replace(/\s+/g, ' ').trim();
  const stripped = t.replace(FILLER, '');
  if (stripped.split(' ').length >= 4) t = stripped;
  // The first sentence that says something (short asides like "I don't know." are skipped),
  // then its first clause if still long.
  const all = t.split(/(?<=[.!?])\s/u).map((x) => x.replace(FILLER, '') || x);
  const sentence = all.find((x) => x.split(' ').length >= 6) ?? all.reduce((a, b) => (b.length > a.length ? b : a), '');
  let words = sentence.split(' ');
  if (words.length > MAX_WORDS) {
    const clause = sentence.split(/[,;:—–]\s/u)[0] ?? sentence;
    words = clause.split(' ').length >= 5 ? clause.split(' ') : words;
  }
  let gist = words.slice(0, MAX_WORDS).join(' ');
  gist = gist.replace(/[\s,;:—–-]+$/u, '');
  if (words.length > MAX_WORDS) gist += '…';
  gist = gist.charAt(0).toUpperCase() + gist.slice(1);
  return gist.length > 0 ? gist : text.slice(0, 80);
}
