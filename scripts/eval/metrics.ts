import type { FacetKind } from '../../src/domain/analysis.js';
import type { Interview } from './dataset.js';
import type { ProjectOutput } from './project.js';

/** The measured targets of issue 3, computed from analyzer outputs (pipeline or simulation). */

export interface FacetLabels {
  units: { interviewId: string; utteranceIdx: number; text: string; facets: FacetKind[] }[];
}

export interface QuestionLabels {
  questions: { id: string; text: string }[];
  /** interviewId -> question id -> participant utterance indexes that answer it */
  interviews: Record<string, Record<string, number[]>>;
}

export interface Metrics {
  interviews: number;
  evidenceUnits: number;
  verbatimPct: number;
  interviewerUnits: number;
  timestampsInBoundsPct: number;
  longTurnCoveragePct: number;
  repaired: number;
  dropped: number;
  facetPrecision: number;
  facetRecall: number;
  facetLabelledUnits: number;
  themes: number;
  themesWith3InterviewsPct: number;
  top10CoveragePct: number;
  duplicateThemeNames: number;
  answersPrecisionAt5: number;
  /** Labelled pairs with at least one answering turn (P@5 is undefined for a not-addressed pair). */
  answersLabelledPairs: number;
  /** Confidence calibration over pairs with linked evidence: mean confidence vs precision of the linked units. */
  answersCalibration: { pairs: number; meanConfidence: number; meanPrecision: number; ece: number };
  cpuMedianMs: number;
  cpuP90Ms: number;
}

const pct = (a: number, b: number) => (b === 0 ? 100 : (100 * a) / b);

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

export function computeMetrics(out: ProjectOutput, interviews: Interview[], facets: FacetLabels, qa: QuestionLabels): Metrics {
  const byId = new Map(interviews.map((iv) => [iv.id, iv]));
  let units = 0, verbatim = 0, interviewer = 0, inBounds = 0, longTurns = 0, coveredLong = 0, repaired = 0, dropped = 0;
  for (const o of out.interviews) {
    const iv = byId.get(o.interviewId)!;
    repaired += o.repaired;
    dropped += o.dropped;
    for (const e of o.evidence) {
      units++;
      const utt = iv.utterances[e.utteranceIdx];
      if (!utt) continue;
      if (utt.role === 'interviewer') interviewer++;
      if (utt.role === 'participant' && utt.text.includes(e.verbatim)) verbatim++;
      if (e.startMs >= utt.startMs && e.endMs <= utt.endMs && e.startMs <= e.endMs) inBounds++;
    }
    for (const u of iv.utterances) {
      if (u.role !== 'participant' || u.text.split(/\s+/).filter(Boolean).length < 25) continue;
      longTurns++;
      if (o.evidence.some((e) => e.utteranceIdx === u.index)) coveredLong++;
    }
  }

  // Facets: each labelled unit is compared with the analyzer unit that overlaps it most.
  let tp = 0, predicted = 0, gold = 0, labelled = 0;
  const outById = new Map(out.interviews.map((o) => [o.interviewId, o]));
  for (const l of facets.units) {
    const o = outById.get(l.interviewId);
    const iv = byId.get(l.interviewId);
    if (!o || !iv) continue;
    labelled++;
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
    gold += g.size;
    if (!best) continue;
    predicted += best.kinds.size;
    for (const k of best.kinds) if (g.has(k)) tp++;
  }

  // Themes.
  const themeInterviews = out.themes.map((t) => new Set(t.links.map((l) => l.interviewId)));
  const with3 = themeInterviews.filter((s) => s.size >= 3).length;
  const top10 = out.themes
    .map((t, i) => ({ size: t.links.length, ivs: themeInterviews[i]!, name: t.name }))
    .sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1))
    .slice(0, 10);
  const covered = new Set(top10.flatMap((t) => [...t.ivs]));
  const names = out.themes.map((t) => t.name.trim().replace(/\s+/g, ' ').toLowerCase());
  const duplicates = names.length - new Set(names).size;

  // Answers: precision@5 of linked evidence against labelled participant turns, over the pairs
  // the participant answered (a labelled not-addressed pair counts in status accuracy instead).
  const qIndex = new Map(qa.questions.map((q, i) => [q.id, out.questions[i]!.id]));
  let pSum = 0, pairs = 0;
  const calib: { confidence: number; precision: number }[] = [];
  for (const [ivId, perQ] of Object.entries(qa.interviews)) {
    const o = outById.get(ivId);
    if (!o) continue;
    const evIdx = new Map(o.evidence.map((e) => [e.id, e.utteranceIdx]));
    for (const [qid, turns] of Object.entries(perQ)) {
      const a = o.answers.find((x) => x.questionId === qIndex.get(qid));
      const linked = (a?.evidenceIds ?? []).slice(0, 5);
      const good = linked.filter((id) => turns.includes(evIdx.get(id) ?? -1)).length;
      if (linked.length > 0) calib.push({ confidence: a!.confidence, precision: good / linked.length });
      if (turns.length === 0) continue;
      pairs++;
      if (linked.length === 0) continue; // nothing linked: precision 0 for this pair
      pSum += good / linked.length;
    }
  }

  const cpu = out.interviews.map((o) => o.cpuMs);
  return {
    interviews: out.interviews.length,
    evidenceUnits: units,
    verbatimPct: pct(verbatim, units),
    interviewerUnits: interviewer,
    timestampsInBoundsPct: pct(inBounds, units),
    longTurnCoveragePct: pct(coveredLong, longTurns),
    repaired,
    dropped,
    facetPrecision: predicted === 0 ? 0 : tp / predicted,
    facetRecall: gold === 0 ? 0 : tp / gold,
    facetLabelledUnits: labelled,
    themes: out.themes.length,
    themesWith3InterviewsPct: pct(with3, out.themes.length),
    top10CoveragePct: pct(covered.size, out.interviews.length),
    duplicateThemeNames: duplicates,
    answersPrecisionAt5: pairs === 0 ? 0 : pSum / pairs,
    answersLabelledPairs: pairs,
    answersCalibration: calibration(calib),
    cpuMedianMs: median(cpu),
    cpuP90Ms: quantile(cpu, 0.9),
  };
}

/**
 * Expected calibration error over 10 equal-width confidence bins: the pair-weighted mean of
 * |mean confidence - mean precision| per bin (Naeini et al., 2015).
 */
export function calibration(xs: { confidence: number; precision: number }[]): Metrics['answersCalibration'] {
  const mean = (v: number[]) => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);
  const bins = new Map<number, { confidence: number; precision: number }[]>();
  for (const x of xs) {
    const b = Math.min(9, Math.floor(x.confidence * 10));
    bins.set(b, [...(bins.get(b) ?? []), x]);
  }
  let ece = 0;
  for (const members of bins.values()) {
    ece += (members.length / xs.length) * Math.abs(mean(members.map((m) => m.confidence)) - mean(members.map((m) => m.precision)));
  }
  return { pairs: xs.length, meanConfidence: mean(xs.map((x) => x.confidence)), meanPrecision: mean(xs.map((x) => x.precision)), ece };
}
