import type { Sentence } from './sentence.js';

/**
 * wink-nlp ends a sentence at a full stop or question mark even where no sentence ends: inside a
 * token ("Unsplash.com", "Nuxt.js", "package.json", ".NET", "Ph.D", "v1.2") and right after a
 * quotation ("“How's it going?”, I said", "“Would you sell?” and he did"). A real sentence start
 * is preceded by whitespace, and after a quotation that closes with its own end mark it begins
 * with no lower-case word. Breaks that fail this are joined; the closing quote or bracket that
 * wink put at the head of the next sentence ("What?!|” It was weird") goes back to the sentence
 * it closes. Offsets stay offsets into the analysed text, so quotes stay verbatim.
 */

/** Closing marks left at the head of the next sentence, then the whitespace before its first word. */
const CLOSING_HEAD = /^["”’')\]*]+(?=\s)/;
/** A sentence that ends with a quotation closed after its own end mark ('say, “wow!”'). */
const QUOTE_END = /[.?!…]['"”’)\]]+$/;
const LOWER_START = /^\p{Ll}/u;

export function repairBreaks(text: string, sents: Sentence[]): Sentence[] {
  if (sents.length < 2) return sents;
  const out: Sentence[] = [sents[0]!];
  for (const next of sents.slice(1)) {
    const prev = out[out.length - 1]!;
    const gap = text.slice(prev.end, next.start);
    if (gap !== '') {
      if (QUOTE_END.test(prev.text) && LOWER_START.test(next.text)) out[out.length - 1] = join(text, prev, next);
      else out.push(next);
      continue;
    }
    const head = CLOSING_HEAD.exec(next.text)?.[0];
    const moved = head ? leadingTokens(next, head) : -1;
    const rest = head ? next.text.slice(head.length).trimStart() : '';
    if (head && moved > 0 && rest !== '' && !LOWER_START.test(rest)) {
      // the closing mark ends the sentence before; the next one starts at its first word
      const restStart = next.end - rest.length;
      out[out.length - 1] = { start: prev.start, end: prev.end + head.length, text: text.slice(prev.start, prev.end + head.length), tokens: [...prev.tokens, ...next.tokens.slice(0, moved)] };
      out.push({ start: restStart, end: next.end, text: text.slice(restStart, next.end), tokens: next.tokens.slice(moved) });
    } else out[out.length - 1] = join(text, prev, next);
  }
  return out;
}

function join(text: string, a: Sentence, b: Sentence): Sentence {
  return { start: a.start, end: b.end, text: text.slice(a.start, b.end), tokens: [...a.tokens, ...b.tokens] };
}

/** How many leading tokens of `s` spell `head`; -1 when they do not. */
function leadingTokens(s: Sentence, head: string): number {
  let len = 0;
  for (let i = 0; i < s.tokens.length; i++) {
    const t = s.tokens[i]!;
    if (!head.startsWith(t.text, len)) return -1;
    len += t.text.length;
    if (len === head.length) return i + 1;
  }
  return -1;
}
