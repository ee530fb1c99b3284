/**
 * `npm run eval:local`: measures the offline analyzer on every data set (issue 15).
 * Tuning sets: creatives, workforce, founders. Evaluation sets (never tuned on): scientists, afk.
 * Data come from INTERVIEW_DATA_DIR (default: shared/data beside the repository); a set whose file
 * is absent is skipped with a message. Labels are in test/fixtures/labels/ (see LABELLING.md).
 *
 * Each set runs as one project through scripts/eval/project.ts (the pipeline's steps and commits,
 * simulated in process, then the study-level synthesis). Determinism: the same run again, and the
 * interviews in reverse order (per-interview outputs compared). With `--db <set>=<projectId>` (and
 * DATABASE_URL) quality rows are read from a project the real pipeline processed instead.
 * Options: --only a,b  --themes N (list the N largest project themes with a quote)  --scaling
 *          --pairs DIR (write theme-quote pairs to label, see LABELLING.md)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import { clearNlpCache } from '../src/analyzers/local/nlp.js';
import { DATA_DIR, DATASETS, KNOWN_INTERVIEWERS, datasetAvailable, datasetPath, loadDataset, type DatasetName, type Interview } from './eval/dataset.js';
import { loadProjectFromDatabase } from './eval/from-database.js';
import { computeMetrics, median, type FacetLabels, type Metrics, type QuestionLabels } from './eval/metrics.js';
import { runProject, type ProjectOutput } from './eval/project.js';
import { computeQuality, samplePairs, type Quality, type ThemeFitLabels } from './eval/quality.js';
import { measureScaling } from './eval/speed.js';
import { fingerprint, interviewFingerprints, printProjectThemes, printQualityTable, type SetResult } from './eval/report.js';
import { computePersonaQuality, printPersonas, type PersonaQuality } from './eval/personas.js';

const labelsDir = new URL('../test/fixtures/labels/', import.meta.url);
function readLabels<T>(name: string): T | null {
  const p = fileURLToPath(new URL(name, labelsDir));
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as T) : null;
}
const codebookNames = new Set((JSON.parse(readFileSync(fileURLToPath(new URL('../examples/codebooks/ai-at-work.json', import.meta.url)), 'utf8')) as { codes: { name: string }[] })
  .codes.map((c) => c.name.toLowerCase()));

const args = process.argv.slice(2);
const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const sets = (valueOf('--only')?.split(',') ?? Object.keys(DATASETS)) as DatasetName[];
const themesToShow = Number(valueOf('--themes') ?? 10);
const dbProjects = new Map(args.flatMap((a, i) => (args[i - 1] === '--db' ? [a.split('=') as [string, string]] : [])));
if (dbProjects.size > 0 && !process.env.DATABASE_URL) throw new Error('--db needs DATABASE_URL');


const results: SetResult[] = [];
const outputs: [string, ProjectOutput][] = [];
for (const name of sets) {
  if (!datasetAvailable(name)) {
    console.log(`skipping ${name}: ${datasetPath(name)} not found (set INTERVIEW_DATA_DIR; now ${DATA_DIR})`);
    continue;
  }
  const dataset = loadDataset(name);
  const qa = readLabels<QuestionLabels>(`${name}-questions.json`);
  const facets = readLabels<FacetLabels>(`${name}-facets.json`);
  const fit = readLabels<ThemeFitLabels>(`${name}-theme-fit.json`);
  const questions = qa?.questions ?? [];
  // Warm-up (model and word vectors load, JIT) so CPU figures reflect steady-state work.
  await runProject(new LocalAnalyzer(), dataset.slice(0, 3), questions, `warmup-${name}`);
  clearNlpCache();
  const direct = await runProject(new LocalAnalyzer(), dataset, questions, name);
  const again = await runProject(new LocalAnalyzer(), dataset, questions, name);
  const reversed = await runProject(new LocalAnalyzer(), [...dataset].reverse(), questions, name);
  const a = interviewFingerprints(direct);
  const b = interviewFingerprints(reversed);
  const reorderSame = [...a].filter(([id, h]) => b.get(id) === h).length;
  let out = direct;
  let interviews: Interview[] = dataset;
  let label: string = name;
  const projectId = dbProjects.get(name);
  if (projectId) {
    ({ out, interviews } = await loadProjectFromDatabase(process.env.DATABASE_URL!, projectId));
    label = `${name} (pipeline)`;
  }
  outputs.push([label, out]);
  // CPU per 10 minutes of interview (timings are estimated from words when a transcript has none).
  const durations = new Map(dataset.map((iv) => [iv.id, Math.max(60_000, iv.utterances.at(-1)?.endMs ?? 0)]));
  const per10 = direct.interviews.map((o) => (o.cpuMs * 600_000) / durations.get(o.interviewId)!).sort((x, y) => x - y);
  const metrics = computeMetrics(out, interviews, facets ?? { units: [] }, qa ?? { questions: [], interviews: {} });
  const quality = computeQuality(out, interviews, KNOWN_INTERVIEWERS[name], facets, qa, fit, codebookNames);
  const r: SetResult = {
    name: label, use: DATASETS[name].use, metrics, quality, personas: computePersonaQuality(out), rerunSame: fingerprint(direct) === fingerprint(again),
    reorderSame, interviews: dataset.length, cpuPer10Min: median(per10), cpuPer10MinP90: per10[Math.floor(0.9 * (per10.length - 1))] ?? 0,
  };
  if (args.includes('--scaling')) r.scaling = await measureScaling(dataset, questions);
  results.push(r);
}
printQualityTable(results);
// --pairs DIR: (project theme, quote) pairs to label for theme-quote fit, 3 per theme of the 20 largest.
const pairsDir = valueOf('--pairs');
if (pairsDir) for (const [name, out] of outputs) writeFileSync(join(pairsDir, `${name.split(' ')[0]}-pairs.jsonl`), samplePairs(out, 20, 3).map((p) => JSON.stringify(p)).join('\n') + '\n');
for (const [name, out] of outputs) printProjectThemes(name, out, themesToShow);
if (!args.includes('--no-personas')) for (const [name, out] of outputs) printPersonas(name, out);
