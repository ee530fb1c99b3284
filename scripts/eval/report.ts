import { createHash } from 'node:crypto';
import type { Metrics } from './metrics.js';
import type { ProjectOutput } from './project.js';

/** Hash of everything the analyzer produced (CPU timings excluded). */
export function fingerprint(out: ProjectOutput): string {
  const stripped = { ...out, interviews: out.interviews.map(({ cpuMs: _c, ...rest }) => rest) };
  return createHash('sha1').update(JSON.stringify(stripped)).digest('hex');
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

export interface Speed { base: number; x4: number; ratio: number; cpuMedian: number; cpuP90: number; pipeline?: boolean }

type Row = [string, string, (m: Metrics, d: boolean, s: Speed) => string];

const ROWS: Row[] = [
  ['interviews', '', (m) => String(m.interviews)],
  ['evidence units', '', (m) => String(m.evidenceUnits)],
  ['quotes verbatim in a participant utterance', '100%', (m) => `${f1(m.verbatimPct)}%`],
  ['evidence units from interviewer turns', '0', (m) => String(m.interviewerUnits)],
  ['timestamps inside their utterance', '100%', (m) => `${f1(m.timestampsInBoundsPct)}%`],
  ['participant turns >=25 words with evidence', '>=90%', (m) => `${f1(m.longTurnCoveragePct)}%`],
  ['verbatim guard: repaired / dropped', '', (m) => `${m.repaired} / ${m.dropped}`],
  ['facet precision (recall) on labelled units', '>=0.8', (m) => `${f2(m.facetPrecision)} (${f2(m.facetRecall)}), n=${m.facetLabelledUnits}`],
  ['themes', '', (m) => String(m.themes)],
  ['themes with evidence from >=3 interviews', '100%', (m) => `${f1(m.themesWith3InterviewsPct)}%`],
  ['interviews covered by the 10 largest themes', '>=80%', (m) => `${f1(m.top10CoveragePct)}%`],
  ['duplicate theme names', '0', (m) => String(m.duplicateThemeNames)],
  ['answers precision@5 (labelled pairs)', '>=0.7', (m) => `${f2(m.answersPrecisionAt5)} (n=${m.answersLabelledPairs})`],
  ['same input, same output (byte for byte)', 'yes', (_m, d) => (d ? 'yes' : 'NO')],
  ['median analyzer CPU per interview (p90)', '<=50 ms', (_m, _d, s) => `${f1(s.cpuMedian)} ms (${f1(s.cpuP90)})`],
  ['4x longer transcript: CPU ratio (medians)', '<=5x', (_m, _d, s) => `${f2(s.ratio)}x (${f1(s.base)} -> ${f1(s.x4)} ms)`],
];

export function printTable(results: { name: string; metrics: Metrics; deterministic: boolean; scaling: Speed }[]): void {
  const header = ['metric', 'target', ...results.map((r) => r.name)];
  const rowsDef: Row[] = results.some((r) => r.scaling.pipeline)
    ? [...ROWS, ['pipeline: median wall time of the 4 analysis steps', '', (m) => `${f1(m.cpuMedianMs)} ms (${f1(m.cpuP90Ms)})`]]
    : ROWS;
  const rows = rowsDef.map(([label, target, fn]) => [label, target, ...results.map((r) => fn(r.metrics, r.deterministic, r.scaling))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

export function printThemes(name: string, out: ProjectOutput, n: number): void {
  if (n <= 0) return;
  const evidence = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, e] as const)));
  const themes = [...out.themes].sort((a, b) => b.links.length - a.links.length || (a.name < b.name ? -1 : 1)).slice(0, n);
  console.log(`\nTop ${themes.length} themes in ${name} (units, interviews, one supporting quote):`);
  themes.forEach((t, i) => {
    const ivs = new Set(t.links.map((l) => l.interviewId)).size;
    // The quote: among the most confident links, the one closest to 20 words (reads well, says enough).
    const words = (s: string) => s.split(/\s+/).length;
    const best = [...t.links]
      .map((l) => ({ l, e: evidence.get(l.evidenceId)! }))
      .sort((a, b) => b.l.confidence - a.l.confidence || Math.abs(words(a.e.verbatim) - 20) - Math.abs(words(b.e.verbatim) - 20) || (a.e.key < b.e.key ? -1 : 1))[0];
    console.log(`${String(i + 1).padStart(2)}. ${t.name} — ${t.links.length} units, ${ivs} interviews`);
    if (best) console.log(`    "${best.e.verbatim}" (${best.l.interviewId})`);
  });
}

export function printPersonas(name: string, out: ProjectOutput): void {
  const counts = new Map<string, number>();
  for (const o of out.interviews) for (const p of o.personas) counts.set(p.name, (counts.get(p.name) ?? 0) + p.assignments.length);
  console.log(`\nPersonas in ${name} (participants assigned): ${[...counts].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ')}`);
}
