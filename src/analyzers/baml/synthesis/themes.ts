import { b } from '../../../baml_client/index.js';
import type { CodeRef, PartialTheme } from '../../../baml_client/types.js';
import type { InterviewCode, ProjectTheme } from '../../../domain/synthesis.js';
import { knownIds, mergeGroups, type SynthesisCalls } from './calls.js';
import { cmp, type ProjectIndex } from './project.js';

/** Quotes shown per code: enough for the model to see what a code name means in that interview. */
const QUOTES_PER_CODE = 2;

/** A theme while map-reduce runs: the codes (by index) it merges and the quotes the model picked. */
interface ThemePart {
  name: string;
  statement: string;
  codes: number[];
  quote: string | null;
  counter: string[];
}

const PART = 'themes';

/**
 * Project themes by map-reduce. Map: batches of per-interview codes (with a few quotes each) ->
 * themes that merge codes by id. Reduce: partial themes (name, statement, code names; no
 * evidence, so it stays small) -> merged themes by id, recursively. The links are the union of
 * the merged codes' evidence and the counts are computed from them here.
 */
export async function synthesizeThemes(calls: SynthesisCalls, project: ProjectIndex): Promise<ProjectTheme[]> {
  const codes = [...project.input.codes]
    .map((c) => ({ ...c, evidenceIds: c.evidenceIds.filter((id) => project.evidenceById.has(id)) }))
    .filter((c) => c.evidenceIds.length > 0)
    .sort((a, b) => cmp(project.interviewLabel.get(a.interviewId) ?? '', project.interviewLabel.get(b.interviewId) ?? '') || cmp(a.name, b.name));
  if (codes.length === 0) return [];
  const refs: CodeRef[] = codes.map((c, i) => codeRef(project, c, i));
  const ci = calls.customInstructions;
  const batches = await calls.fitBatches(refs, (batch) => (o) => b.request.ConsolidateThemes(batch, ci, o),
    (r) => calls.textTokens(JSON.stringify(r)), 'themes batch');
  calls.part(PART).batches = batches.length;
  const codeIds = new Set(refs.map((r) => r.id));
  const mapped = await calls.inPool(batches, async (batch) => {
    const out = await calls.call(PART, 'map', {
      fn: 'ConsolidateThemes',
      invoke: (o) => b.ConsolidateThemes(batch, ci, o),
      render: (o) => b.request.ConsolidateThemes(batch, ci, o),
      check: { listKey: 'themes', itemKey: 'codeIds', count: (r) => r.themes.length, reparse: (t) => b.parse.ConsolidateThemes(t) },
    });
    return out.themes.map((t): ThemePart => ({
      name: t.name.trim(),
      statement: t.statement.trim(),
      codes: knownIds(calls, t.codeIds, codeIds).map((id) => Number(id.slice(1))),
      quote: t.quoteEvidenceId ? knownIds(calls, [t.quoteEvidenceId], project.evidenceById)[0] ?? null : null,
      counter: knownIds(calls, t.counterEvidenceIds, project.evidenceById),
    })).filter((t) => t.name && t.codes.length > 0);
  });
  let parts = mapped.flat();
  if (batches.length > 1) {
    parts = await calls.reduce(PART, parts, {
      render: (group) => (o) => b.request.MergeThemes(partials(group, codes), ci, o),
      estimate: (p) => calls.textTokens(JSON.stringify(partials([p], codes)[0])),
      merge: (group) => mergeThemes(calls, group, codes),
    });
  }
  return finalThemes(project, codes, parts);
}

function codeRef(project: ProjectIndex, c: InterviewCode, i: number): CodeRef {
  const units = c.evidenceIds.map((id) => project.evidenceById.get(id)!);
  return {
    id: `c${i}`,
    interview: project.interviewLabel.get(c.interviewId) ?? '?',
    name: c.name,
    statement: c.statement,
    quoteCount: units.length,
    quotes: project.strongest(units, QUOTES_PER_CODE).map((e) => project.quote(e)),
  };
}

function partials(group: ThemePart[], codes: InterviewCode[]): PartialTheme[] {
  return group.map((t, i) => ({
    id: `t${i}`, name: t.name, statement: t.statement,
    codes: [...new Set(t.codes.map((c) => codes[c]!.name))].sort(cmp).slice(0, 12),
  }));
}

async function mergeThemes(calls: SynthesisCalls, group: ThemePart[], codes: InterviewCode[]): Promise<ThemePart[]> {
  const input = partials(group, codes);
  const ci = calls.customInstructions;
  const out = await calls.call(PART, 'reduce', {
    fn: 'MergeThemes',
    invoke: (o) => b.MergeThemes(input, ci, o),
    render: (o) => b.request.MergeThemes(input, ci, o),
    check: { listKey: 'themes', itemKey: 'themeIds', count: (r) => r.themes.length, reparse: (t) => b.parse.MergeThemes(t) },
  });
  const ids = new Map(input.map((p, i) => [p.id, group[i]!]));
  return mergeGroups(calls, out.themes, (m) => m.themeIds, ids, (members, m) => ({
    name: m.name.trim() || members[0]!.name,
    statement: m.statement.trim() || members[0]!.statement,
    codes: [...new Set(members.flatMap((p) => p.codes))],
    quote: members.find((p) => p.quote)?.quote ?? null,
    counter: [...new Set(members.flatMap((p) => p.counter))],
  }));
}

/** Links, counts and order, all from the codes' evidence; same-named themes are one theme. */
function finalThemes(project: ProjectIndex, codes: InterviewCode[], parts: ThemePart[]): ProjectTheme[] {
  const byName = new Map<string, ThemePart>();
  const claimed = new Set<number>();
  for (const p of parts) {
    const own = p.codes.filter((c) => !claimed.has(c)); // a code belongs to one theme
    own.forEach((c) => claimed.add(c));
    const key = p.name.toLowerCase();
    const seen = byName.get(key);
    if (seen) { seen.codes.push(...own); seen.counter.push(...p.counter); seen.quote ??= p.quote; } else byName.set(key, { ...p, codes: own, counter: [...p.counter] });
  }
  const minParticipants = Math.min(2, Math.max(1, project.participants.length));
  const themes: ProjectTheme[] = [];
  for (const p of byName.values()) {
    const supporting = [...new Set(p.codes.flatMap((c) => codes[c]!.evidenceIds))].sort(cmp);
    if (supporting.length === 0) continue;
    const { participants, interviews } = project.prevalence(supporting);
    if (participants < minParticipants) continue;
    const inTheme = new Set(supporting);
    const counter = [...new Set(p.counter)].filter((id) => !inTheme.has(id)).sort(cmp);
    const quote = p.quote && inTheme.has(p.quote) ? p.quote
      : project.strongest(supporting.map((id) => project.evidenceById.get(id)!), 1)[0]!.id;
    themes.push({
      name: p.name,
      statement: p.statement || p.name,
      interviews,
      participants,
      evidence: [...supporting.map((evidenceId) => ({ evidenceId, role: 'supporting' as const })),
        ...counter.map((evidenceId) => ({ evidenceId, role: 'counter' as const }))],
      quoteEvidenceId: quote,
      codes: [...new Set(p.codes.map((c) => codes[c]!.name))].sort(cmp),
    });
  }
  return themes.sort((a, b) => b.participants - a.participants || b.interviews - a.interviews || cmp(a.name, b.name));
}
