/**
 * Study-level synthesis benchmark (issue #16): a project of `BENCH_SYNTHESIS_INTERVIEWS` (default
 * 1,000) interviews, about 30 participant evidence units each, synthesised with the local
 * analyzer, timed and measured (peak RSS) in a child process that does only the synthesis, as a
 * `synthesize` job would: open a run, read the compact input in one call, synthesise, check the
 * citations, commit. The project is built by running distinct real interviews through the real
 * pipeline (local analyzer), then copying their rows in SQL (bench/lib/seed-project.ts).
 *
 * Runs alone: `npx tsx bench/synthesis.ts` (Redis and Postgres as for the tests); bench/run.ts
 * calls `synthesisBench()` for its `synthesis` section. Targets: <= 10 s and <= 500 MB RSS.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTranscriptCsv } from '../src/transcript-formats/index.js';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import { loadConfig } from '../src/config/index.js';
import { openStore } from '../src/store/index.js';
import { SynthesisOutput } from '../src/domain/synthesis.js';
import { enforceCitations } from '../src/processors/synthesis-citations.js';
import { openPipeline, withClient } from './lib/pipeline-harness.js';
import { seedProjectCopies, REMAP_FUNCTION } from './lib/seed-project.js';

export interface SynthesisFigures {
  interviews: number;
  evidence: number;
  themes: number;
  personas: number;
  /** Wall time of the synthesis (read, synthesise, commit) and of its parts. */
  ms: number;
  readMs: number;
  synthesizeMs: number;
  commitMs: number;
  peakRssBytes: number;
}

const here = fileURLToPath(import.meta.url);

/** Builds the project, then synthesises it in a child process and returns what it measured. */
export async function synthesisBench(opts: { redisUrl: string; interviews?: number; distinct: string[]; questions: string[] }): Promise<SynthesisFigures> {
  const total = opts.interviews ?? 1000;
  const template = opts.distinct.slice(0, 10);
  const p = await openPipeline({ analyzer: new LocalAnalyzer(), concurrency: 10, redisUrl: opts.redisUrl, questions: opts.questions });
  try {
    await p.runBatch(template);
    await withClient(p.dbUrl, async (c) => {
      await c.query(REMAP_FUNCTION);
      await seedProjectCopies(c, p.config.defaultProjectId, Math.ceil(total / template.length) - 1);
    });
    return await runChild(p.dbUrl, p.config.defaultProjectId);
  } finally {
    await p.close();
  }
}

function runChild(dbUrl: string, projectId: string): Promise<SynthesisFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here, '--child', dbUrl, projectId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as SynthesisFigures) : reject(new Error(`synthesis child exited ${code}: ${out}`))));
  });
}

/** The child: one synthesis of the project, as the synthesize job does it. */
async function child(dbUrl: string, projectId: string): Promise<void> {
  const { store } = await openStore(loadConfig({ DATABASE_URL: dbUrl }).database);
  const analyzer = new LocalAnalyzer();
  const ctx = { signal: new AbortController().signal, recordUsage: () => {}, progress: async () => {} };
  const t0 = performance.now();
  const run = await store.beginSynthesis(projectId, { bullJobId: 'bench', trigger: 'manual', analyzer: analyzer.name });
  const input = await store.loadSynthesisInput(projectId);
  const t1 = performance.now();
  const output = enforceCitations(input, SynthesisOutput.parse(await analyzer.synthesize(input, ctx)));
  const t2 = performance.now();
  await store.commitSynthesis(run.runId, { ...output, stats: { interviews: input.interviews.length, evidence: input.evidence.length } });
  const t3 = performance.now();
  await store.close();
  const figures: SynthesisFigures = {
    interviews: input.interviews.length, evidence: input.evidence.length, themes: output.themes.length, personas: output.personas.length,
    ms: t3 - t0, readMs: t1 - t0, synthesizeMs: t2 - t1, commitMs: t3 - t2,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  console.log(JSON.stringify(figures));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!);
  process.exit(0);
} else if (process.argv[1] === here) {
  const csv = fileURLToPath(new URL('../test/fixtures/synthesis/creatives-20.csv', import.meta.url));
  const shared = fileURLToPath(new URL('../../shared/data/anthropic-interviewer/creatives_transcripts.csv', import.meta.url));
  const distinct = parseTranscriptCsv(readFileSync(existsSync(shared) ? shared : csv, 'utf8')).map((r) => r.text);
  const questions = readFileSync(fileURLToPath(new URL('../examples/questions.txt', import.meta.url)), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const f = await synthesisBench({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', interviews: Number(process.env.BENCH_SYNTHESIS_INTERVIEWS ?? 1000), distinct, questions });
  const mb = f.peakRssBytes / 1024 / 1024;
  console.log(`synthesis of ${f.interviews} interviews (${f.evidence} participant evidence units, local analyzer): ${(f.ms / 1000).toFixed(2)} s `
    + `(read ${(f.readMs / 1000).toFixed(2)} s, synthesise ${(f.synthesizeMs / 1000).toFixed(2)} s, commit ${(f.commitMs / 1000).toFixed(2)} s) `
    + `[target <= 10 s: ${f.ms <= 10_000 ? 'met' : 'NOT met'}]; peak RSS ${mb.toFixed(0)} MB [target <= 500 MB: ${mb <= 500 ? 'met' : 'NOT met'}]; `
    + `${f.themes} themes, ${f.personas} personas`);
  process.exit(0);
}
