import { FACET_KINDS, type FacetKind, type PersonaProposal, type StoredEvidence } from '../../domain/analysis.js';
import type { PersonasRequest } from '../../ports/analyzer.js';
import { normalize } from '../../verbatim-guard/normalize.js';

/**
 * Personas from facet profiles across the project. Each participant's profile is the share of
 * their evidence units carrying each facet, standardised against the project's participants
 * (or a prior while the project is small); the participant joins the nearest persona prototype
 * (prototype clustering with fixed, readable prototypes, so names stay stable as the project grows
 * and concurrent interviews agree). Goals and pains are drawn from the members' evidence.
 */

interface Prototype {
  name: string;
  description: string;
  /** Direction in standardised facet space. */
  weights: Partial<Record<FacetKind, number>>;
  /** Facets whose evidence justifies an assignment. */
  signals: FacetKind[];
}

export const PROTOTYPES: Prototype[] = [
  {
    name: 'Enthusiastic adopter',
    description: 'Sees clear benefits in the tools, talks mostly about what they gain and uses them readily.',
    weights: { gain: 1, tool: 0.5, emotion: 0.2, pain: -0.6 },
    signals: ['gain', 'tool'],
  },
  {
    name: 'Hands-on pragmatist',
    description: 'Describes concrete routines and workflow steps; uses tools where they fit the process.',
    weights: { behavior: 1, workflow: 1, tool: 0.4, value: -0.3 },
    signals: ['behavior', 'workflow'],
  },
  {
    name: 'Concerned skeptic',
    description: 'Focuses on problems, risks and limitations; expects the tools to fall short.',
    weights: { pain: 1, emotion: 0.4, gain: -0.6 },
    signals: ['pain', 'emotion'],
  },
  {
    name: 'Values-driven guardian',
    description: 'Weighs the tools against principles such as authenticity, ownership and fairness.',
    weights: { value: 1, emotion: 0.4, pain: 0.3, tool: -0.4 },
    signals: ['value', 'emotion'],
  },
  {
    name: 'Goal-focused professional',
    description: 'Frames everything through their role, their clients and what they need to achieve.',
    weights: { goal: 1, context: 0.8 },
    signals: ['goal', 'context'],
  },
];

/** Facet-share mean and spread of participants, used until the project has enough participants. */
const PRIOR: Record<FacetKind, [number, number]> = {
  pain: [0.11, 0.065], gain: [0.134, 0.075], goal: [0.072, 0.06], behavior: [0.368, 0.106], tool: [0.224, 0.108],
  workflow: [0.174, 0.105], emotion: [0.062, 0.053], value: [0.049, 0.042], context: [0.085, 0.062],
};
const MIN_PROJECT_PARTICIPANTS = 8;
const TOP_ITEMS = 3;

type Profile = Record<FacetKind, number>;

export function personasFor(req: PersonasRequest): PersonaProposal[] {
  const participants = req.people.filter((p) => p.role === 'participant').sort((a, b) => cmp(a.id, b.id));
  if (participants.length === 0) return [];
  // The project's evidence always includes this interview's own evidence.
  const ownIds = new Set(req.evidence.map((e) => e.id));
  const project = [...(req.projectEvidence ?? []).filter((e) => !ownIds.has(e.id)), ...req.evidence];
  const byPerson = groupBy(project.filter((e) => e.personId), (e) => e.personId!);
  const profiles = new Map([...byPerson].map(([id, evs]) => [id, profileOf(evs)]));
  const stats = standardisation([...profiles.values()]);

  const members = new Map<string, string[]>(); // prototype name -> person ids (project-wide)
  const assigned = new Map<string, { proto: Prototype; confidence: number }>();
  for (const [personId, profile] of [...profiles].sort((a, b) => cmp(a[0], b[0]))) {
    const a = nearest(profile, stats);
    members.set(a.proto.name, [...(members.get(a.proto.name) ?? []), personId]);
    assigned.set(personId, a);
  }

  const out = new Map<string, PersonaProposal>();
  for (const p of participants) {
    const own = req.evidence.filter((e) => e.personId === p.id);
    if (own.length === 0) continue;
    const a = assigned.get(p.id) ?? nearest(profileOf(own), stats);
    const proto = a.proto;
    const evidence = own
      .filter((e) => e.facets.some((f) => proto.signals.includes(f.kind)))
      .sort(byStrength)
      .slice(0, 5);
    const persona = out.get(proto.name) ?? personaFor(proto, members.get(proto.name) ?? [p.id], byPerson, own);
    persona.assignments.push({ personId: p.id, confidence: a.confidence, evidenceIds: evidence.map((e) => e.id) });
    out.set(proto.name, persona);
  }
  return [...out.values()].sort((a, b) => cmp(a.name, b.name));
}

function personaFor(proto: Prototype, memberIds: string[], byPerson: Map<string, StoredEvidence[]>, own: StoredEvidence[]): PersonaProposal {
  const pool = dedupe([...own, ...memberIds.flatMap((id) => byPerson.get(id) ?? [])]);
  const goals = representative(pool, 'goal', new Set());
  const pains = representative(pool, 'pain', new Set(goals));
  return { name: proto.name, description: proto.description, goals, pains, assignments: [] };
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

/** Nearest prototype (Euclidean in standardised space); confidence = softmax share of the winner. */
function nearest(profile: Profile, stats: Record<FacetKind, [number, number]>): { proto: Prototype; confidence: number } {
  const z = FACET_KINDS.map((k) => (profile[k] - stats[k][0]) / stats[k][1]);
  const dists = PROTOTYPES.map((p) => Math.sqrt(FACET_KINDS.reduce((s, k, i) => s + (z[i]! - (p.weights[k] ?? 0)) ** 2, 0)));
  let best = 0;
  dists.forEach((d, i) => { if (d < dists[best]!) best = i; });
  const exps = dists.map((d) => Math.exp(-d));
  const confidence = exps[best]! / exps.reduce((a, b) => a + b, 0);
  return { proto: PROTOTYPES[best]!, confidence: Math.round(Math.min(0.95, Math.max(0.2, confidence)) * 100) / 100 };
}

function byStrength(a: StoredEvidence, b: StoredEvidence): number {
  return b.confidence - a.confidence || b.facets.length - a.facets.length || a.startMs - b.startMs || cmp(a.key, b.key);
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
