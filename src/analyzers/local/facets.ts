import { FACET_KINDS, type Facet, type FacetKind } from '../../domain/analysis.js';
import { CueMatcher, type TextView } from './cues.js';
import { firstPersonAction } from './facet-behavior.js';
import { FACET_CUES, GENERIC_TOOLS, NAMED_TOOLS, NOT_ROLES, ROLE_NOUN, USE_CUES } from './facet-lexicon.js';
import type { Token } from './nlp.js';
import { facetPhrase } from './facet-phrase.js';

/**
 * Facet tagging: lexicons for most facets (pain and gain ignore negated cues), plus two rules:
 * - tool: a named tool, or a generic tool word ("AI", "the model") in a unit about using it;
 * - behavior: the speaker ("I"/"we") doing something (a non-stative verb), unless the unit is a
 *   self-description (context).
 * The value is a noun phrase built around the first matching cue (`facet-phrase.ts`). Deterministic.
 */
const LEXICON = Object.entries(FACET_CUES).map(([k, cues]) => [k as FacetKind, new CueMatcher(cues)] as const);
const NEGATION_SENSITIVE = new Set<FacetKind>(['pain', 'gain']);
const NAMED = new CueMatcher(NAMED_TOOLS);
const GENERIC = new CueMatcher(GENERIC_TOOLS);
const USE = new CueMatcher(USE_CUES);
const SELF = new Set(['i', 'we', 'me', 'my', 'us', 'our']);

export function tagFacets(view: TextView, tokens: Token[], text = ''): Facet[] {
  const found = new Map<FacetKind, string>();
  for (const [kind, m] of LEXICON) {
    const hit = m.first(view, { skipNegated: NEGATION_SENSITIVE.has(kind) });
    if (hit) found.set(kind, hit);
  }
  const identity = found.has('context') ? null : selfIdentity(tokens);
  if (identity) found.set('context', identity);
  const self = hasFirstPerson(tokens);
  // A generic tool word counts when the speaker uses it or it is credited with a benefit.
  const using = (self && USE.first(view) !== null) || found.has('gain');
  const tool = NAMED.first(view) ?? (using ? GENERIC.first(view) ?? properNoun(text) : null);
  if (tool) found.set('tool', tool);
  // A self-description ("I'm a screenwriter, I write drama") is context, not behavior.
  const action = found.has('context') ? null : firstPersonAction(tokens, view.surface);
  if (action) found.set('behavior', action);
  return FACET_KINDS.filter((k) => found.has(k)).map((k) => ({ kind: k, value: facetPhrase(k, found.get(k)!, tokens) }));
}

/**
 * A product named in a sentence about using it ("I run everything through Notion"): a capitalised
 * word that does not start a sentence and is not "I".
 */
const NAME_WORD = /(?<=[\p{L}\p{N},;:] )(?!I\b|I'|I’)\p{Lu}[\p{L}\p{N}]+/u;
function properNoun(text: string): string | null {
  return NAME_WORD.exec(text)?.[0]?.toLowerCase() ?? null;
}

function hasFirstPerson(tokens: Token[]): boolean {
  return tokens.some((t) => SELF.has(t.text));
}

/** "I'm a freelance writer", "as an artist": the speaker naming their role. */
function selfIdentity(tokens: Token[]): string | null {
  const words = tokens.filter((t) => t.type === 'word');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    let j: number;
    if (w === "i'm" || w === 'im') j = i + 1;
    else if (w === 'i' && words[i + 1]?.lemma === 'be') j = i + 2;
    else if (w === 'as' && words[i - 1]?.text !== 'such') j = i + 1;
    else continue;
    if (!['a', 'an'].includes(words[j]?.text ?? '')) continue;
    j++;
    for (let k = j; k < Math.min(words.length, j + 3); k++) {
      const t = words[k]!;
      if (t.pos === 'NOUN' && ROLE_NOUN.test(t.text) && !NOT_ROLES.has(t.lemma)) return words.slice(i, k + 1).map((x) => x.text).join(' ');
      if (!(t.pos === 'ADJ' || t.pos === 'NOUN' || t.pos === 'PROPN')) break;
    }
  }
  return null;
}

