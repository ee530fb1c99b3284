// Tuning aid: caches a tuning set's synthesis input (tmpdir/persona-tune-<set>.json).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzerContext } from '../../src/ports/analyzer.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { LocalAnalyzer } from '../../src/analyzers/local/local-analyzer.js';
import { loadDataset, type DatasetName } from './dataset.js';
import { runProject } from './project.js';

for (const name of process.argv.slice(2) as DatasetName[]) {
  if (!['creatives', 'workforce', 'founders'].includes(name)) throw new Error('tuning sets only');
  let input: SynthesisInput | undefined;
  class Capture extends LocalAnalyzer {
    override async synthesize(i: SynthesisInput, ctx: AnalyzerContext) { input = i; return { themes: [], answers: [], personas: [], unassigned: [], coverage: { substantive: 0, unthemed: [] }, droppedCitations: 0 }; }
  }
  await runProject(new Capture(), loadDataset(name), [], name);
  writeFileSync(join(tmpdir(), `persona-tune-${name}.json`), JSON.stringify(input));
  console.log(name, input!.participants.length);
}
