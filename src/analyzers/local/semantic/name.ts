import type { FacetKind } from '../../../domain/analysis.js';
import type { Token } from '../nlp.js';
import { conceptKey, mentions } from './concept.js';

/**
 * Names for a cluster of evidence: its concept (the key phrase most of its units say, scored by
 * class-based TF-IDF: said by many of the cluster's units, by few of the others), framed by what
 * the units say more than the rest of the interview (a problem, a hope, a benefit...), as a
 * researcher would title a theme: "Problems with health insurance", "Hopes for family time".
 * No word lists of any study's topic. A theme then holds the units that say its concept, so its
 * quotes are about what its name says.
 */
export interface Phrase {
  /** Stemmed words (concept.ts), the key units are matched on. */
  key: string;
  surface: string;
}

/** Nouns too vague to carry a theme name, whatever the study. */
export const VAGUE = new Set([
  'thing', 'lot', 'time', 'way', 'kind', 'bit', 'stuff', 'something', 'anything', 'everything', 'part', 'point', 'sort',
  'question', 'example', 'idea', 'fact', 'case', 'day', 'year', 'week', 'moment', 'sense', 'level', 'end', 'reason',
  'type', 'number', 'yes', 'no', 'yeah', 'people', 'person', 'one', 'someone', 'everyone', 'anyone', 'nothing', 'aspect',
  'situation', 'answer', 'others', 'other', 'side', 'area', 'piece', 'instance', 'term', 'terms', 'matter', 'course',
  'place', 'front', 'line', 'start', 'beginning', 'hand', 'use', 'work', 'job', 'today', 'guy', 'guys', 'okay', 'thank',
  'mind', 'deal', 'lots', 'couple', 'half', 'rest', 'whole', 'sorts', 'kinds', 'ways', 'gonna', 'wanna', 'gotta', 'laughter', 'laughs',
  'bunch', 'head', 'plenty', 'amount', 'tons', 'ton', 'times', 'step', 'steps', 'version', 'stage', 'result', 'results',
  'hour', 'hours', 'minute', 'minutes', 'month', 'months', 'lol', 'hmm', 'um', 'uh', 'stuff', 'bits', 'folks', 'folk',
  'value', 'attitude', 'world', 'life', 'thought', 'thoughts', 'issue', 'issues', 'problem', 'problems', 'change', 'changes',
  'experience', 'experiences', 'difference', 'differences', 'option', 'options', 'aspect', 'aspects', 'factor', 'factors',
  'kid', 'kids', 'yesterday', 'tomorrow', 'morning', 'night', 'weekend', 'thanks', 'sir', 'man', 'dude', 'gosh', 'god',
]);

const isWord = (t: Token) => t.type === 'word' && t.text.length > 1 && /^[\p{L}][\p{L}'’-]*$/u.test(t.text);

/** Key phrases of one unit: noun phrases of up to three words, keyed by their stems. */
export function phrasesOf(tokens: readonly Token[]): Phrase[] {
  const words = tokens.filter((t) => t.type === 'word' || t.type === 'punctuation');
  const out = new Map<string, string>();
  const add = (ts: Token[], before: Token | undefined) => {
    const words = ts.map((t) => t.text).join(' ');
    const key = conceptKey(words);
    if (key && !out.has(key)) out.set(key, `${determiner(before, words)}${words}`);
  };
  for (let i = 0; i < words.length; i++) {
    const t = words[i]!;
    if (!isWord(t) || t.stop || t.pos !== 'NOUN' || VAGUE.has(t.lemma) || VAGUE.has(t.text) || t.lemma.length < 3) continue;
    add([t], words[i - 1]);
    // Modifiers before the noun: up to two adjectives/nouns ("small business insurance").
    const mods: Token[] = [];
    for (let j = i - 1; j >= 0 && mods.length < 2; j--) {
      const m = words[j]!;
      if (!isWord(m) || m.stop || !(m.pos === 'ADJ' || m.pos === 'NOUN') || VAGUE.has(m.lemma)) break;
      mods.unshift(m);
    }
    for (let k = 0; k < mods.length; k++) add([...mods.slice(k), t], words[i - mods.length + k - 1]);
  }
  return [...out].map(([key, surface]) => ({ key, surface }));
}

/** How a phrase is usually said: "their family", "the company", "a mentor", "open source". */
function determiner(t: Token | undefined, words: string): string {
  if (!t) return '';
  if (POSSESSIVE.has(t.text)) return 'their ';
  if (DEFINITE.has(t.text)) return 'the ';
  if (t.text !== 'a' && t.text !== 'an') return '';
  return /^[aeiou]/u.test(words) ? 'an ' : 'a ';
}
const POSSESSIVE = new Set(['my', 'our', 'your', 'his', 'her', 'their']);
const DEFINITE = new Set(['the', 'this', 'that', 'these', 'those']);

export interface Concept {
  key: string;
  surface: string;
}

/**
 * The concept of each cluster: the phrase said by the most of its units relative to how common it
 * is in the interview (c-TF-IDF), said by at least two of them. Null when no phrase is shared:
 * such a group has nothing to be named after.
 */
export function clusterConcepts(unitPhrases: Phrase[][], clusters: number[][]): (Concept | null)[] {
  const df = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  unitPhrases.forEach((ps) => ps.forEach((p) => {
    df.set(p.key, (df.get(p.key) ?? 0) + 1);
    const s = surfaces.get(p.key) ?? new Map<string, number>();
    s.set(p.surface, (s.get(p.surface) ?? 0) + 1);
    surfaces.set(p.key, s);
  }));
  const total = unitPhrases.length;
  return clusters.map((members) => {
    const tf = new Map<string, number>();
    for (const i of members) for (const p of unitPhrases[i]!) tf.set(p.key, (tf.get(p.key) ?? 0) + 1);
    const best = [...tf]
      .filter(([, n]) => n >= 2)
      .map(([key, n]) => ({ key, score: (n / members.length) * Math.log(1 + total / df.get(key)!) * (key.includes(' ') ? 1.3 : 1) }))
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))[0];
    return best ? { key: best.key, surface: surfaceOf(surfaces.get(best.key)!) } : null;
  });
}

function surfaceOf(counts: Map<string, number>): string {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** How a theme frames its concept, by what its units say more than the rest. */
const FRAMES: Partial<Record<FacetKind, [string, string]>> = {
  pain: ['Problems with ', ''],
  goal: ['Hopes for ', ''],
  gain: ['Benefits of ', ''],
  emotion: ['Feelings about ', ''],
  value: ['Why ', ' matters'],
};
const DEFAULT_FRAME: [string, string] = ['Experiences with ', ''];
/** Facets that frame a theme, most telling first (context says least about a claim). */
const FRAME_ORDER: FacetKind[] = ['pain', 'goal', 'value', 'emotion', 'gain'];

/** The frame one unit says most tellingly, or null. */
export function unitFrame(facets: FacetKind[]): FacetKind | null {
  return FRAME_ORDER.find((k) => facets.includes(k)) ?? null;
}

/**
 * The facet a group says more than the whole (lift over the base rate of `all`), and often (in
 * `share` of its units, at least two): counted per unit. Null when nothing stands out.
 */
export function dominantFrame(members: FacetKind[][], all: FacetKind[][], share = 0.35): FacetKind | null {
  const count = (sets: FacetKind[][]) => {
    const m = new Map<FacetKind, number>();
    for (const fs of sets) for (const f of new Set(fs)) m.set(f, (m.get(f) ?? 0) + 1);
    return m;
  };
  const c = count(members), base = count(all);
  const lift = (k: FacetKind) => ((c.get(k) ?? 0) / members.length) / Math.max(0.02, (base.get(k) ?? 0) / Math.max(1, all.length));
  return FRAME_ORDER
    .filter((k) => (c.get(k) ?? 0) >= Math.max(2, members.length * share) && lift(k) >= 1.25)
    .sort((a, b) => lift(b) - lift(a) || FRAME_ORDER.indexOf(a) - FRAME_ORDER.indexOf(b))[0] ?? null;
}

export function themeName(surface: string, frame: FacetKind | null): string {
  const [pre, framePost] = (frame && FRAMES[frame]) || DEFAULT_FRAME;
  // "Why their tools matter": the verb agrees with a plural concept.
  const post = framePost === ' matters' && /[^s]s$/u.test(surface) ? ' matter' : framePost;
  const name = `${pre}${surface}${post}`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A name in the default frame ("Experiences with X"): it names a topic and says nothing about it. */
export function saysNothing(name: string): boolean {
  return name.toLowerCase().startsWith(DEFAULT_FRAME[0].toLowerCase());
}

/** The concept a theme name was built from (its frame removed), or null for a name built otherwise. */
export function conceptOfName(name: string): string | null {
  const lower = name.toLowerCase();
  for (const [pre, post] of [...Object.values(FRAMES), DEFAULT_FRAME]) {
    for (const s of new Set([post.toLowerCase(), post.toLowerCase().replace(/s$/u, '')])) {
      const p = pre.toLowerCase();
      if (lower.startsWith(p) && lower.endsWith(s) && lower.length > p.length + s.length) return lower.slice(p.length, lower.length - s.length);
    }
  }
  return null;
}

/** A per-interview theme's statement: it carries the concept whatever the name says. */
export function themeStatement(name: string, surface: string, quote: string): string {
  return `${name}: participants talk about ${surface}; typical quote: "${quote}"`;
}

/** The concept a theme statement (themeStatement) names, or null for a statement written otherwise. */
export function conceptOfStatement(statement: string): string | null {
  return /^.+?: participants talk about (.+?); typical quote: "/su.exec(statement)?.[1] ?? null;
}

export { mentions };
