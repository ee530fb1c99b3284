// Tuning aid (tuning sets only): how well each signal of a participant turn picks the labelled
// answering turns of a free conversation. Per labelled pair with an answering turn: the expected
// share of labelled turns among those a signal ranks first (top-1, ties shared), and the AUC of
// labelled vs other turns; averaged over pairs. With answer-turns.ts ranking units by their turn,
// the top-1 turn decides most of P@5. `--combo=name=expression` adds a signal computed from the
// others (e.g. --combo=s=score+0.5*simTopic); `--stance-only` keeps questions with a stance.
//   tsx scripts/eval/answers-features.ts <set> [--combo=...] [--stance-only]
import { questionStance } from '../../src/analyzers/local/answer-stance.js';
import { frameWords, topicCoverage, topicWords, type WordBag } from '../../src/analyzers/local/answer-topic.js';
import { cosine, embedTokens } from '../../src/analyzers/local/semantic/embed.js';
import { answerSet } from './answers-cache.js';
import { freeConversations, turnScores } from './free-turns.js';

const args = process.argv.slice(2);
const combo = args.find((a) => a.startsWith('--combo='))?.slice(8);
const stanceOnly = args.includes('--stance-only');
const { qa, ivs, outputs, questions } = await answerSet(args.find((a) => !a.startsWith('--')) ?? 'founders');
const frame = frameWords(questions.map((q) => q.text));
type Row = Record<string, number>;
const perPair: Row[][] = [];
for (const c of freeConversations({ ivs, outputs })) {
  const { iv, guide, prompts, units, turns, byId } = c;
  const promptVector = new Map<string, Float32Array>();
  for (const g of guide) for (const id of g.answers) promptVector.set(id, g.vector);
  questions.forEach((q, qi) => {
    const labelled = qa.interviews[iv.id]![qa.questions[qi]!.id]!;
    const stance = questionStance(q.text);
    if (labelled.length === 0 || (stanceOnly && stance.size === 0)) return;
    const { topic, qv, scores } = turnScores(c, q.text, frame);
    const tv = embedTokens(topicWords(q.text).filter((t) => !frame.has(t.lemma))) ?? qv;
    // slots weighted by how few of the conversation's turns say them, and a slot-level BM25 of the turn
    const specific = topic.filter((sl) => !sl.frame);
    const weight = specific.map((sl) => Math.log((turns.size + 1) / ([...turns.values()].filter((t) => topicCoverage([sl], t.bag) > 0).length + 0.5)));
    const idfCoverage = (bag: WordBag) => { const all = weight.reduce((a, b) => a + b, 0); return all ? specific.reduce((a, sl, i) => a + (topicCoverage([sl], bag) > 0 ? weight[i]! : 0), 0) / all : 0; };
    const lengths = [...turns.values()].map((t) => t.bag.sequence.filter(Boolean).length);
    const meanLength = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const bm25 = (seq: string[]) => { const len = seq.filter(Boolean).length; return specific.reduce((a, sl, i) => { const tf = seq.filter((l) => sl.same.has(l)).length; return a + (weight[i]! * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / meanLength)); }, 0); };
    const rows: Row[] = [];
    for (const [id, t] of turns) {
      const us = units.filter((u) => u.utteranceId === id);
      const unitCoverage = us.map((u) => topicCoverage(topic, u.bag));
      const unitSim = us.map((u) => (u.vector ? cosine(qv, u.vector) : 0));
      const pv = promptVector.get(id);
      const prompt = prompts.get(id)?.bag;
      rows.push({
        good: labelled.includes(byId.get(id)!.index) ? 1 : 0,
        score: scores.get(id)!.score,
        exchange: scores.get(id)!.coverage,
        own: topicCoverage(topic, t.bag),
        prompt: prompt ? topicCoverage(topic, prompt) : 0,
        sim: t.vector ? cosine(qv, t.vector) : 0,
        simTopic: t.vector ? cosine(tv, t.vector) : 0,
        promptSim: pv ? cosine(qv, pv) : 0,
        maxUnitCoverage: Math.max(...unitCoverage),
        meanUnitCoverage: unitCoverage.reduce((a, b) => a + b, 0) / us.length,
        maxUnitSim: Math.max(...unitSim),
        meanUnitSim: unitSim.reduce((a, b) => a + b, 0) / us.length,
        idfOwn: idfCoverage(t.bag),
        bm25: bm25(t.bag.sequence),
        words: us.reduce((a, u) => a + u.words, 0),
        units: us.length,
        stanceShare: us.filter((u) => u.facets.some((f) => stance.has(f))).length / us.length,
      });
    }
    perPair.push(rows);
  });
}
if (combo) {
  const [name, expression] = combo.split('=') as [string, string];
  for (const rows of perPair) for (const r of rows) r[name] = Function(...Object.keys(r), `return ${expression}`)(...Object.values(r)) as number;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function auc(rows: Row[], f: string): number {
  const pos = rows.filter((r) => r.good), neg = rows.filter((r) => !r.good);
  let s = 0;
  for (const p of pos) for (const n of neg) s += p[f]! > n[f]! ? 1 : p[f]! === n[f]! ? 0.5 : 0;
  return pos.length && neg.length ? s / (pos.length * neg.length) : NaN;
}
function top1(rows: Row[], f: string): number {
  const best = Math.max(...rows.map((r) => r[f]!));
  const tied = rows.filter((r) => r[f] === best);
  return tied.filter((r) => r.good).length / tied.length;
}
console.log(`${perPair.length} pairs; labelled share of turns ${mean(perPair.map((rs) => rs.filter((r) => r.good).length / rs.length)).toFixed(3)} (top-1 by chance)`);
for (const f of Object.keys(perPair[0]![0]!).filter((k) => k !== 'good')) {
  console.log(`${f.padEnd(18)} AUC ${mean(perPair.map((r) => auc(r, f)).filter((x) => !Number.isNaN(x))).toFixed(3)}  top-1 ${mean(perPair.map((r) => top1(r, f))).toFixed(3)}`);
}
