import type { Canon } from './canon.js';
import type { BuiltTheme } from './themes.js';
import { wordCount } from './text.js';

export interface CoverageOptions {
  /** A unit is substantive when it has at least this many words (and is not a bare question). Default 6. */
  minWords?: number;
}

/** Substantive participant evidence that no project theme holds, in canonical order. */
export function buildCoverage(c: Canon, themes: BuiltTheme[], opts: CoverageOptions = {}): { substantive: number; unthemed: string[] } {
  const themed = new Set(themes.flatMap((t) => t.evidence.map((e) => e.evidenceId)));
  const substantive = c.evidence.filter((e) => wordCount(e.verbatim) >= (opts.minWords ?? 6) && !/\?\s*$/u.test(e.verbatim));
  return { substantive: substantive.length, unthemed: substantive.filter((e) => !themed.has(e.id)).map((e) => e.id) };
}
