// The evidence of a tuning set's interviews with answer labels, computed once through the project
// simulation and cached (tmpdir), so the answers step can be rerun alone in seconds
// (answers-tune.ts, calibrate-answers.ts). Tuning sets only (tuningSet refuses the others).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset, tuningSet, type Interview } from './dataset.js';
import type { QuestionLabels } from './metrics.js';
import { runProject, type InterviewOutput } from './project.js';

export interface AnswerSet { set: string; qa: QuestionLabels; ivs: Interview[]; outputs: InterviewOutput[]; questions: { id: string; text: string }[] }

export async function answerSet(name: string, fresh = false): Promise<AnswerSet> {
  const set = tuningSet(name);
  const qa = JSON.parse(readFileSync(`test/fixtures/labels/${set}-questions.json`, 'utf8')) as QuestionLabels;
  const ivs = loadDataset(set).filter((iv) => iv.id in qa.interviews);
  const cache = join(tmpdir(), `answers-tune-${set}.json`);
  if (existsSync(cache) && !fresh) {
    const { outputs, questions } = JSON.parse(readFileSync(cache, 'utf8')) as { outputs: InterviewOutput[]; questions: { id: string; text: string }[] };
    return { set, qa, ivs, outputs, questions };
  }
  const out = await runProject(new LocalAnalyzer(), ivs, qa.questions);
  writeFileSync(cache, JSON.stringify({ outputs: out.interviews, questions: out.questions }));
  return { set, qa, ivs, outputs: out.interviews, questions: out.questions };
}
