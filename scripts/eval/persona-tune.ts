// Tuning aid (tuning sets only): runs a set once, caches its synthesis input, prints the personas.
// npx tsx scripts/eval/persona-tune.ts creatives [--fresh] [--weights meaning,themes,facets]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzerContext } from '../../src/ports/analyzer.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { LocalAnalyzer } from '../../src/analyzers/local/local-analyzer.js';
import { canonicalize } from '../../src/analyzers/local/synthesis/canon.js';
import { buildPersonas } from '../../src/analyzers/local/synthesis/personas.js';
import { buildThemes } from '../../src/analyzers/local/synthesis/themes.js';
import { loadDataset, tuningSet } from './dataset.js';
import { runProject } from './project.js';

const name = tuningSet(process.argv[2] ?? '');
const cache = join(tmpdir(), `persona-tune-${name}.json`);
let input: SynthesisInput | undefined;
if (existsSync(cache) && !process.argv.includes('--fresh')) input = JSON.parse(readFileSync(cache, 'utf8')) as SynthesisInput;
else {
  class Capture extends LocalAnalyzer {
    override async synthesize(i: SynthesisInput, ctx: AnalyzerContext) { input = i; return super.synthesize(i, ctx); }
  }
  await runProject(new Capture(), loadDataset(name), [], name);
  writeFileSync(cache, JSON.stringify(input));
}
const c = canonicalize(input!);
const t0 = performance.now();
const built = buildThemes(c);
const t1 = performance.now();
const w = process.argv.includes('--weights') ? process.argv[process.argv.indexOf('--weights') + 1]!.split(',').map(Number) : [];
const { personas, unassigned } = buildPersonas(c, { features: { meaning: w[0], themes: w[1], facets: w[2] } }, built);
const t2 = performance.now();
const byId = c.evidenceById;
console.log(`${name}: ${c.participants.length} participants, ${personas.length} personas, ${unassigned.length} unassigned; themes ${(t1 - t0).toFixed(0)} ms, personas ${(t2 - t1).toFixed(0)} ms`);
for (const p of personas) {
  console.log(`\n## ${p.name} (${p.members.length})\n  ${p.description}`);
  for (const g of p.goals) console.log(`  goal: ${g.text}`);
  for (const g of p.pains) console.log(`  pain: ${g.text}`);
  for (const m of p.members.slice(0, 3)) console.log(`  member ${c.participantById.get(m.personId)?.key}: ${m.reason} | ${byId.get(m.evidenceIds[0] ?? '')?.verbatim.slice(0, 120) ?? ''}`);
}
