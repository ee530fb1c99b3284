/**
 * Another person's words quoted in a unit ("they're like "That's what I wish I did"") are not the
 * speaker's own: double-quoted spans of three or more words (a quoted word or two, "satisfying", is
 * the speaker's own). Each such span is replaced by `mask(span)`; the rest of the text is kept.
 */
const QUOTED = /["“”]([^"“”]*)(?:["“”]|$)/gu;
export function maskQuotedSpeech(text: string, mask: (span: string) => string): string {
  return text.replace(QUOTED, (m, inner: string) => (inner.trim().split(/\s+/u).length >= 3 ? mask(m) : m));
}
