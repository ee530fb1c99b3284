import { FACET_KINDS, type Facet, type FacetKind } from '../../domain/analysis.js';
import { FACET_CUES } from './facet-lexicon.js';
import { CueMatcher, type TextView } from './cues.js';

/**
 * Facet tagging by lexicon over surface words and lemmas (so "struggled" and "struggle" both hit).
 * The value is the first matching phrase. Deterministic.
 */
const MATCHERS: [FacetKind, CueMatcher][] = FACET_KINDS.map((k) => [k, new CueMatcher(FACET_CUES[k])]);

export function tagFacets(view: TextView): Facet[] {
  const out: Facet[] = [];
  for (const [kind, m] of MATCHERS) {
    const hit = m.first(view);
    if (hit) out.push({ kind, value: hit });
  }
  return out;
}
