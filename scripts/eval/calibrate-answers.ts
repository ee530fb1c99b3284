// Calibration of the answers' confidence (src/analyzers/local/answer-confidence.ts) on the TUNING
// labels only (creatives, founders): the share of linked units per (structure, bin) that come from a
// labelled answering turn, Laplace-smoothed ((k+1)/(n+2)); paste the printed counts into TUNING_COUNTS.
// Each interview is ranked as routed and routed the other way (a guide by turn, a conversation
// anchored), so every cell an unseen study can reach has units. Then the ECE of the confidence as
// eval:local counts it, in sample and under leave-one-interview-out cross-validation (the table
// refitted without the held-out interview), for the routed answers and the other-way ones.
//   tsx scripts/eval/calibrate-answers.ts [--fresh]
import { rankAnswers, type Route } from '../../src/analyzers/local/answers.js';
import { binOf, cellRelevance, fittedRelevance, isFreeConversation, structureOf, type Bin, type CellCounts, type LinkedUnitFeatures, type Structure } from '../../src/analyzers/local/answer-confidence.js';
import { conversational, guideTurns } from '../../src/analyzers/local/answer-guide.js';
import { answerSet } from './answers-cache.js';
import { calibration } from './metrics.js';

interface LinkedUnit { set: string; interview: string; pair: string; routed: boolean; cell: `${Structure} ${Bin}`; relevant: boolean; top5: boolean }
const units: LinkedUnit[] = [];
const cellOf = (f: LinkedUnitFeatures): LinkedUnit['cell'] => `${structureOf(f)} ${binOf(f)}`;
for (const name of ['creatives', 'founders']) {
  const { set, qa, ivs, outputs, questions } = await answerSet(name, process.argv.includes('--fresh'));
  for (const o of outputs) {
    const iv = ivs.find((x) => x.id === o.interviewId)!;
    const free = isFreeConversation(guideTurns(iv.utterances).length, conversational(iv.utterances));
    const byId = new Map(o.evidence.map((e) => [e.id, e.utteranceIdx]));
    for (const route of ['anchored', 'by-turn'] as Route[]) {
      const routed = (route === 'by-turn') === free;
      const ranked = rankAnswers({ interviewId: iv.id, projectId: 'p', utterances: iv.utterances, evidence: o.evidence, questions }, route);
      ranked.forEach((r, qi) => {
        const turns = qa.interviews[iv.id]![qa.questions[qi]!.id]!;
        r.answer.evidenceIds.forEach((id, i) => units.push({
          set, interview: iv.id, pair: `${iv.id} ${qi}`, routed, cell: cellOf(r.features[i]!), relevant: turns.includes(byId.get(id)!), top5: i < 5,
        }));
      });
    }
  }
}

type Table = CellCounts;
function fit(train: LinkedUnit[]): Table {
  const t: Table = new Map();
  for (const u of train) {
    const c = t.get(u.cell) ?? { k: 0, n: 0 };
    c.n++;
    if (u.relevant) c.k++;
    t.set(u.cell, c);
  }
  return t;
}
/** A cell's probability as answerConfidence reads it (cellRelevance), from the table fitted on these counts. */
const fitted = new Map<Table, ReturnType<typeof fittedRelevance>>();
const fittedOf = (t: Table) => fitted.get(t) ?? fitted.set(t, fittedRelevance(t)).get(t)!;
function probability(t: Table, cell: LinkedUnit['cell']): number {
  const f = fittedOf(t);
  const [structure, bin] = cell.split(' ') as [Structure, Bin];
  return cellRelevance(f.table, f.prior, structure, bin);
}
/** Pair confidence (mean unit probability, rounded as answerConfidence does) vs precision of the top five. */
function pairs(test: LinkedUnit[], tableFor: (interview: string) => Table) {
  const byPair = new Map<string, LinkedUnit[]>();
  for (const u of test) byPair.set(u.pair, [...(byPair.get(u.pair) ?? []), u]);
  return [...byPair.values()].map((us) => {
    const t = tableFor(us[0]!.interview);
    const top = us.filter((u) => u.top5);
    return { confidence: Math.round((us.reduce((a, u) => a + probability(t, u.cell), 0) / us.length) * 100) / 100, precision: top.filter((u) => u.relevant).length / top.length };
  });
}

const all = fit(units);
console.log('TUNING_COUNTS (paste into answer-confidence.ts; RELEVANCE is their Laplace share):');
const allFit = fittedOf(all);
for (const [cell, { k, n }] of [...all].sort()) console.log(`  ['${cell}', { k: ${k}, n: ${n} }], // ${probability(all, cell).toFixed(2)}${units.some((u) => u.cell === cell && u.routed) ? '' : ' (other-way runs only)'}`);
for (const structure of ['guide', 'conversation'] as Structure[]) {
  const us = units.filter((u) => u.cell.startsWith(`${structure} `));
  console.log(`  ${structure} pooled: ${allFit.prior[structure].toFixed(2)}  // ${us.filter((u) => u.relevant).length}/${us.length}`);
}
const folds = new Map<string, Table>();
const loio = (interview: string) => folds.get(interview) ?? folds.set(interview, fit(units.filter((u) => u.interview !== interview))).get(interview)!;
const show = (label: string, test: LinkedUnit[]) => {
  const fmt = (c: ReturnType<typeof calibration>) => `ECE ${c.ece.toFixed(3)} (confidence ${c.meanConfidence.toFixed(2)} vs precision ${c.meanPrecision.toFixed(2)})`;
  console.log(`${label.padEnd(30)} n=${String(new Set(test.map((u) => u.pair)).size).padStart(3)}  in sample ${fmt(calibration(pairs(test, () => all)))}  leave-one-interview-out ${fmt(calibration(pairs(test, loio)))}`);
};
for (const set of ['creatives', 'founders']) {
  show(`${set} as routed`, units.filter((u) => u.set === set && u.routed));
  show(`${set} routed the other way`, units.filter((u) => u.set === set && !u.routed));
}
show('both as routed', units.filter((u) => u.routed));
// per cell, each unit's probability from the table fitted without its interview vs how often the
// cell's units are relevant: a cell whose held-out probability exceeds its share is overconfident
console.log('per cell, leave-one-interview-out probability vs share relevant (units), and the range of one interview\'s share:');
for (const cell of [...all.keys()].sort()) {
  const us = units.filter((u) => u.cell === cell);
  const held = us.reduce((a, u) => a + probability(loio(u.interview), cell), 0) / us.length;
  const share = us.filter((u) => u.relevant).length / us.length;
  // how far one interview's share strays from the cell's: a cell that is right on average only
  const per = [...new Set(us.map((u) => u.interview))].map((iv) => { const x = us.filter((u) => u.interview === iv); return x.filter((u) => u.relevant).length / x.length; });
  console.log(`  ${cell.padEnd(34)} ${held.toFixed(2)} vs ${share.toFixed(2)} (n=${us.length}, ${per.length} interviews, their shares ${Math.min(...per).toFixed(2)}-${Math.max(...per).toFixed(2)})${held - share > 0.1 ? '  OVERCONFIDENT' : ''}`);
}

// The table before structure was a feature (bins alone, fitted on the routed runs): how far off
// it is where the routing meets the other structure shows what the structure buys.
const binOnly = (us: LinkedUnit[]): LinkedUnit[] => us.map((u) => ({ ...u, cell: `guide ${u.cell.split(' ')[1] as Bin}` }));
const routedBins = binOnly(units.filter((u) => u.routed));
const binFolds = new Map<string, Table>();
const binLoio = (interview: string) => binFolds.get(interview) ?? binFolds.set(interview, fit(routedBins.filter((u) => u.interview !== interview))).get(interview)!;
console.log('bins alone, fitted on the routed runs:');
for (const set of ['creatives', 'founders']) for (const routed of [true, false]) {
  const c = calibration(pairs(binOnly(units.filter((u) => u.set === set && u.routed === routed)), binLoio));
  console.log(`  ${set} ${routed ? 'as routed' : 'routed the other way'}: leave-one-interview-out ECE ${c.ece.toFixed(3)} (confidence ${c.meanConfidence.toFixed(2)} vs precision ${c.meanPrecision.toFixed(2)})`);
}
