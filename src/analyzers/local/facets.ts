import { FACET_KINDS, type Facet, type FacetKind } from '../../domain/analysis.js';
import { CueMatcher, type TextView } from './cues.js';
import { FACET_CUES, GENERIC_TOOLS, NAMED_TOOLS, STATIVE_VERBS, USE_CUES } from './facet-lexicon.js';
import type { Token } from './nlp.js';

/**
 * Facet tagging: lexicons for most facets (pain and gain ignore negated cues), plus two rules:
 * - tool: a named tool, or a generic tool word ("AI", "the model") in a unit about using it;
 * - behavior: the speaker ("I"/"we") doing something (a non-stative verb), unless the unit is a
 *   self-description (context).
 * The value is the first matching phrase. Deterministic.
 */
const LEXICON = Object.entries(FACET_CUES).map(([k, cues]) => [k as FacetKind, new CueMatcher(cues)] as const);
const NEGATION_SENSITIVE = new Set<FacetKind>(['pain', 'gain']);
const NAMED = new CueMatcher(NAMED_TOOLS);
const GENERIC = new CueMatcher(GENERIC_TOOLS);
const USE = new CueMatcher(USE_CUES);
const FIRST_PERSON = new Set(['i', 'we']);
const SELF = new Set(['i', 'we', 'me', 'my', 'us', 'our']);

export function tagFacets(view: TextView, tokens: Token[]): Facet[] {
  const found = new Map<FacetKind, string>();
  for (const [kind, m] of LEXICON) {
    const hit = m.first(view, { skipNegated: NEGATION_SENSITIVE.has(kind) });
    if (hit) found.set(kind, hit);
  }
  const self = hasFirstPerson(tokens);
  // A generic tool word counts when the speaker uses it or it is credited with a benefit.
  const tool = NAMED.first(view) ?? ((self && USE.first(view)) || found.has('gain') ? GENERIC.first(view) : null);
  if (tool) found.set('tool', tool);
  // A self-description ("I'm a screenwriter, I write drama") is context, not behavior.
  const action = found.has('context') ? null : firstPersonAction(tokens);
  if (action) found.set('behavior', action);
  return FACET_KINDS.filter((k) => found.has(k)).map((k) => ({ kind: k, value: found.get(k)! }));
}

function hasFirstPerson(tokens: Token[]): boolean {
  return tokens.some((t) => SELF.has(t.text));
}

/** "I (also/just/then/'ll) <verb>": the lemma phrase of the first such action, if any. */
function firstPersonAction(tokens: Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    if (!FIRST_PERSON.has(tokens[i]!.text)) continue;
    for (let j = i + 1; j < Math.min(tokens.length, i + 4); j++) {
      const t = tokens[j]!;
      if (t.pos === 'VERB') {
        if (STATIVE_VERBS.has(t.lemma)) break;
        return `${tokens[i]!.text} ${t.text}`;
      }
      if (!(t.pos === 'ADV' || t.pos === 'AUX' || t.pos === 'PART')) break;
    }
  }
  return null;
}
