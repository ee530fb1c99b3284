import { FACET_KINDS, type FacetKind } from '../../src/domain/analysis.js';
import type { Interview } from './dataset.js';
import type { FacetLabels, QuestionLabels } from './metrics.js';
import type { ProjectOutput } from './project.js';
import { saysNothing } from '../../src/analyzers/local/semantic/name.js';

/**
 * Issue 15 measures, from analyzer outputs and labels written before tuning:
 * per-facet precision/recall with Wilson 95% intervals, answer status accuracy and guide coverage,
 * interviewer-quote rate against the sets' documented interviewer labels, evidence left in no
 * theme, project-theme spread over participants, truncated persona goals/pains, theme-quote fit.
 */

export interface Rate { k: number; n: number }
export const rate = (k: number, n: number): Rate => ({ k, n });

/** Wilson score interval (95%) of k successes in n trials. */
export function wilson({ k, n }: Rate): [number, number] {
  if (n === 0) return [0, 0];
  const z = 1.96, p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

export interface ThemeFitLabels {
  pairs: { theme: string; evidenceKey: string; interviewId: string; quote: string; fits: boolean; researcherName?: boolean }[];
}

export interface Quality {
  facets: Partial<Record<FacetKind | 'all', { p: Rate; r: Rate }>>;
  facetUnits: number;
  statusAccuracy: Rate;
  notAddressedCorrect: Rate;
  guideAskedAnswered: Rate;
  interviewerQuotes: Rate;
  unthemedInterview: Rate;
  unthemedProject: Rate;
  projectThemes: number;
  projectThemesUnder2: number;
  projectThemesOver75: number;
  codebookNamedThemes: number;
  personaTruncated: Rate;
  themeFit: Rate | null;
  /** Labelled pairs no longer in the output (not counted). */
  themeFitStale: number;
  researcherNames: Rate | null;
  /** The 20 largest project themes named in the default frame ("Experiences with X"), unlabelled. */
  frameOnlyNames: Rate;
}

/** Substantive: a unit saying enough to belong somewhere (8+ words). */
const substantive = (text: string) => text.split(/\s+/).filter(Boolean).length >= 8;

/** Cut short by the analyzer: not found whole in any quote, or ending in an ellipsis the speaker did not say. */
export function truncated(s: string, verbatims: string[]): boolean {
  const t = s.trim();
  const whole = verbatims.some((v) => v.includes(t));
  return !whole || (t.endsWith('…') && !verbatims.some((v) => v.includes(t) && v.includes(`${t.slice(0, -1)}…`)));
}

export function computeQuality(out: ProjectOutput, interviews: Interview[], known: string[], facets: FacetLabels | null,
  qa: QuestionLabels | null, fit: ThemeFitLabels | null, codebookNames: Set<string>): Quality {
  const byId = new Map(interviews.map((iv) => [iv.id, iv]));
  const outById = new Map(out.interviews.map((o) => [o.interviewId, o]));
  const knownSet = new Set(known.map((s) => s.toLowerCase()));

  // Facets per kind: the labelled unit against the analyzer unit overlapping it most.
  const tp: Record<string, number> = {}, pred: Record<string, number> = {}, gold: Record<string, number> = {};
  let facetUnits = 0;
  for (const l of facets?.units ?? []) {
    const o = outById.get(l.interviewId);
    const iv = byId.get(l.interviewId);
    if (!o || !iv) continue;
    facetUnits++;
    const text = iv.utterances[l.utteranceIdx]?.text ?? '';
    const ls = text.indexOf(l.text);
    const le = ls + l.text.length;
    let best: { overlap: number; kinds: Set<string> } | null = null;
    for (const e of o.evidence) {
      if (e.utteranceIdx !== l.utteranceIdx || ls < 0) continue;
      const es = text.indexOf(e.verbatim);
      const overlap = Math.min(le, es + e.verbatim.length) - Math.max(ls, es);
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { overlap, kinds: new Set(e.facets.map((f) => f.kind)) };
    }
    const g = new Set<string>(l.facets);
    const p = best?.kinds ?? new Set<string>(); // a labelled unit the analyzer dropped predicts nothing
    for (const k of FACET_KINDS) {
      if (g.has(k)) gold[k] = (gold[k] ?? 0) + 1;
      if (p.has(k)) pred[k] = (pred[k] ?? 0) + 1;
      if (g.has(k) && p.has(k)) tp[k] = (tp[k] ?? 0) + 1;
    }
  }
  const facetRates: Quality['facets'] = {};
  let TP = 0, P = 0, G = 0;
  for (const k of FACET_KINDS) {
    facetRates[k] = { p: rate(tp[k] ?? 0, pred[k] ?? 0), r: rate(tp[k] ?? 0, gold[k] ?? 0) };
    TP += tp[k] ?? 0; P += pred[k] ?? 0; G += gold[k] ?? 0;
  }
  facetRates.all = { p: rate(TP, P), r: rate(TP, G) };

  // Answers: status against labels (empty list = not addressed).
  let sOk = 0, sN = 0, naOk = 0, naN = 0, askOk = 0, askN = 0;
  if (qa) {
    const qIndex = new Map(qa.questions.map((q, i) => [q.id, out.questions[i]?.id]));
    for (const [ivId, perQ] of Object.entries(qa.interviews)) {
      const o = outById.get(ivId);
      if (!o) continue;
      for (const [qid, turns] of Object.entries(perQ)) {
        const a = o.answers.find((x) => x.questionId === qIndex.get(qid));
        const status = a?.status ?? 'not_addressed';
        const labelledNA = turns.length === 0;
        sN++;
        if (labelledNA === (status === 'not_addressed')) sOk++;
        if (labelledNA) { naN++; if (status === 'not_addressed') naOk++; } else { askN++; if (status !== 'not_addressed') askOk++; }
      }
    }
  }

  // Interviewer quotes: evidence from a speaker the set's README names as interviewer.
  let iq = 0, units = 0;
  for (const o of out.interviews) for (const e of o.evidence) { units++; if (knownSet.has(e.speaker.toLowerCase())) iq++; }

  // Evidence in no theme: per-interview themes, and the study-level synthesis themes.
  const inTheme = new Set(out.themes.flatMap((t) => t.links.map((l) => l.evidenceId)));
  const inProject = new Set((out.synthesis?.themes ?? []).flatMap((t) => t.evidence.map((e) => e.evidenceId)));
  let sub = 0, subOut = 0, subOutP = 0;
  for (const o of out.interviews) for (const e of o.evidence) {
    if (!substantive(e.verbatim)) continue;
    sub++;
    if (!inTheme.has(e.id)) subOut++;
    if (!inProject.has(e.id)) subOutP++;
  }

  // Project themes held by too few or too many participants.
  const participants = new Set(out.interviews.flatMap((o) => o.evidence.map((e) => e.personId).filter(Boolean))).size;
  const pThemes = out.synthesis?.themes ?? [];
  const under2 = pThemes.filter((t) => t.participants < 2).length;
  const over75 = pThemes.filter((t) => participants > 0 && t.participants / participants >= 0.75).length;

  // Persona goals and pains: per-interview personas and synthesis personas.
  const quotes = [
    ...out.interviews.flatMap((o) => o.personas.flatMap((p) => [...p.goals, ...p.pains])),
    ...(out.synthesis?.personas ?? []).flatMap((p) => [...p.goals, ...p.pains].map((q) => q.text)),
  ];
  const verbatims = out.interviews.flatMap((o) => o.evidence.map((e) => e.verbatim));
  const trunc = quotes.filter((q) => truncated(q, verbatims)).length;

  const allNames = [...out.themes.map((t) => t.name), ...pThemes.map((t) => t.name)];
  // Fit labels count only while the output still holds the pair (labels of an older output are stale).
  const keyById = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, e.key] as const)));
  const held = new Set(pThemes.flatMap((t) => t.evidence.map((e) => `${t.name}\u0000${keyById.get(e.evidenceId)}`)));
  const current = fit ? { pairs: fit.pairs.filter((p) => held.has(`${p.theme}\u0000${p.evidenceKey}`)) } : null;
  return {
    facets: facetRates,
    facetUnits,
    statusAccuracy: rate(sOk, sN),
    notAddressedCorrect: rate(naOk, naN),
    guideAskedAnswered: rate(askOk, askN),
    interviewerQuotes: rate(iq, units),
    unthemedInterview: rate(subOut, sub),
    unthemedProject: rate(subOutP, sub),
    projectThemes: pThemes.length,
    projectThemesUnder2: under2,
    projectThemesOver75: over75,
    codebookNamedThemes: allNames.filter((n) => codebookNames.has(n.trim().toLowerCase())).length,
    personaTruncated: rate(trunc, quotes.length),
    themeFit: current ? rate(current.pairs.filter((p) => p.fits).length, current.pairs.length) : null,
    themeFitStale: fit && current ? fit.pairs.length - current.pairs.length : 0,
    frameOnlyNames: (() => { const top = [...pThemes].sort((a, b) => b.participants - a.participants || (a.name < b.name ? -1 : 1)).slice(0, 20); return rate(top.filter((t) => saysNothing(t.name)).length, top.length); })(),
    researcherNames: current && current.pairs.some((p) => p.researcherName !== undefined)
      ? (() => { const byName = new Map(current.pairs.filter((p) => p.researcherName !== undefined).map((p) => [p.theme, p.researcherName!])); return rate([...byName.values()].filter(Boolean).length, byName.size); })()
      : null,
  };
}

/** A pair to judge: no `fits` until a person has judged it (a placeholder would read as a label). */
export type UnjudgedPair = Omit<ThemeFitLabels['pairs'][number], 'fits' | 'researcherName'>;

/** Deterministic (project theme, quote) pairs for fit labelling: `per` spread-out quotes of each of the `themes` largest. */
export function samplePairs(out: ProjectOutput, themes: number, per: number): UnjudgedPair[] {
  const ev = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, { e, iv: o.interviewId }] as const)));
  const top = [...(out.synthesis?.themes ?? [])].sort((a, b) => b.participants - a.participants || (a.name < b.name ? -1 : 1)).slice(0, themes);
  return top.flatMap((t) => {
    const sup = t.evidence.filter((x) => x.role === 'supporting');
    return Array.from({ length: Math.min(per, sup.length) }, (_, i) => {
      const x = ev.get(sup[Math.floor((i * sup.length) / per)]!.evidenceId)!;
      return { theme: t.name, evidenceKey: x.e.key, interviewId: x.iv, quote: x.e.verbatim };
    });
  });
}
