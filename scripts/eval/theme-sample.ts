// Quick look at a set's themes while tuning (one run, no determinism passes):
//   tsx scripts/eval/theme-sample.ts <set> [themes=15] [quotes=3] [interviews=all]
// Prints the largest project themes with evenly spaced supporting quotes (what fit labels judge),
// evidence left in no interview / project theme, and the per-interview theme names of two interviews.
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset, type DatasetName } from './dataset.js';
import { runProject } from './project.js';
import { samplePairs } from './quality.js';

const [name, nThemes = '15', per = '3', limit] = process.argv.slice(2) as [DatasetName, string?, string?, string?];
const ds = loadDataset(name).slice(0, limit ? Number(limit) : undefined);
const t0 = Date.now();
const out = await runProject(new LocalAnalyzer(), ds, [], name);
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const inTheme = new Set(out.themes.flatMap((t) => t.links.map((l) => l.evidenceId)));
const inProject = new Set((out.synthesis?.themes ?? []).flatMap((t) => t.evidence.map((e) => e.evidenceId)));
const sub = out.interviews.flatMap((o) => o.evidence).filter((e) => words(e.verbatim) >= 8);
const pct = (k: number) => `${((100 * k) / sub.length).toFixed(1)}%`;
console.log(`${ds.length} interviews in ${Date.now() - t0} ms; project themes ${out.synthesis?.themes.length}; `
  + `unthemed: interview ${pct(sub.filter((e) => !inTheme.has(e.id)).length)}, project ${pct(sub.filter((e) => !inProject.has(e.id)).length)}`);
const people = new Set(out.interviews.flatMap((o) => o.evidence.map((e) => e.personId))).size;
const sizes = (out.synthesis?.themes ?? []).map((t) => t.participants);
console.log(`participants ${people}; themes <2: ${sizes.filter((s) => s < 2).length}, >=75%: ${sizes.filter((s) => s / people >= 0.75).length}`);
let last = '';
for (const p of samplePairs(out, Number(nThemes), Number(per))) {
  if (p.theme !== last) {
    const t = out.synthesis!.themes.find((x) => x.name === p.theme)!;
    console.log(`\n## ${p.theme} (${t.participants} participants, ${t.evidence.length} units)`);
    last = p.theme;
  }
  console.log(`  - ${p.quote.slice(0, 220)}`);
}
for (const iv of out.interviews.slice(0, 2)) {
  console.log(`\n${iv.interviewId}: ${(out.codes?.get(iv.interviewId) ?? []).map((t) => `${t.name} (${t.evidence.length})`).join('; ')}`);
}
