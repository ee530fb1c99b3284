// Fast loop while tuning the study-level themes (TUNING sets only): runs the per-interview steps
// once, caches the synthesis input in the OS temp folder, then reruns only the synthesis.
//   tsx scripts/eval/theme-synth.ts <set> [themes=12] [quotes=2] [--refresh]
// Prints project theme count, spread, evidence (>= 8 words) in no project theme, synthesis time,
// and the largest themes with evenly spaced quotes. Prints no fit metric. Also says why evidence is
// in no project theme: in no interview code at all, or saying no concept any interview coded.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import { SynthesisInput } from '../../src/domain/synthesis.js';
import { loadDataset, type DatasetName } from './dataset.js';
import { conceptKey, mentions, stemmedUnit } from '../../src/analyzers/local/semantic/concept.js';
import { conceptOfName, conceptOfStatement } from '../../src/analyzers/local/semantic/name.js';
import { runProject, synthesisInput } from './project.js';

const args = process.argv.slice(2);
const refresh = args.includes('--refresh');
const [name, nThemes = '12', per = '2'] = args.filter((a) => !a.startsWith('--')) as [DatasetName, string?, string?];
const cache = join(tmpdir(), `interview-flow-synth-${name}.json`);
let input: SynthesisInput;
if (!refresh && existsSync(cache)) input = SynthesisInput.parse(JSON.parse(readFileSync(cache, 'utf8')));
else {
  const ds = loadDataset(name);
  const out = await runProject(new LocalAnalyzer(), ds, [], name);
  input = synthesisInput(name, ds, out);
  writeFileSync(cache, JSON.stringify(input));
}
const t0 = performance.now();
const syn = synthesizeLocal(input);
const ms = performance.now() - t0;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const inProject = new Set(syn.themes.flatMap((t) => t.evidence.map((e) => e.evidenceId)));
const sub = input.evidence.filter((e) => words(e.verbatim) >= 8);
const people = input.participants.length;
const sizes = syn.themes.map((t) => t.participants);
const left = sub.filter((e) => !inProject.has(e.id));
console.log(`${name}: ${input.interviews.length} interviews, ${people} participants; synthesis ${ms.toFixed(0)} ms; project themes ${syn.themes.length}; `
  + `unthemed ${((100 * left.length) / sub.length).toFixed(1)}%; <2: ${sizes.filter((s) => s < 2).length}, >=75%: ${sizes.filter((s) => s / people >= 0.75).length}`);
const coded = new Set(input.codes.flatMap((k) => k.evidenceIds));
const concepts = [...new Set(input.codes.flatMap((k) => { const s = conceptOfName(k.name) ?? conceptOfStatement(k.statement); return s ? [conceptKey(s)] : []; }))];
const saysNone = left.filter((e) => { const s = stemmedUnit(e); return !concepts.some((k) => mentions(s, k)); }).length;
console.log(`in no project theme: ${left.length}; of them in no interview code ${left.length - left.filter((e) => coded.has(e.id)).length}, `
  + `saying none of the ${concepts.length} concepts interviews coded ${saysNone}`);
const byId = new Map(input.evidence.map((e) => [e.id, e]));
const top = [...syn.themes].sort((a, b) => b.participants - a.participants || (a.name < b.name ? -1 : 1));
for (const t of top.slice(0, Number(nThemes))) {
  const sup = t.evidence.filter((x) => x.role === 'supporting');
  console.log(`\n## ${t.name} (${t.participants} participants, ${t.evidence.length} units)`);
  for (let i = 0; i < Math.min(Number(per), sup.length); i++) {
    console.log(`  - ${byId.get(sup[Math.floor((i * sup.length) / Number(per))]!.evidenceId)!.verbatim.slice(0, 200)}`);
  }
}
console.log(`\nall: ${top.map((t) => `${t.name} (${t.participants})`).join('; ')}`);
