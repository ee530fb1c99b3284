// Tuning aid (tuning sets only): the study-level answers of a set's labelled questions, as the
// local synthesis writes them.   tsx scripts/eval/answers-study.ts <set>
import { readFileSync } from 'node:fs';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset, tuningSet } from './dataset.js';
import type { QuestionLabels } from './metrics.js';
import { runProject } from './project.js';
const set = tuningSet(process.argv[2] ?? 'creatives');
const qa = JSON.parse(readFileSync(`test/fixtures/labels/${set}-questions.json`, 'utf8')) as QuestionLabels;
const out = await runProject(new LocalAnalyzer(), loadDataset(set), qa.questions);
for (const a of out.synthesis?.answers ?? []) {
  console.log(`${out.questions.find((q) => q.id === a.questionId)?.text}\n  → ${a.summary}`);
  for (const s of a.sentences) console.log(`  • ${s.text}`);
}
