// Tuning aid (tuning sets only: creatives, founders): runs the evidence step of a set's labelled
// interviews once, caches it (tmpdir), then reruns only the answers step in seconds and prints
// P@5, answered pairs, status accuracy and confidence vs precision, as eval:local counts them.
//   tsx scripts/eval/answers-tune.ts <set> [--fresh] [-v: per pair, the linked turns] [--full: whole quotes]
import { rankAnswers } from '../../src/analyzers/local/answers.js';
import { binOf, structureOf } from '../../src/analyzers/local/answer-confidence.js';
import { answerSet } from './answers-cache.js';
import { calibration } from './metrics.js';

const verbose = process.argv.includes('-v');
const full = process.argv.includes('--full');
const { set, qa, ivs, outputs, questions } = await answerSet(process.argv[2] ?? 'founders', process.argv.includes('--fresh'));

let pSum = 0, pairs = 0, linkedPairs = 0, statusOk = 0, statusN = 0;
const calib: { confidence: number; precision: number }[] = [];
const bins = new Map<string, { k: number; n: number }>();
const t0 = performance.now();
for (const o of outputs) {
  const iv = ivs.find((x) => x.id === o.interviewId)!;
  const ranked = rankAnswers({ interviewId: iv.id, projectId: 'p', utterances: iv.utterances, evidence: o.evidence, questions });
  const byId = new Map(o.evidence.map((e) => [e.id, e]));
  ranked.forEach((r, qi) => {
    const qid = qa.questions[qi]!.id;
    const turns = qa.interviews[iv.id]![qid]!;
    const linked = r.answer.evidenceIds.slice(0, 5).map((id) => byId.get(id)!);
    const good = linked.filter((e) => turns.includes(e.utteranceIdx)).length;
    r.answer.evidenceIds.forEach((id, i) => {
      const cell = `${structureOf(r.features[i]!)} ${binOf(r.features[i]!)}`;
      const b = bins.get(cell) ?? { k: 0, n: 0 };
      b.n++;
      if (turns.includes(byId.get(id)!.utteranceIdx)) b.k++;
      bins.set(cell, b);
    });
    if (linked.length) calib.push({ confidence: r.answer.confidence, precision: good / linked.length });
    statusN++;
    if ((turns.length === 0) === (r.answer.status === 'not_addressed')) statusOk++;
    if (turns.length > 0) {
      pairs++;
      if (linked.length) pSum += good / linked.length;
      if (r.answer.status !== 'not_addressed') linkedPairs++;
    }
    if (verbose) {
      console.log(`${qid} ${iv.id} ${turns.length ? '' : 'NA '}${r.answer.status} ${good}/${linked.length} @${r.answer.confidence} labelled [${turns.join(',')}]`);
      for (const e of linked) console.log(`   u${e.utteranceIdx} ${turns.includes(e.utteranceIdx) ? '✓' : '✗'} ${(full ? e.verbatim : e.verbatim.slice(0, 120))}`);
    }
  });
}
const c = calibration(calib);
console.log(`${set}: P@5 ${(pSum / pairs).toFixed(2)} (n=${pairs}), answered ${linkedPairs}/${pairs}, status accuracy ${statusOk}/${statusN}, confidence ${c.meanConfidence.toFixed(2)} vs precision ${c.meanPrecision.toFixed(2)}, ECE ${c.ece.toFixed(2)} (n=${c.pairs}); answers step ${(performance.now() - t0).toFixed(0)} ms`);
for (const [b, { k, n }] of [...bins].sort()) console.log(`  '${b}': ${((k + 1) / (n + 2)).toFixed(2)}, // ${k}/${n} relevant`);
