import type { FacetKind } from '../../../domain/analysis.js';
import type { Token } from '../nlp.js';

/**
 * Names for a cluster of evidence: its most distinctive key phrases (noun phrases and
 * "verb-ing + noun" phrases, scored by how many of the cluster's units say them against how
 * common they are across all units: class-based TF-IDF), framed by what the units mostly do
 * (a pain, a goal, a value...), as a researcher would title a theme: "Struggles with health
 * insurance", "Wanting more time for family". No word lists of any study's topic.
 */
export interface Phrase {
  key: string;
  surface: string;
}

/** Nouns too vague to carry a theme name, whatever the study. */
const VAGUE = new Set([
  'thing', 'lot', 'time', 'way', 'kind', 'bit', 'stuff', 'something', 'anything', 'everything', 'part', 'point', 'sort',
  'question', 'example', 'idea', 'fact', 'case', 'day', 'year', 'week', 'moment', 'sense', 'level', 'end', 'reason',
  'type', 'number', 'yes', 'no', 'yeah', 'people', 'person', 'one', 'someone', 'everyone', 'anyone', 'nothing', 'aspect',
  'situation', 'answer', 'others', 'other', 'side', 'area', 'piece', 'instance', 'term', 'terms', 'matter', 'course',
  'place', 'front', 'line', 'start', 'beginning', 'hand', 'use', 'work', 'job', 'today', 'guy', 'guys', 'okay', 'thank',
  'mind', 'deal', 'lots', 'couple', 'half', 'rest', 'whole', 'sorts', 'kinds', 'ways', 'gonna', 'wanna', 'laughter', 'laughs',
  'bunch', 'head', 'plenty', 'amount', 'bunch', 'tons', 'ton', 'times', 'step', 'steps', 'version', 'lot', 'stage', 'result', 'results',
]);

const isWord = (t: Token) => t.type === 'word' && t.text.length > 1 && /^[\p{L}][\p{L}'’-]*$/u.test(t.text);

/** Key phrases of one unit: lemma key -> words as said. */
export function phrasesOf(tokens: Token[]): Phrase[] {
  const words = tokens.filter((t) => t.type === 'word' || t.type === 'punctuation');
  const out = new Map<string, string>();
  const add = (ts: Token[]) => {
    const key = ts.map((t) => t.lemma).join(' ');
    if (!out.has(key)) out.set(key, ts.map((t) => t.text).join(' '));
  };
  for (let i = 0; i < words.length; i++) {
    const t = words[i]!;
    if (!isWord(t) || t.stop || t.pos !== 'NOUN' || VAGUE.has(t.lemma) || t.lemma.length < 3) continue;
    add([t]);
    // Modifiers before the noun: up to two adjectives/nouns ("small business insurance").
    const mods: Token[] = [];
    for (let j = i - 1; j >= 0 && mods.length < 2; j--) {
      const m = words[j]!;
      if (!isWord(m) || m.stop || !(m.pos === 'ADJ' || m.pos === 'NOUN') || VAGUE.has(m.lemma)) break;
      mods.unshift(m);
    }
    for (let k = 0; k < mods.length; k++) add([...mods.slice(k), t]);
    // "exporting assets", "learning languages": a gerund object is what the person does.
    const prev = words[i - 1];
    if (prev && isWord(prev) && prev.pos === 'VERB' && prev.text.endsWith('ing') && !prev.stop && prev.text.length > 4) add([prev, t]);
  }
  return [...out].map(([key, surface]) => ({ key, surface }));
}

export interface Named {
  name: string;
  phrases: string[];
}

const FRAMES: Partial<Record<FacetKind, (p: string) => string>> = {
  pain: (p) => `Struggles with ${p}`,
  gain: (p) => `What ${p} makes possible`,
  goal: (p) => `Hopes for ${p}`,
  emotion: (p) => `Feelings about ${p}`,
  value: (p) => `Why ${p} matters`,
  context: (p) => `Background in ${p}`,
  behavior: (p) => `How they approach ${p}`,
  workflow: (p) => `How they approach ${p}`,
  tool: (p) => `Working with ${p}`,
};
/** Facets that frame a theme, most telling first (context and tool say least about a claim). */
const FRAME_ORDER: FacetKind[] = ['pain', 'goal', 'value', 'emotion', 'gain', 'behavior', 'workflow', 'context', 'tool'];

/**
 * Names every cluster. `unitPhrases[i]` are unit i's phrases, `clusters` lists unit indexes,
 * `facets[i]` the unit's facet kinds. Phrases are scored per cluster by c-TF-IDF.
 */
export function nameClusters(unitPhrases: Phrase[][], clusters: number[][], facets: FacetKind[][]): Named[] {
  const df = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  unitPhrases.forEach((ps) => ps.forEach((p) => {
    df.set(p.key, (df.get(p.key) ?? 0) + 1);
    const s = surfaces.get(p.key) ?? new Map<string, number>();
    s.set(p.surface, (s.get(p.surface) ?? 0) + 1);
    surfaces.set(p.key, s);
  }));
  const total = unitPhrases.length;
  const base = new Map<FacetKind, number>();
  for (const fs of facets) for (const f of new Set(fs)) base.set(f, (base.get(f) ?? 0) + 1);
  const surfaceOf = (key: string) => [...surfaces.get(key)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  return clusters.map((members) => {
    const tf = new Map<string, number>();
    for (const i of members) for (const p of unitPhrases[i]!) tf.set(p.key, (tf.get(p.key) ?? 0) + 1);
    const shared = [...tf].filter(([, n]) => n >= Math.min(2, members.length));
    // No phrase said twice: the group is still named, from phrases said once.
    const scored = (shared.length > 0 ? shared : [...tf])
      .map(([key, n]) => ({ key, n, score: (n / members.length) * Math.log(1 + total / df.get(key)!) * (key.includes(' ') ? 1.3 : 1) }))
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
    // Two phrases when both are strong and different ("anxiety and depression").
    const picked: string[] = [];
    for (const s of scored) {
      if (picked.some((p) => p.includes(s.key) || s.key.includes(p) || sharesWord(p, s.key))) continue;
      // A second phrase only when said about as widely as the first: a pair must describe the group.
      if (picked.length === 1 && (s.score < 0.75 * scored[0]!.score || s.n < Math.max(2, 0.25 * members.length))) break;
      picked.push(s.key);
      if (picked.length === 2) break;
    }
    const phrases = picked.map(surfaceOf);
    const counts = new Map<FacetKind, number>();
    for (const i of members) for (const f of new Set(facets[i]!)) counts.set(f, (counts.get(f) ?? 0) + 1);
    // The frame is what this group says MORE than the rest (lift over the base rate), and often.
    const lift = (k: FacetKind) => ((counts.get(k) ?? 0) / members.length) / Math.max(0.02, (base.get(k) ?? 0) / total);
    const frame = FRAME_ORDER
      .filter((k) => (counts.get(k) ?? 0) >= Math.max(1, members.length * 0.3) && lift(k) >= 1.25)
      .sort((a, b) => lift(b) - lift(a) || FRAME_ORDER.indexOf(a) - FRAME_ORDER.indexOf(b))[0] ?? null;
    const subject = phrases.length === 2 ? `${phrases[0]} and ${phrases[1]}` : phrases[0] ?? '';
    const name = subject === '' ? '' : frame && FRAMES[frame] ? FRAMES[frame]!(subject) : `Experiences with ${subject}`;
    return { name: capitalise(name), phrases };
  });
}

function sharesWord(a: string, b: string): boolean {
  const w = new Set(a.split(' '));
  return b.split(' ').some((x) => w.has(x));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
