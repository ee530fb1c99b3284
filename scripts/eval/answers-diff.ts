// Tuning aid (creatives only): per question precision@5 and the wrongly linked units.
import { readFileSync } from 'node:fs';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset } from './dataset.js';
import type { QuestionLabels } from './metrics.js';
import { runProject } from './project.js';
const qa = JSON.parse(readFileSync('test/fixtures/labels/creatives-questions.json', 'utf8')) as QuestionLabels;
const ivs = loadDataset('creatives').filter((iv) => iv.id in qa.interviews);
const out = await runProject(new LocalAnalyzer(), ivs, qa.questions);
const verbose = process.argv.includes('-v');
qa.questions.forEach((q, qi) => {
  let sum = 0; const st: string[] = [];
  for (const o of out.interviews) {
    const a = o.answers.find((x) => x.questionId === out.questions[qi]!.id)!;
    const turns = qa.interviews[o.interviewId]![q.id]!;
    const idx = a.evidenceIds.map((id) => o.evidence.find((e) => e.id === id)!);
    const good = idx.filter((e) => turns.includes(e.utteranceIdx)).length;
    sum += idx.length ? good / idx.length : 0;
    st.push(`${a.status[0]}${good}/${idx.length}`);
    if (verbose) for (const e of idx) if (!turns.includes(e.utteranceIdx)) console.log(`  ${q.id} ${o.interviewId} u${e.utteranceIdx} ✗ ${e.verbatim.slice(0, 110)}`);
  }
  console.log(q.id, (sum / out.interviews.length).toFixed(2), st.join(' '));
});
