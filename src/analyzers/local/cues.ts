import { normalize } from '../../analysis/normalize.js';
import type { Token } from './nlp.js';

/**
 * Lexical cue matching shared by facets and themes. A cue is a phrase; `*` at the end of a word
 * matches any suffix. Cues match whole words of the normalised surface text or of the lemmas.
 */

export class CueMatcher {
  private readonly re: RegExp | null;

  constructor(cues: readonly string[]) {
    const alts = [...new Set(cues.map(prepare))]
      .filter(Boolean)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map((c) => c.split(' ').map((w) => (w.endsWith('*') ? `${escape(w.slice(0, -1))}[\\p{L}\\p{N}]*` : escape(w))).join(' '));
    this.re = alts.length > 0 ? new RegExp(`(?<=^| )(?:${alts.join('|')})(?= |$)`, 'gu') : null;
  }

  /** Distinct matched phrases, in order of first occurrence (surface first, then lemmas). */
  matches(view: TextView): string[] {
    if (!this.re) return [];
    const seen = new Set<string>();
    for (const s of [view.surface, view.lemmas]) {
      this.re.lastIndex = 0;
      for (let m = this.re.exec(s); m; m = this.re.exec(s)) seen.add(m[0]);
    }
    return [...seen];
  }

  first(view: TextView): string | null {
    return this.matches(view)[0] ?? null;
  }
}

/** The two strings cues are matched against. */
export interface TextView {
  surface: string;
  lemmas: string;
}

export function textView(text: string, tokens: Token[]): TextView {
  return {
    surface: normalize(text),
    lemmas: normalize(tokens.filter((t) => t.type === 'word' || t.type === 'number').map((t) => t.lemma).join(' ')),
  };
}

function prepare(cue: string): string {
  // normalize() would drop '*', so protect it as a word character sequence first.
  return normalize(cue.replace(/\*/g, 'qqstarqq')).replace(/qqstarqq/g, '*');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
