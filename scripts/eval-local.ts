/**
 * `npm run eval:local`: measures the offline analyzer on the Anthropic Interviewer transcripts
 * (creatives = tuning set, scientists = held-out evaluation), one project per file, interviews in
 * order with themes, personas and evidence accumulated across the project as the pipeline does.
 * Prints the table for both files, the determinism check and the speed figures.
 * Options: --only creatives|scientists, --themes N (list the N largest themes with a quote).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import { loadDataset, type DatasetName } from './eval/dataset.js';
import { computeMetrics, type FacetLabels, type Metrics, type QuestionLabels } from './eval/metrics.js';
import { runProject, type ProjectOutput } from './eval/project.js';
import { measureScaling } from './eval/speed.js';
import { fingerprint, printPersonas, printTable, printThemes } from './eval/report.js';

const labelsDir = new URL('../test/fixtures/labels/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(name, labelsDir)), 'utf8')) as T;

const args = process.argv.slice(2);
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] as DatasetName) : undefined;
const themesToShow = args.includes('--themes') ? Number(args[args.indexOf('--themes') + 1]) : 10;
const files: DatasetName[] = only ? [only] : ['creatives', 'scientists'];

const results: { name: DatasetName; metrics: Metrics; deterministic: boolean; scaling: { base: number; x4: number } }[] = [];
const outputs = new Map<DatasetName, ProjectOutput>();
for (const name of files) {
  const interviews = loadDataset(name);
  const qa = readJson<QuestionLabels>(`${name}-questions.json`);
  const facets = readJson<FacetLabels>(`${name}-facets.json`);
  // Warm-up (model load, JIT) so CPU figures reflect steady-state work.
  await runProject(new LocalAnalyzer(), interviews.slice(0, 5), qa.questions, `warmup-${name}`);
  const out = await runProject(new LocalAnalyzer(), interviews, qa.questions, name);
  const again = await runProject(new LocalAnalyzer(), interviews, qa.questions, name);
  const deterministic = fingerprint(out) === fingerprint(again);
  outputs.set(name, out);
  results.push({ name, metrics: computeMetrics(out, interviews, facets, qa), deterministic, scaling: await measureScaling(interviews, qa.questions) });
}
printTable(results);
for (const [name, out] of outputs) {
  printThemes(name, out, themesToShow);
  printPersonas(name, out);
}
