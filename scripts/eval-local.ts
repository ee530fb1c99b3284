/**
 * `npm run eval:local`: measures the offline analyzer on the Anthropic Interviewer transcripts
 * (creatives = tuning set, scientists = held-out evaluation), one project per file.
 *
 * Default: calls the analyzer and the verbatim guard directly, interview after interview, with
 * themes, personas and project evidence accumulated as the pipeline does (scripts/eval/project.ts).
 * With `--db creatives=<projectId> --db scientists=<projectId>` (and DATABASE_URL) the quality rows
 * are read from a project processed by the real pipeline, e.g.
 *   interview-flow process creatives_transcripts.csv --questions q.txt --project <uuid>
 * (questions in the order of test/fixtures/labels/<file>-questions.json). Determinism and the 4x
 * scaling are always measured on the analyzer directly.
 * Other options: --only creatives|scientists, --themes N (list the N largest themes with a quote).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import { clearNlpCache } from '../src/analyzers/local/nlp.js';
import { loadDataset, type DatasetName, type Interview } from './eval/dataset.js';
import { loadProjectFromDatabase } from './eval/from-database.js';
import { computeMetrics, median, type FacetLabels, type Metrics, type QuestionLabels } from './eval/metrics.js';
import { runProject, type ProjectOutput } from './eval/project.js';
import { measureScaling } from './eval/speed.js';
import { fingerprint, printPersonas, printTable, printThemes, type Speed } from './eval/report.js';

const labelsDir = new URL('../test/fixtures/labels/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(name, labelsDir)), 'utf8')) as T;

const args = process.argv.slice(2);
const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const only = valueOf('--only') as DatasetName | undefined;
const themesToShow = Number(valueOf('--themes') ?? 10);
const dbProjects = new Map(args.flatMap((a, i) => (args[i - 1] === '--db' ? [a.split('=') as [string, string]] : [])));
const files: DatasetName[] = only ? [only] : ['creatives', 'scientists'];
if (dbProjects.size > 0 && !process.env.DATABASE_URL) throw new Error('--db needs DATABASE_URL');

const results: { name: string; metrics: Metrics; deterministic: boolean; scaling: Speed }[] = [];
const outputs = new Map<string, ProjectOutput>();
for (const name of files) {
  const dataset = loadDataset(name);
  const qa = readJson<QuestionLabels>(`${name}-questions.json`);
  const facets = readJson<FacetLabels>(`${name}-facets.json`);
  // Warm-up (model load, JIT) so CPU figures reflect steady-state work.
  await runProject(new LocalAnalyzer(), dataset.slice(0, 5), qa.questions, `warmup-${name}`);
  clearNlpCache();
  const direct = await runProject(new LocalAnalyzer(), dataset, qa.questions, name);
  const again = await runProject(new LocalAnalyzer(), dataset, qa.questions, name);
  const deterministic = fingerprint(direct) === fingerprint(again);
  let out = direct;
  let interviews: Interview[] = dataset;
  let label: string = name;
  const projectId = dbProjects.get(name);
  if (projectId) {
    ({ out, interviews } = await loadProjectFromDatabase(process.env.DATABASE_URL!, projectId));
    label = `${name} (pipeline)`;
  }
  outputs.set(label, out);
  const cpu = direct.interviews.map((o) => o.cpuMs).sort((a, b) => a - b);
  const scaling: Speed = {
    ...(await measureScaling(dataset, qa.questions)),
    cpuMedian: median(cpu),
    cpuP90: cpu[Math.min(cpu.length - 1, Math.floor(0.9 * cpu.length))] ?? 0,
    pipeline: projectId !== undefined,
  };
  results.push({ name: label, metrics: computeMetrics(out, interviews, facets, qa), deterministic, scaling });
}
printTable(results);
for (const [name, out] of outputs) {
  printThemes(name, out, themesToShow);
  printPersonas(name, out);
}
