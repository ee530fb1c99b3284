// Calibration of the answers' confidence (src/analyzers/local/answer-confidence.ts) on the TUNING
// labels only (creatives, founders): the share of linked units in each bin that come from a
// labelled answering turn, Laplace-smoothed ((k+1)/(n+2)); paste the printed table into
// RELEVANCE_BY_BIN.   tsx scripts/eval/calibrate-answers.ts
import { readFileSync } from 'node:fs';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { rankAnswers } from '../../src/analyzers/local/answers.js';
import { binOf, type Bin } from '../../src/analyzers/local/answer-confidence.js';
import { loadDataset, tuningSet } from './dataset.js';
import type { QuestionLabels } from './metrics.js';
import { runProject } from './project.js';

const counts = new Map<Bin, { k: number; n: number }>();
const perSet = new Map<string, { k: number; n: number }>();
function tally<K>(m: Map<K, { k: number; n: number }>, key: K, relevant: boolean): void {
  const c = m.get(key) ?? { k: 0, n: 0 };
  c.n++;
  if (relevant) c.k++;
  m.set(key, c);
}
// the sets with question labels; tuningSet refuses any evaluation set added here by mistake
for (const set of ['creatives', 'founders'].map(tuningSet)) {
  const qa = JSON.parse(readFileSync(`test/fixtures/labels/${set}-questions.json`, 'utf8')) as QuestionLabels;
  const ivs = loadDataset(set).filter((iv) => iv.id in qa.interviews);
  const out = await runProject(new LocalAnalyzer(), ivs, qa.questions);
  for (const o of out.interviews) {
    const iv = ivs.find((x) => x.id === o.interviewId)!;
    const ranked = rankAnswers({ interviewId: iv.id, projectId: 'p', utterances: iv.utterances, evidence: o.evidence, questions: out.questions });
    const byId = new Map(o.evidence.map((e) => [e.id, e.utteranceIdx]));
    ranked.forEach((r, qi) => {
      const turns = qa.interviews[iv.id]![qa.questions[qi]!.id]!;
      r.answer.evidenceIds.forEach((id, i) => {
        const bin = binOf(r.features[i]!);
        const relevant = turns.includes(byId.get(id)!);
        tally(counts, bin, relevant);
        tally(perSet, `${set} ${bin}`, relevant);
      });
    });
  }
}
for (const [bin, { k, n }] of [...counts].sort()) console.log(`  '${bin}': ${((k + 1) / (n + 2)).toFixed(2)},  // ${k}/${n} relevant`);
for (const [key, { k, n }] of [...perSet].sort()) console.log(`  ${key}: ${k}/${n}`);
