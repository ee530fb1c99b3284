/**
 * The gist of an evidence unit: its first sentence that says something (asides such as "I don't
 * know." skipped), conversational filler at the start dropped. Always a whole sentence, never a
 * quote cut short with "…": the offline analyzer does not write summaries it cannot stand behind,
 * and the domain requires a non-empty gist, so the statement itself is the honest gist.
 */
const FILLER = /^(?:(?:so|well|yeah|yes|no|oh|um+|uh+|hmm+|hm+|ok(?:ay)?|honestly|basically|actually|i mean|you know|like|and|but)\b[\s,—–-]*)+/iu;
const MIN_WORDS = 6;

export function gistOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const sentences = t.split(/(?<=[.!?])\s/u);
  const sentence = sentences.find((x) => x.split(' ').length >= MIN_WORDS) ?? t;
  const stripped = sentence.replace(FILLER, '');
  const gist = stripped.split(' ').length >= 4 ? stripped : sentence;
  return gist.length > 0 ? gist.charAt(0).toUpperCase() + gist.slice(1) : t;
}
