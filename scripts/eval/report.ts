import { createHash } from 'node:crypto';
import type { Metrics } from './metrics.js';
import type { PersonaQuality } from './personas.js';
import type { ProjectOutput } from './project.js';
import { wilson, type Quality, type Rate } from './quality.js';

/** Hash of everything the analyzer produced (CPU timings excluded). */
/** One set's results in the eval:local table. */
export interface SetResult {
  name: string;
  use: string;
  metrics: Metrics;
  quality: Quality;
  personas: PersonaQuality;
  rerunSame: boolean;
  reorderSame: number;
  interviews: number;
  cpuPer10Min: number;
  cpuPer10MinP90: number;
  scaling?: { ratio: number; base: number; x4: number };
}

export function fingerprint(out: ProjectOutput): string {
  const stripped = { ...out, codes: [...(out.codes ?? new Map()).entries()], interviews: out.interviews.map(({ cpuMs: _c, ...rest }) => rest) };
  return createHash('sha1').update(JSON.stringify(stripped)).digest('hex');
}

/** Per interview: hash of its own outputs (evidence, its themes, answers, personas). */
export function interviewFingerprints(out: ProjectOutput): Map<string, string> {
  return new Map(out.interviews.map(({ cpuMs: _c, ...o }) => [o.interviewId,
    createHash('sha1').update(JSON.stringify([o, out.codes?.get(o.interviewId) ?? null])).digest('hex')]));
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const pctOf = (r: Rate) => (r.n === 0 ? '—' : `${f1((100 * r.k) / r.n)}% (${r.k}/${r.n})`);
const ci = (r: Rate) => {
  if (r.n === 0) return '—';
  const [lo, hi] = wilson(r);
  return `${f2(r.k / r.n)} [${f2(lo)}-${f2(hi)}]`;
};

type Row = [string, string, (r: SetResult) => string];

const FACET_ROWS: Row[] = (['all', 'pain', 'gain', 'goal', 'behavior', 'tool', 'workflow', 'emotion', 'value', 'context'] as const).map((k) => [
  `facet ${k}: precision / recall [95% CI]`, k === 'all' ? '>=0.8' : '',
  (r) => (r.quality.facetUnits === 0 ? '—' : `P ${ci(r.quality.facets[k]!.p)} R ${ci(r.quality.facets[k]!.r)}`),
]);

const ROWS: Row[] = [
  ['use', '', (r) => r.use],
  ['interviews / evidence units', '', (r) => `${r.interviews} / ${r.metrics.evidenceUnits}`],
  ['quotes verbatim in a participant utterance', '100%', (r) => `${f1(r.metrics.verbatimPct)}%`],
  ['interviewer quotes (README interviewer labels)', '0', (r) => pctOf(r.quality.interviewerQuotes)],
  ['participant turns >=25 words with evidence', '>=90%', (r) => `${f1(r.metrics.longTurnCoveragePct)}%`],
  ['labelled facet units', '>=150 (eval)', (r) => String(r.quality.facetUnits)],
  ...FACET_ROWS,
  ['theme-quote fit (labelled pairs still in the output)', '>=0.80', (r) => (r.quality.themeFit ? `${ci(r.quality.themeFit)}, n=${r.quality.themeFit.n}${r.quality.themeFitStale ? `, ${r.quality.themeFitStale} stale` : ''}` : '—')],
  ['researcher-style theme names (labelled)', '>=90%', (r) => (r.quality.researcherNames ? pctOf(r.quality.researcherNames) : '—')],
  ['20 largest project themes named "Experiences with X"', '', (r) => pctOf(r.quality.frameOnlyNames)],
  ['themes named from the AI codebook (no codebook given)', '0', (r) => String(r.quality.codebookNamedThemes)],
  ['substantive evidence in no interview theme', '<=15%', (r) => pctOf(r.quality.unthemedInterview)],
  ['substantive evidence in no project theme', '<=15%', (r) => pctOf(r.quality.unthemedProject)],
  ['project themes (synthesis)', '', (r) => String(r.quality.projectThemes)],
  ['project themes held by <2 participants', '0', (r) => String(r.quality.projectThemesUnder2)],
  ['project themes held by >=75% of participants', '0', (r) => String(r.quality.projectThemesOver75)],
  ['answers P@5 (labelled pairs)', '>=0.70', (r) => (r.metrics.answersLabelledPairs === 0 ? '—' : `${f2(r.metrics.answersPrecisionAt5)} (n=${r.metrics.answersLabelledPairs})`)],
  ['answer confidence: mean vs precision, ECE (pairs with links)', 'ECE<=0.10', (r) => {
    const c = r.metrics.answersCalibration;
    return c.pairs === 0 ? '—' : `${f2(c.meanConfidence)} vs ${f2(c.meanPrecision)}, ECE ${f2(c.ece)} (n=${c.pairs})`;
  }],
  ['answer status accuracy (labelled pairs)', '', (r) => pctOf(r.quality.statusAccuracy)],
  ['labelled not_addressed reported not_addressed', '', (r) => pctOf(r.quality.notAddressedCorrect)],
  ['answered questions not reported not_addressed', '>=90%', (r) => pctOf(r.quality.guideAskedAnswered)],
  ['persona goals/pains truncated', '<=10%', (r) => pctOf(r.quality.personaTruncated)],
  ['personas (study level): count (sizes)', '3-7', (r) => `${r.personas.count} (${r.personas.sizes.join(', ')})`],
  ['participants in a persona', '>=80%', (r) => pctOf({ k: r.personas.assigned, n: r.personas.participants })],
  ['persona distinctness (top-10 features no other persona has)', '>=0.70', (r) => (r.personas.distinctness === null ? '—' : f2(r.personas.distinctness))],
  ['same output on a rerun (whole project)', 'yes', (r) => (r.rerunSame ? 'yes' : 'NO')],
  ['interviews with identical output in reverse order', 'all', (r) => `${r.reorderSame}/${r.interviews}`],
  ['analyzer CPU per 10-minute interview, median (p90)', '<=50 ms', (r) => `${f1(r.cpuPer10Min)} ms (${f1(r.cpuPer10MinP90)})`],
  ['4x longer transcript: CPU ratio (medians)', '<=5x', (r) => (r.scaling ? `${f2(r.scaling.ratio)}x (${f1(r.scaling.base)} -> ${f1(r.scaling.x4)} ms)` : '—')],
];

export function printQualityTable(results: SetResult[]): void {
  const header = ['metric', 'target', ...results.map((r) => r.name)];
  const rows = ROWS.map(([label, target, fn]) => [label, target, ...results.map(fn)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

/** The N largest study-level themes (synthesis) with their representative quote. */
export function printProjectThemes(name: string, out: ProjectOutput, n: number): void {
  if (n <= 0 || !out.synthesis) return;
  const evidence = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, { e, iv: o.interviewId }] as const)));
  const themes = [...out.synthesis.themes].sort((a, b) => b.participants - a.participants || b.evidence.length - a.evidence.length || (a.name < b.name ? -1 : 1)).slice(0, n);
  console.log(`\nTop ${themes.length} project themes in ${name} (participants, units, representative quote):`);
  themes.forEach((t, i) => {
    const q = evidence.get(t.quoteEvidenceId ?? t.evidence[0]!.evidenceId);
    console.log(`${String(i + 1).padStart(2)}. ${t.name} — ${t.participants} participants, ${t.evidence.length} units`);
    if (q) console.log(`    "${q.e.verbatim}" (${q.iv})`);
  });
}
