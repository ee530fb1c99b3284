import { FACET_KINDS, type FacetKind } from '../../../domain/analysis.js';
import type { ProjectPersona, SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens } from '../nlp.js';
import { cmp, type Canon } from './canon.js';
import { pairsOf, round6, stemOf as stem, type ParticipantPoint } from './persona-features.js';
import { actionsIn, activityOf, GENERIC_NOUNS, isRoleVerb, list, personaName, plural, type Activity } from './persona-name.js';
import { quotesOf } from './persona-quotes.js';
import { pct, wholeQuote } from './text.js';

/** A feature members share more than the other participants do. */
export interface Feature { key: string; inShare: number; outShare: number; score: number }

export interface Distinct {
  words: Feature[];
  /** Distinctive adjacent word pairs ("photo editing"), keyed by stems. */
  phrases: Feature[];
  themes: Feature[];
  /** Facet kinds by the members' mean standardised share, highest first. */
  facets: { kind: FacetKind; d: number; z: number }[];
  /** Participants giving themselves each role, across the project (ALL: participants). */
  roleCounts: Map<string, number>;
  /**
   * What members say they do or want to do (their goal and behaviour units) more than the
   * others: a verb with the thing it acts on (actionsIn), as members most often say it.
   */
  actions: (Feature & { text: string; verb: string; members: number })[];
}

const TOP_WORDS = 10;

/**
 * What sets each cluster apart: words (stemmed) and project themes a larger share of its members
 * say than of the other participants (share in x log of the ratio, so both prevalence and
 * contrast count), and the facet kinds its members use more than most.
 */
export function distinctive(clusters: ParticipantPoint[][], all: ParticipantPoint[], themeNames: string[]): Distinct[] {
  const wordDf = new Map<string, number>();
  const themeDf = new Map<number, number>();
  for (const x of all) {
    for (const w of x.words) wordDf.set(w, (wordDf.get(w) ?? 0) + 1);
    for (const t of x.themes) themeDf.set(t, (themeDf.get(t) ?? 0) + 1);
  }
  const roleCounts = new Map<string, number>([[ALL, all.length]]);
  for (const x of all) for (const r of x.roles) roleCounts.set(r, (roleCounts.get(r) ?? 0) + 1);
  const out = clusters.map((members) => {
    const m = members.length, o = Math.max(1, all.length - m);
    const inWords = new Map<string, number>();
    const inThemes = new Map<number, number>();
    for (const x of members) {
      for (const w of x.words) inWords.set(w, (inWords.get(w) ?? 0) + 1);
      for (const t of x.themes) inThemes.set(t, (inThemes.get(t) ?? 0) + 1);
    }
    const minIn = Math.max(2, Math.ceil(0.2 * m));
    const minWords = Math.max(2, Math.ceil(0.3 * m));
    const score = (a: number, total: number) => contrast(a / m, (total - a) / o);
    const words = [...inWords].filter(([, a]) => a >= minWords)
      .map(([key, a]) => ({ key, ...score(a, wordDf.get(key)!) }))
      .filter((f) => f.score > 0)
      .sort((a, b) => b.score - a.score || cmp(a.key, b.key)).slice(0, TOP_WORDS);
    const themes = [...inThemes].filter(([, a]) => a >= minIn)
      .map(([t, a]) => ({ key: themeNames[t]!, ...score(a, themeDf.get(t)!) }))
      .filter((f) => f.score > 0)
      .sort((a, b) => b.score - a.score || cmp(a.key, b.key)).slice(0, 3);
    const facets = FACET_KINDS.map((kind, d) => ({ kind, d, z: round6(members.reduce((s, x) => s + x.z[d]!, 0) / m) }))
      .sort((a, b) => b.z - a.z || cmp(a.kind, b.kind));
    return { words, phrases: [] as Feature[], themes, facets, roleCounts, actions: [] as Distinct['actions'] };
  });
  // pairs of adjacent words holding a distinctive word ("photo editing"), counted per participant
  // only for those words: one pass over the units, little memory however large the project
  const candidates = new Set(out.flatMap((d) => d.words.map((w) => w.key)));
  const pairsOfPerson = new Map<ParticipantPoint, Set<string>>();
  const pairDf = new Map<string, number>();
  for (const x of all) {
    const set = new Set<string>();
    for (const e of x.units) for (const p of pairsOf(e.verbatim)) if (p.key.split(' ').some((w) => candidates.has(w))) set.add(p.key);
    pairsOfPerson.set(x, set);
    for (const k of set) pairDf.set(k, (pairDf.get(k) ?? 0) + 1);
  }
  clusters.forEach((members, i) => {
    const m = members.length, o = Math.max(1, all.length - m);
    const own = new Set(out[i]!.words.map((w) => w.key));
    const inPairs = new Map<string, number>();
    for (const x of members) for (const k of pairsOfPerson.get(x)!) if (k.split(' ').some((w) => own.has(w))) inPairs.set(k, (inPairs.get(k) ?? 0) + 1);
    out[i]!.phrases = [...inPairs].filter(([, a]) => a >= Math.max(2, Math.ceil(0.2 * m)))
      .map(([key, a]) => ({ key, ...contrast(a / m, (pairDf.get(key)! - a) / o) }))
      .filter((f) => f.score > 0)
      .sort((a, b) => b.score - a.score || cmp(a.key, b.key)).slice(0, TOP_WORDS);
  });
  distinctiveActions(clusters, all, out);
  return out;
}

/** Facet kinds of the units whose actions can name a persona: what members do and want to do. */
const ACTION_KINDS = new Set<FacetKind>(['goal', 'behavior']);
/** Share of a persona's members that must say an action to name it by (at least two members). */
const ACTION_SHARE = 0.1;

/**
 * Each cluster's distinctive actions (Distinct.actions): said in goal or behaviour units by at
 * least two members and ACTION_SHARE of them, at least NAME_LIFT times the share of the others.
 */
function distinctiveActions(clusters: ParticipantPoint[][], all: ParticipantPoint[], out: Distinct[]): void {
  const actionsOf = new Map<ParticipantPoint, Map<string, { verb: string; text: string }>>();
  const df = new Map<string, number>();
  for (const x of all) {
    const own = new Map<string, { verb: string; text: string }>();
    for (const e of x.units) {
      if (!e.facets.some((f) => ACTION_KINDS.has(f.kind))) continue;
      for (const a of actionsIn(e.verbatim)) if (!own.has(a.key)) own.set(a.key, a);
    }
    actionsOf.set(x, own);
    for (const k of own.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  }
  clusters.forEach((members, i) => {
    const m = members.length, o = Math.max(1, all.length - m);
    const said = new Map<string, { verb: string; texts: Map<string, number>; n: number }>();
    for (const x of members) for (const [k, a] of actionsOf.get(x)!) {
      const s = said.get(k) ?? { verb: a.verb, texts: new Map<string, number>(), n: 0 };
      s.n++;
      s.texts.set(a.text, (s.texts.get(a.text) ?? 0) + 1);
      said.set(k, s);
    }
    out[i]!.actions = [...said].filter(([, s]) => s.n >= Math.max(2, Math.ceil(ACTION_SHARE * m)))
      .map(([key, s]) => {
        const text = [...s.texts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
        return { key, text, verb: s.verb, members: s.n, ...contrast(s.n / m, (df.get(key)! - s.n) / o) };
      })
      .filter((f) => f.score > 0 && f.inShare >= NAME_LIFT * f.outShare)
      .sort((a, b) => b.score - a.score || cmp(a.key, b.key)).slice(0, TOP_WORDS);
  });
}

/** How a facet kind reads in a description. */
const TALK: Record<FacetKind, string> = {
  pain: 'problems and frustrations', gain: 'benefits they get', goal: 'what they are trying to achieve',
  behavior: 'what they actually do', tool: 'the tools they use', workflow: 'their workflow and routines',
  emotion: 'how things make them feel', value: 'what matters to them', context: 'their role and circumstances',
};

export function describePersona(
  c: Canon, members: ParticipantPoint[], f: Distinct, meanShare: number[], used: Set<string>,
): ProjectPersona {
  const pool = members.flatMap((x) => x.units);
  // what they talk about, as nouns; a role someone gives themselves is who, not what
  // said by at least twice the share of the others: what sets them apart, not what all say more or less
  const topics = f.words.filter((w) => w.inShare >= NAME_LIFT * w.outShare && !f.roleCounts.has(w.key) && !GENERIC_NOUNS.has(w.key) && nounShare(c, pool, w.key) >= NOUN_SHARE)
    .filter((w, i, ws) => !ws.slice(0, i).some((o) => root(o.key) === root(w.key))); // "code", not "code and coding"
  const surface = surfaceForms(c, pool);
  const said = (key: string) => surface.get(key) ?? key;
  // a word is named by the distinctive pair that holds it when there is one ("photo editing")
  const pairs = f.phrases.filter((x) => x.key.split(' ').every((w) => !f.roleCounts.has(w) && nounShare(c, pool, w) >= NOUN_SHARE));
  const pairSurface = pairSurfaces(pool, new Set(pairs.map((x) => x.key)));
  const shownAs = (key: string) => {
    const pair = pairs.find((x) => x.key.split(' ').includes(key));
    return pair ? pairSurface.get(pair.key) ?? pair.key : said(key);
  };
  const role = roleOf(c, members, f.roleCounts);
  const lead = f.facets[0]!;
  // in the name, a thing members also say in the plural is named so ("focused on forms", not "on form")
  const plurals = pluralForms(c, pool);
  const named = [...new Set(topics.map((w) => { const x = shownAs(w.key); return x === said(w.key) ? plurals.get(w.key) ?? x : x; }))].slice(0, 2);
  // what sets them apart as something they do, in their words, from the first distinctive noun that has one
  // else from what they say they do or want to do more than the others (their goals and behaviours)
  const activities: Activity[] = [
    ...topics.slice(0, 3).map((w) => activityOf(pool, w.key, role)).filter((a): a is Activity => a !== null).slice(0, 1),
    ...f.actions.filter((a) => !isRoleVerb(a.verb, role)).map((a) => ({ text: a.text, members: a.members })),
  ];
  const activity = activities.find((a) => !used.has(personaName(role, a, named, TALK[lead.kind]))) ?? activities[0] ?? null;
  let name = personaName(role, activity, named, TALK[lead.kind]);
  for (let i = 2; used.has(name); i++) name = `${name.replace(/ \(\d+\)$/u, '')} (${i})`;
  used.add(name);

  const memberShare = (d: number) => members.reduce((s, x) => s + x.share[d]!, 0) / members.length;
  const shown = (topics.length ? topics : f.words).slice(0, 5);
  const sentences = [`${members.length} participants who talk more than the others about ${list([...new Set(shown.map((w) => shownAs(w.key)))].slice(0, 3))}.`];
  if (lead.z >= FACET_Z) sentences.push(`They talk about ${TALK[lead.kind]} more than most (${lead.kind} in ${pct(memberShare(lead.d), 1)}% of their statements vs ${pct(meanShare[lead.d]!, 1)}% across participants).`);
  const weights = new Map(f.words.map((w) => [w.key, w.score]));
  const score = (e: SynthesisEvidence) => round6(unitScore(c, e, weights) + e.confidence * 0.1);
  const behaviour = behaviourQuote(pool, score);
  if (behaviour) sentences.push(`What they do, in their words: "${behaviour.text}"`);
  sentences.push(`Said by: ${shown.map((w) => `${said(w.key)} ${pct(w.inShare, 1)}% of them, ${pct(w.outShare, 1)}% of the rest`).join('; ')}.`);
  if (f.themes.length) sentences.push(`Themes they share: ${f.themes.map((t) => `${t.key} (${pct(t.inShare, 1)}% of them, ${pct(t.outShare, 1)}% of the rest)`).join('; ')}.`);
  const goals = quotesOf(pool, 'goal', score);
  return {
    name,
    description: sentences.join(' '),
    goals,
    pains: quotesOf(pool, 'pain', score, new Set(goals.map((g) => g.evidenceId))),
    members: members.map((x) => {
      const says = f.words.filter((w) => x.words.has(w.key)).slice(0, 3).map((w) => `"${said(w.key)}"`);
      return {
        personId: x.p.personId,
        reason: [
          says.length ? `says ${list(says)} like this persona` : 'closest to this persona',
          `${lead.kind} in ${pct(x.share[lead.d]!, 1)}% of their ${x.p.evidenceCount} statements (${pct(meanShare[lead.d]!, 1)}% across participants)`,
        ].join('; '),
        evidenceIds: [...x.units]
          .map((e) => ({ e, s: unitScore(c, e, weights) }))
          .sort((a, b) => b.s - a.s || b.e.confidence - a.e.confidence || cmp(a.e.key, b.e.key))
          .slice(0, 3).map((u) => u.e.id),
      };
    }),
  };
}

const NOUN_SHARE = 0.6;
const NAME_LIFT = 2;
const FACET_Z = 0.5;

/** Share of the places a word (stem) is said as a noun in the members' units (up to 6 read). */
function nounShare(c: Canon, pool: SynthesisEvidence[], key: string): number {
  let nouns = 0, n = 0;
  for (const e of pool) {
    if (!c.words(e).some((w) => stem(w) === key)) continue;
    for (const t of tokens(e.verbatim)) {
      if (t.type !== 'word' || stem(t.text) !== key) continue;
      n++;
      if (t.pos === 'NOUN' || t.pos === 'PROPN') nouns++;
    }
    if (n >= 6) break;
  }
  return n === 0 ? 0 : nouns / n;
}

/** The most said surface form of each stem among the units. */
function surfaceForms(c: Canon, pool: SynthesisEvidence[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const e of pool) for (const w of c.words(e)) {
    const k = stem(w);
    const m = counts.get(k) ?? new Map<string, number>();
    m.set(w, (m.get(w) ?? 0) + 1);
    counts.set(k, m);
  }
  return new Map([...counts].map(([k, m]) => [k, [...m].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0]]));
}

/** The plural form ('forms', 'stories') of each stem the units also say in the singular ('form', 'story'). */
export function pluralForms(c: Canon, pool: SynthesisEvidence[]): Map<string, string> {
  const forms = new Map<string, Set<string>>();
  for (const e of pool) for (const w of c.words(e)) {
    const k = stem(w);
    forms.set(k, (forms.get(k) ?? new Set<string>()).add(w));
  }
  const out = new Map<string, string>();
  for (const [k, ws] of forms) {
    if (ws.size < 2) continue;
    // the plural (persona-name's plural) of a singular said, which must be a base form itself
    // ('children' is not the singular of 'childrens'; 'series' is its own plural)
    const many = [...ws].flatMap((w) => { const p = plural(w); return p !== w && ws.has(p) && tokens(w)[0]?.lemma === w ? [p] : []; }).sort(cmp)[0];
    if (many) out.set(k, many);
  }
  return out;
}

/** The most said surface form of each pair key among the units. */
function pairSurfaces(pool: SynthesisEvidence[], keys: Set<string>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  if (keys.size === 0) return new Map();
  for (const e of pool) for (const p of pairsOf(e.verbatim)) {
    if (!keys.has(p.key)) continue;
    const m = counts.get(p.key) ?? new Map<string, number>();
    m.set(p.said, (m.get(p.said) ?? 0) + 1);
    counts.set(p.key, m);
  }
  return new Map([...counts].map(([k, m]) => [k, [...m].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0]]));
}

/** A role members give themselves ("I'm a nurse") more often than the others, said as a noun. */
function roleOf(c: Canon, members: ParticipantPoint[], roleCounts: Map<string, number>): string | null {
  const inCounts = new Map<string, number>();
  for (const x of members) for (const r of x.roles) inCounts.set(r, (inCounts.get(r) ?? 0) + 1);
  const o = Math.max(1, roleCounts.get(ALL)! - members.length);
  const best = [...inCounts]
    .filter(([r, a]) => a >= Math.max(2, Math.ceil(0.15 * members.length)) && a / members.length > ((roleCounts.get(r) ?? 0) - a) / o)
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
    .find(([r]) => nounShare(c, members.flatMap((x) => x.units), stem(r)) >= NOUN_SHARE);
  return best?.[0] ?? null;
}

export const ALL = '\u0000all';

/** A crude common root of related word forms (code/coding, write/writing). */
function root(w: string): string {
  return w.replace(/(?:ing|ed|er|s)$/u, '').replace(/e$/u, '');
}

function unitScore(c: Canon, e: SynthesisEvidence, weights: Map<string, number>): number {
  return round6(c.words(e).reduce((s, w) => s + (weights.get(stem(w)) ?? 0), 0));
}

/** The behaviour unit that says most of what sets the persona apart, as a whole quote. */
function behaviourQuote(pool: SynthesisEvidence[], score: (e: SynthesisEvidence) => number): { text: string } | undefined {
  const best = pool.filter((e) => e.facets.some((x) => x.kind === 'behavior'))
    .map((e) => ({ e, s: score(e) }))
    .sort((a, b) => b.s - a.s || cmp(a.e.key, b.e.key))[0];
  return best ? { text: wholeQuote(best.e.verbatim, 45) } : undefined;
}

/**
 * A feature's shares among the members (`pi`) and the others (`po`), and its score: share in x log
 * of the ratio, so both prevalence and contrast count.
 */
function contrast(pi: number, po: number): Omit<Feature, 'key'> {
  return { inShare: round3(pi), outShare: round3(po), score: round6(pi * Math.log((pi + 0.02) / (po + 0.02))) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
