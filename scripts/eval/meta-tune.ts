// Tuning aid for the meta-talk rule (src/analyzers/local/meta-talk.ts), TUNING sets only: per set, how
// many participant sentences are dropped as talk about the interview and how many have a meta clause
// cut off; then a fixed sample of dropped/cut sentences and of kept near-misses (short sentences that
// mention questions, thanks, readiness...) to read by hand.
//   tsx scripts/eval/meta-tune.ts [--sample=40] [creatives,workforce,founders]
import { substanceSpan } from '../../src/analyzers/local/meta-talk.js';
import { sentences } from '../../src/analyzers/local/nlp.js';
import { loadDataset, tuningSet } from './dataset.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => a.startsWith('--sample='))?.slice(9) ?? 40);
const sets = (args.find((a) => !a.startsWith('--')) ?? 'creatives,workforce,founders').split(',').map(tuningSet);
/** Words that make a kept sentence a near-miss worth reading. */
const NEAR = /\b(?:questions?|interview|thanks?|thank you|sorry|ready|begin|start|answer|sense|covers?|else|go ahead|let'?s|sounds)\b/i;

const dropped: string[] = [];
const cut: string[] = [];
const near: string[] = [];
for (const set of sets) {
  let total = 0, drop = 0, trim = 0;
  for (const iv of loadDataset(set)) {
    for (const u of iv.utterances) {
      if (u.role !== 'participant') continue;
      for (const s of sentences(u.text)) {
        total++;
        const span = substanceSpan(s.text);
        const line = `${set}\t${s.text.replace(/\s+/g, ' ')}`;
        if (!span) { drop++; dropped.push(line); }
        else if (span[0] > 0 || span[1] < s.text.length) { trim++; cut.push(`${line}\t→ ${s.text.slice(...span)}`); }
        else if (s.text.split(/\s+/).length <= 20 && NEAR.test(s.text)) near.push(line);
      }
    }
  }
  console.log(`${set}: ${total} participant sentences, ${drop} dropped as meta-talk, ${trim} with a meta clause cut`);
}
/** Every k-th item: a fixed, spread-out sample (the same on every run). */
const every = (xs: string[], k: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / k)) === 0).slice(0, k);
console.log(`\n# dropped (${n} of ${dropped.length})`);
for (const l of every(dropped, n)) console.log(l);
console.log(`\n# cut (all ${cut.length})`);
for (const l of cut) console.log(l);
console.log(`\n# kept near-misses (${n} of ${near.length})`);
for (const l of every(near, n)) console.log(l);
