// Tuning aid (tuning sets only): for each question and interview, the interviewer turns closest to
// asking it (cosine, topic coverage) and how many of their replies are labelled as answering it.
//   tsx scripts/eval/answers-guide.ts <set> [questionId] [interviewId]
import { readFileSync } from 'node:fs';
import { askScores, guideTurns } from '../../src/analyzers/local/answer-guide.js';
import { frameWords, topicOver, vocabularyOf, wordBag } from '../../src/analyzers/local/answer-topic.js';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { isContent } from '../../src/analyzers/local/semantic/embed.js';
import { loadDataset, tuningSet } from './dataset.js';
import type { QuestionLabels } from './metrics.js';
const set = tuningSet(process.argv[2] ?? 'founders');
const qa = JSON.parse(readFileSync(`test/fixtures/labels/${set}-questions.json`, 'utf8')) as QuestionLabels;
const onlyQ = process.argv[3], onlyIv = process.argv[4];
const frame = frameWords(qa.questions.map((q) => q.text));
for (const iv of loadDataset(set).filter((x) => x.id in qa.interviews && (!onlyIv || x.id === onlyIv))) {
  const guide = guideTurns(iv.utterances);
  const byId = new Map(iv.utterances.map((u) => [u.id, u]));
  const vocabulary = vocabularyOf([...iv.utterances.map((u) => wordBag(tokens(u.text).filter(isContent)))]);
  for (const q of qa.questions.filter((x) => !onlyQ || x.id === onlyQ)) {
    const turns = qa.interviews[iv.id]![q.id]!;
    const topic = topicOver(q.text, vocabulary, frame);
    const asks = askScores(q.text, topic, guide);
    const rows = guide.map((g, i) => ({ g, ...asks[i]!, good: g.answers.filter((id) => turns.includes(byId.get(id)!.index)).length }))
      .filter((r) => r.cos >= 0.5 || r.good > 0).sort((a, b) => b.coverage - a.coverage || b.cos - a.cos).slice(0, 8);
    console.log(`== ${q.id} ${iv.id} labelled ${JSON.stringify(turns)} topic ${topic.map((s) => (s.frame ? '(frame)' : '') + [...s.same, ...s.phrases.map((p) => p.join(' '))].join('|')).join(', ')}`);
    for (const r of rows) {
      const text = byId.get(iv.utterances.find((u) => u.index === r.g.index)!.id)!.text.replace(/\s+/g, ' ');
      console.log(`  t${r.g.index} cos ${r.cos.toFixed(2)} cov ${r.coverage.toFixed(2)} good ${r.good}/${r.g.answers.length} ${text.slice(-150)}`);
    }
  }
}
