import { FACET_KINDS, type FacetKind, type PersonaProposal, type StoredEvidence } from '../../domain/analysis.js';
import type { PersonasRequest } from '../../ports/analyzer.js';
import { normalize } from '../../verbatim-guard/normalize.js';
import { tokens } from './nlp.js';
import { selfRoles } from './self-role.js';

/**
 * Per-interview personas without built-in prototypes: each participant's profile is named from
 * their own dominant facets, the two they say most above the usual share (standardised against
 * the project's participants when the caller gives them, else a prior of facet shares), e.g.
 * "Problem-focused, values-driven participant", or by the role they give themselves when they
 * give one ("I'm a nurse" -> "Nurse"). Participants of different interviews with the same
 * dominant facets share the name, so the project's personas merge by name; the study-level
 * personas are clustered in synthesis/personas.ts. Goals and pains are the participant's own
 * whole sentences. A function of the interview's evidence (and the project's, when given) only.
 */

/** How a dominant facet reads in a persona name. */
const TRAIT: Record<FacetKind, string> = {
  pain: 'problem-focused',
  gain: 'benefit-focused',
  goal: 'goal-driven',
  behavior: 'hands-on',
  tool: 'tool-minded',
  workflow: 'process-minded',
  emotion: 'emotionally engaged',
  value: 'values-driven',
  context: 'background-rich',
};

/** Facet-share mean and spread of participants, used until the project has enough participants. */
const PRIOR: Record<FacetKind, [number, number]> = {
  pain: [0.11, 0.065], gain: [0.134, 0.075], goal: [0.072, 0.06], behavior: [0.368, 0.106], tool: [0.224, 0.108],
  workflow: [0.174, 0.105], emotion: [0.062, 0.053], value: [0.049, 0.042], context: [0.085, 0.062],
};
const MIN_PROJECT_PARTICIPANTS = 8;
const TOP_ITEMS = 3;

type Profile = Record<FacetKind, number>;

export function personasFor(req: PersonasRequest): PersonaProposal[] {
  // Ordered by what people are called, not by database ids: the same interview gives the same
  // output in any project.
  const participants = req.people.filter((p) => p.role === 'participant').sort((a, b) => cmp(a.speaker, b.speaker) || cmp(a.name, b.name) || cmp(a.id, b.id));
  if (participants.length === 0) return [];
  const ownIds = new Set(req.evidence.map((e) => e.id));
  const project = [...(req.projectEvidence ?? []).filter((e) => !ownIds.has(e.id)), ...req.evidence];
  const byPerson = groupBy(project.filter((e) => e.personId), (e) => e.personId!);
  const stats = standardisation([...byPerson.values()].map(profileOf));

  const out = new Map<string, PersonaProposal>();
  for (const p of participants) {
    const own = req.evidence.filter((e) => e.personId === p.id).sort(byStrength);
    if (own.length === 0) continue;
    const { traits, confidence } = dominant(profileOf(own), stats);
    const role = roleOf(own);
    const name = role ? capitalise(role) : `${capitalise(traits.map((k) => TRAIT[k]).join(', '))} participant`;
    const evidence = own.filter((e) => e.facets.some((f) => traits.includes(f.kind))).slice(0, 5);
    const persona = out.get(name) ?? {
      name,
      description: `${role ? `Calls themselves ${/^[aeiou]/u.test(role) ? 'an' : 'a'} ${role}; says` : 'Says'} more than most participants about ${traits.map(describe).join(' and ')}.`,
      goals: [] as string[], pains: [] as string[], assignments: [] as PersonaProposal['assignments'],
    };
    const goals = representative(own, 'goal', new Set(persona.goals));
    persona.goals = [...persona.goals, ...goals].slice(0, TOP_ITEMS);
    persona.pains = [...persona.pains, ...representative(own, 'pain', new Set([...persona.goals, ...persona.pains]))].slice(0, TOP_ITEMS);
    persona.assignments.push({ personId: p.id, confidence, evidenceIds: evidence.map((e) => e.id) });
    out.set(name, persona);
  }
  return [...out.values()].sort((a, b) => cmp(a.name, b.name));
}

const DESCRIBE: Record<FacetKind, string> = {
  pain: 'problems and frustrations', gain: 'benefits they get', goal: 'what they want to achieve', behavior: 'what they actually do',
  tool: 'the tools they use', workflow: 'how their work proceeds, step by step', emotion: 'how they feel', value: 'what matters to them',
  context: 'their background and circumstances',
};
const describe = (k: FacetKind) => DESCRIBE[k];

/**
 * The participant's two most pronounced facets (standardised share above the usual), or the one
 * when the second is not above the usual; confidence grows with how far the first stands out.
 */
function dominant(profile: Profile, stats: Record<FacetKind, [number, number]>): { traits: FacetKind[]; confidence: number } {
  const z = FACET_KINDS.map((k) => ({ k, z: (profile[k] - stats[k][0]) / stats[k][1] }))
    .sort((a, b) => b.z - a.z || FACET_KINDS.indexOf(a.k) - FACET_KINDS.indexOf(b.k));
  const traits = z[1]!.z > 0 ? [z[0]!.k, z[1]!.k] : [z[0]!.k];
  traits.sort((a, b) => FACET_KINDS.indexOf(a) - FACET_KINDS.indexOf(b));
  const confidence = 1 / (1 + Math.exp(-z[0]!.z));
  return { traits, confidence: Math.round(Math.min(0.95, Math.max(0.2, confidence)) * 100) / 100 };
}

/**
 * The role a participant gives themselves ("I'm a nurse and ..."), said as a noun; the one said
 * most, then the first in the alphabet. Participants of different interviews who give the same
 * role share the persona name, so the project's personas merge by role.
 */
function roleOf(units: StoredEvidence[]): string | null {
  const counts = new Map<string, number>();
  for (const e of units) {
    for (const r of selfRoles(e.verbatim)) {
      if (tokens(e.verbatim).some((t) => t.text === r && (t.pos === 'NOUN' || t.pos === 'PROPN'))) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0] ?? null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The statements of a facet that best represent the persona's members: units sharing the most
 * words with other members' units of that facet (what several people say), then the most
 * confident. Quoted as said when short, else their gist.
 */
function representative(pool: StoredEvidence[], kind: FacetKind, taken: Set<string>): string[] {
  const candidates = pool
    .filter((e) => e.facets.some((f) => f.kind === kind))
    .sort(byStrength)
    .slice(0, MAX_CANDIDATES)
    .map((e) => ({ e, words: contentWords(e.verbatim) }));
  const scored = candidates.map((c) => ({
    c,
    support: candidates.filter((o) => o.e.personId !== c.e.personId && overlap(c.words, o.words) >= 2).length,
  }));
  scored.sort((a, b) => b.support - a.support || byStrength(a.c.e, b.c.e));
  const out: string[] = [];
  for (const { c } of scored) {
    const text = facetSentence(c.e, kind);
    if (taken.has(text) || out.includes(text)) continue;
    out.push(text);
    if (out.length >= TOP_ITEMS) break;
  }
  return out;
}

/**
 * The whole sentence of the unit that carries the facet, never cut: a goal or pain must read as
 * the participant said it. Sentences over QUOTE_WORDS words fall back to the whole unit when
 * that is short enough, else the sentence as it is.
 */
function facetSentence(e: StoredEvidence, kind: FacetKind): string {
  const cue = normalize(e.facets.find((f) => f.kind === kind)?.value ?? '');
  const sentences = e.verbatim.split(/(?<=[.!?])\s+/u).map((x) => x.trim()).filter(Boolean);
  const hit = sentences.find((x) => cue && ` ${normalize(x)} `.includes(` ${cue} `));
  if (!hit) return e.verbatim;
  return hit.split(/\s+/).length >= 5 || e.verbatim.split(/\s+/).length > QUOTE_WORDS ? hit : e.verbatim;
}

const MAX_CANDIDATES = 60;
const QUOTE_WORDS = 40;

function contentWords(text: string): Set<string> {
  return new Set(normalize(text).split(' ').filter((w) => w.length >= 5));
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

function dedupe(evs: StoredEvidence[]): StoredEvidence[] {
  const seen = new Set<string>();
  return evs.filter((e) => !seen.has(e.id) && (seen.add(e.id), true));
}

function profileOf(evs: StoredEvidence[]): Profile {
  const n = Math.max(1, evs.length);
  const out = {} as Profile;
  for (const k of FACET_KINDS) out[k] = evs.filter((e) => e.facets.some((f) => f.kind === k)).length / n;
  return out;
}

function standardisation(profiles: Profile[]): Record<FacetKind, [number, number]> {
  if (profiles.length < MIN_PROJECT_PARTICIPANTS) return PRIOR;
  const out = {} as Record<FacetKind, [number, number]>;
  for (const k of FACET_KINDS) {
    const xs = profiles.map((p) => p[k]);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    out[k] = [m, Math.max(sd, 0.01)];
  }
  return out;
}

function byStrength(a: StoredEvidence, b: StoredEvidence): number {
  return b.confidence - a.confidence || b.facets.length - a.facets.length || a.startMs - b.startMs || cmp(a.verbatim, b.verbatim) || cmp(a.key, b.key);
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
