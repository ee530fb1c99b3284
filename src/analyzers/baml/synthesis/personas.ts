import { b } from '../../../baml_client/index.js';
import type { ParticipantProfileRef, PartialPersona } from '../../../baml_client/types.js';
import type { PersonaQuote, ProjectPersona, SynthesisEvidence } from '../../../domain/synthesis.js';
import { knownIds, mergeGroups, type SynthesisCalls } from './calls.js';
import { cmp, type ProjectIndex } from './project.js';

const PART = 'personas';
/** Quotes per participant profile: their goals and pains first. */
const QUOTES_PER_PARTICIPANT = 3;
const MAX_GOALS = 5;
const MAX_PAINS = 5;
/** A persona holds across participants. */
const MIN_MEMBERS = 2;

interface PersonaPart {
  name: string;
  description: string;
  members: Map<string, string>;
  goals: string[];
  pains: string[];
}

/**
 * Project personas by map-reduce over participant profiles (facet counts and a few quotes; only
 * participants: the input never holds interviewers). Map: a batch of profiles -> personas with
 * members and reasons, goals and pains as evidence ids. Reduce: partial personas (name and
 * description) -> merged by id; members, goals and pains are unioned here. A participant belongs
 * to one persona; a persona needs two members; the rest stay unassigned.
 */
export async function synthesizePersonas(calls: SynthesisCalls, project: ProjectIndex): Promise<{ personas: ProjectPersona[]; unassigned: string[] }> {
  const profiles = project.participants.filter((p) => (project.evidenceOf.get(p.personId) ?? []).length > 0);
  const shown = new Map<string, string[]>();
  const refs: ParticipantProfileRef[] = profiles.map((p) => {
    const quotes = project.strongest(project.evidenceOf.get(p.personId)!, QUOTES_PER_PARTICIPANT,
      (e) => e.facets.some((f) => f.kind === 'goal' || f.kind === 'pain'));
    shown.set(p.personId, quotes.map((e) => e.id));
    const facets = Object.entries(p.facetCounts).map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || cmp(a.kind, b.kind));
    return { id: p.personId, interview: project.interviewLabel.get(p.interviewId) ?? '?', facets, quotes: quotes.map((e) => project.quote(e)) };
  });
  let parts: PersonaPart[] = [];
  if (refs.length >= MIN_MEMBERS) {
    const ci = calls.customInstructions;
    const batches = await calls.fitBatches(refs, (batch) => (o) => b.request.ClusterPersonas(batch, ci, o),
      (r) => calls.textTokens(JSON.stringify(r)), 'personas batch');
    calls.part(PART).batches = batches.length;
    const people = new Set(refs.map((r) => r.id));
    const mapped = await calls.inPool(batches, async (batch) => {
      const out = await calls.call(PART, 'map', {
        fn: 'ClusterPersonas',
        invoke: (o) => b.ClusterPersonas(batch, ci, o),
        render: (o) => b.request.ClusterPersonas(batch, ci, o),
        check: { listKey: 'personas', itemKey: 'members', count: (r) => r.personas.length, reparse: (t) => b.parse.ClusterPersonas(t) },
      });
      return out.personas.map((p): PersonaPart => {
        const members = new Map<string, string>();
        for (const m of p.members) {
          const [id] = knownIds(calls, [m.personId], people);
          if (id && !members.has(id)) members.set(id, m.reason.trim());
        }
        return {
          name: p.name.trim(), description: p.description.trim(), members,
          goals: knownIds(calls, p.goalEvidenceIds, project.evidenceById),
          pains: knownIds(calls, p.painEvidenceIds, project.evidenceById),
        };
      }).filter((p) => p.name && p.members.size > 0);
    });
    parts = mapped.flat();
    if (batches.length > 1) {
      parts = await calls.reduce(PART, parts, {
        render: (group) => (o) => b.request.MergePersonas(partials(group), ci, o),
        estimate: (p) => calls.textTokens(JSON.stringify(partials([p])[0])),
        merge: (group) => mergePersonas(calls, group),
      });
    }
  }
  return finalPersonas(project, parts, shown);
}

function partials(group: PersonaPart[]): PartialPersona[] {
  return group.map((p, i) => ({ id: `p${i}`, name: p.name, description: p.description }));
}

async function mergePersonas(calls: SynthesisCalls, group: PersonaPart[]): Promise<PersonaPart[]> {
  const input = partials(group);
  const ci = calls.customInstructions;
  const out = await calls.call(PART, 'reduce', {
    fn: 'MergePersonas',
    invoke: (o) => b.MergePersonas(input, ci, o),
    render: (o) => b.request.MergePersonas(input, ci, o),
    check: { listKey: 'personas', itemKey: 'personaIds', count: (r) => r.personas.length, reparse: (t) => b.parse.MergePersonas(t) },
  });
  const ids = new Map(input.map((p, i) => [p.id, group[i]!]));
  return mergeGroups(calls, out.personas, (m) => m.personaIds, ids, (members, m) => {
    const people = new Map<string, string>();
    for (const p of members) for (const [id, reason] of p.members) if (!people.has(id)) people.set(id, reason);
    return {
      name: m.name.trim() || members[0]!.name,
      description: m.description.trim() || members[0]!.description,
      members: people,
      goals: [...new Set(members.flatMap((p) => p.goals))],
      pains: [...new Set(members.flatMap((p) => p.pains))],
    };
  });
}

function finalPersonas(project: ProjectIndex, parts: PersonaPart[], shown: Map<string, string[]>): { personas: ProjectPersona[]; unassigned: string[] } {
  const assigned = new Set<string>();
  const personas: ProjectPersona[] = [];
  const ordered = [...parts].sort((a, b) => b.members.size - a.members.size || cmp(a.name, b.name));
  for (const p of ordered) {
    const members = [...p.members].filter(([id]) => !assigned.has(id));
    if (members.length < MIN_MEMBERS) continue;
    members.forEach(([id]) => assigned.add(id));
    const own = new Set(members.map(([id]) => id));
    // goals and pains are whole quotes of the persona's own members
    const quotes = (ids: string[], max: number): PersonaQuote[] => ids.map((id) => project.evidenceById.get(id)!)
      .filter((e: SynthesisEvidence) => own.has(e.personId)).slice(0, max).map((e) => ({ text: e.verbatim, evidenceId: e.id }));
    personas.push({
      name: p.name,
      description: p.description,
      goals: quotes(p.goals, MAX_GOALS),
      pains: quotes(p.pains, MAX_PAINS),
      members: members.map(([personId, reason]) => ({
        personId,
        reason: reason || `Fits ${p.name}.`,
        evidenceIds: shown.get(personId) ?? [],
      })).sort((a, b) => cmp(project.participantById.get(a.personId)!.key, project.participantById.get(b.personId)!.key)),
    });
  }
  const unassigned = project.participants.map((p) => p.personId).filter((id) => !assigned.has(id));
  return { personas, unassigned };
}
