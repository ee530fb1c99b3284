// Tuning aid (tuning sets only: creatives, founders): per question precision@5, status, and the
// wrongly linked units.   tsx scripts/eval/answers-diff.ts <set> [-v]
import { readFileSync } from 'node:fs';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset, tuningSet } from './dataset.js';
import type { QuestionLabels } from './metrics.js';
import { runProject } from './project.js';
const set = tuningSet(process.argv[2] ?? 'creatives');
const qa = JSON.parse(readFileSync(`test/fixtures/labels/${set}-questions.json`, 'utf8')) as QuestionLabels;
const ivs = loadDataset(set).filter((iv) => iv.id in qa.interviews);
const out = await runProject(new LocalAnalyzer(), ivs, qa.questions);
const verbose = process.argv.includes('-v');
let pSum = 0, pairs = 0, linkedPairs = 0, conf = 0, prec = 0, withLinks = 0;
qa.questions.forEach((q, qi) => {
  let sum = 0, n = 0; const st: string[] = [];
  for (const o of out.interviews) {
    const a = o.answers.find((x) => x.questionId === out.questions[qi]!.id)!;
    const turns = qa.interviews[o.interviewId]![q.id]!;
    const idx = a.evidenceIds.map((id) => o.evidence.find((e) => e.id === id)!);
    const good = idx.filter((e) => turns.includes(e.utteranceIdx)).length;
    if (turns.length > 0) { sum += idx.length ? good / idx.length : 0; n++; pairs++; pSum += idx.length ? good / idx.length : 0; if (a.status !== 'not_addressed') linkedPairs++; }
    if (idx.length) { withLinks++; conf += a.confidence; prec += good / idx.length; }
    st.push(`${turns.length ? '' : 'NA:'}${a.status[0]}${good}/${idx.length}@${a.confidence}`);
    if (verbose) for (const e of idx) console.log(`  ${q.id} ${o.interviewId} u${e.utteranceIdx} ${turns.includes(e.utteranceIdx) ? '✓' : '✗'} ${e.verbatim.slice(0, 110)}`);
  }
  console.log(q.id, n ? (sum / n).toFixed(2) : '—', st.join(' '));
});
console.log(`P@5 ${(pSum / pairs).toFixed(2)} (n=${pairs}), answered not reported not_addressed ${linkedPairs}/${pairs}, confidence ${(conf / withLinks).toFixed(2)} vs precision ${(prec / withLinks).toFixed(2)} (n=${withLinks})`);
