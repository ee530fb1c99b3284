import { normalize } from '../../verbatim-guard/normalize.js';
import type { Token } from './nlp.js';

/**
 * Lexical cue matching shared by facets and themes. A cue is a phrase; `*` at the end of a word
 * matches any suffix, a lone `?` matches any one word. Cues match whole words of the normalised
 * surface text or of the lemmas.
 */

const NEGATORS = new Set(['not', 'no', 'never', 'nt', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'cant', 'cannot', 'wont', 'wouldnt', 'without', 'hardly', 'less', 'fewer']);

export interface MatchOptions {
  /** Ignore a match preceded by a negation within four words ("not helpful", "isn't a problem"). */
  skipNegated?: boolean;
  /** Ignore a match when this says so of the (up to six) words before it and the matched phrase. */
  skipAfter?: (before: readonly string[], match: string) => boolean;
}

export class CueMatcher {
  private readonly re: RegExp | null;

  constructor(cues: readonly string[]) {
    const alts = [...new Set(cues.map(prepare))]
      .filter(Boolean)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map((c) => c.split(' ').map(wordPattern).join(' '));
    this.re = alts.length > 0 ? new RegExp(`(?<=^| )(?:${alts.join('|')})(?= |$)`, 'gu') : null;
  }

  /** Distinct matched phrases, in order of first occurrence (surface first, then lemmas). */
  matches(view: TextView, opts: MatchOptions = {}): string[] {
    if (!this.re) return [];
    const seen = new Set<string>();
    for (const s of [view.surface, view.lemmas]) {
      this.re.lastIndex = 0;
      for (let m = this.re.exec(s); m; m = this.re.exec(s)) {
        if (opts.skipNegated && negated(s, m.index)) continue;
        if (opts.skipAfter?.(wordsBefore(s, m.index, 6), m[0])) continue;
        seen.add(m[0]);
      }
    }
    return [...seen];
  }

  first(view: TextView, opts: MatchOptions = {}): string | null {
    return this.matches(view, opts)[0] ?? null;
  }
}

function negated(s: string, at: number): boolean {
  return wordsBefore(s, at, 4).some((w) => NEGATORS.has(w));
}

function wordsBefore(s: string, at: number, n: number): string[] {
  return s.slice(Math.max(0, at - 80), at).trim().split(' ').filter(Boolean).slice(-n);
}

function wordPattern(w: string): string {
  if (w === '?') return '[\\p{L}\\p{N}]+';
  if (w.endsWith('*')) return `${escape(w.slice(0, -1))}[\\p{L}\\p{N}]*`;
  return escape(w);
}

/** The two strings cues are matched against. */
export interface TextView {
  surface: string;
  lemmas: string;
}

export function textView(text: string, tokens: readonly Token[]): TextView {
  return {
    surface: normalize(text),
    lemmas: normalize(tokens.filter((t) => t.type === 'word' || t.type === 'number').map((t) => t.lemma).join(' ')),
  };
}

function prepare(cue: string): string {
  // normalize() drops '*' and '?', so protect them as word character sequences first.
  return normalize(cue.replace(/\*/g, 'qqstarqq').replace(/(^| )\?(?= |$)/g, '$1qqanyqq'))
    .replace(/qqstarqq/g, '*')
    .replace(/qqanyqq/g, '?');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Multi-word names ("Google Summer of Code", "Code of Federal Regulations", "Free Agents"): two or
 * more capitalised words, possibly joined by of/the/for/and. A cue inside a name is a mention,
 * not a claim, so names are masked before cue matching.
 */
const NAME_SPAN = /(?<![\p{L}\p{N}])(?!I\b)\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+(?:(?:of|the|for|and|on|de)\s+)?(?!I\b)\p{Lu}[\p{L}\p{N}'’.-]*)+/gu;

/**
 * The cue-matching view of a text with names and the given terms masked (a codebook's `masks`:
 * "machine learning" is not learning), in surface AND lemma form.
 */
export function maskedView(text: string, tokensOf: readonly Token[] | ((t: string) => readonly Token[]), terms: readonly string[] = []): TextView {
  const masked = text.replace(NAME_SPAN, (m) => (m.split(/\s+/).length >= 2 ? ' xname ' : m));
  const toks = typeof tokensOf === 'function' ? tokensOf(masked) : masked === text ? tokensOf : null;
  const view = toks ? textView(masked, toks) : { surface: normalize(masked), lemmas: normalize(masked) };
  let { surface, lemmas } = view;
  for (const term of terms) {
    const t = escape(normalize(term));
    if (!t) continue;
    surface = surface.replace(new RegExp(`(?<=^| )${t}(?= |$)`, 'g'), 'xterm');
    // The lemma view lemmatises the term too ("machine learn"): mask its lemmatised form as well.
    const tl = typeof tokensOf === 'function' ? escape(normalize(tokensOf(term).map((k) => k.lemma).join(' '))) : t;
    for (const form of new Set([t, tl])) lemmas = lemmas.replace(new RegExp(`(?<=^| )${form}(?= |$)`, 'g'), 'xterm');
  }
  return { surface, lemmas };
}
