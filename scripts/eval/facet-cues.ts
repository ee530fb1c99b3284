// Tuning aid: for one facet's lexicon, how often each cue that matches a labelled unit of the TUNING sets is right
// (the unit has that facet) or wrong, per set, most wrong first. A cue is counted wherever it matches, even where
// another cue or rule (negation, solving, quoted speech) decides the unit, so it shows which words mislead, not
// the tagger's own precision (that is facet-tune.ts).
//   tsx scripts/eval/facet-cues.ts <pain|gain|goal|workflow|emotion|value|context> [--batch=2]
import { readFileSync } from 'node:fs';
import { CueMatcher, textView } from '../../src/analyzers/local/cues.js';
import { evidenceFor } from '../../src/analyzers/local/evidence.js';
import { FACET_CUES } from '../../src/analyzers/local/facet-lexicon.js';
import { sentences } from '../../src/analyzers/local/nlp.js';
import { loadDataset, tuningSet } from './dataset.js';
import type { FacetLabels } from './metrics.js';

const kind = process.argv[2] as keyof typeof FACET_CUES;
if (!(kind in FACET_CUES)) {
  console.error(`usage: facet-cues.ts <${Object.keys(FACET_CUES).join('|')}> [--batch=N]`);
  process.exit(2);
}
const batch = process.argv.find((a) => a.startsWith('--batch='))?.slice(8);
const SETS = ['creatives', 'workforce', 'founders'] as const;
const matchers = FACET_CUES[kind].map((c) => [c, new CueMatcher([c])] as const);
const stats = new Map<string, number[]>(); // per cue: right, wrong for each set in SETS order
SETS.forEach((name, si) => {
  const set = tuningSet(name);
  const all = JSON.parse(readFileSync(`test/fixtures/labels/${set}-facets.json`, 'utf8')) as FacetLabels;
  const units = all.units.filter((u) => !batch || String((u as { batch?: number }).batch ?? 1) === batch);
  const ids = new Set(units.map((u) => u.interviewId));
  for (const iv of loadDataset(set).filter((x) => ids.has(x.id))) {
    const ev = evidenceFor(iv.utterances);
    const byUtt = new Map(iv.utterances.map((u) => [u.id, u.index]));
    for (const l of units.filter((u) => u.interviewId === iv.id)) {
      // the evidence unit overlapping the labelled text most, as facet-tune.ts matches them
      const text = iv.utterances[l.utteranceIdx]!.text;
      const ls = text.indexOf(l.text);
      let best: { ov: number; verbatim: string } | null = null;
      for (const e of ev) {
        if (byUtt.get(e.utteranceId) !== l.utteranceIdx) continue;
        const es = text.indexOf(e.verbatim);
        const ov = Math.min(ls + l.text.length, es + e.verbatim.length) - Math.max(ls, es);
        if (ov > 0 && (!best || ov > best.ov)) best = { ov, verbatim: e.verbatim };
      }
      if (!best) continue;
      const tokens = sentences(best.verbatim).flatMap((s) => s.tokens);
      const view = textView(best.verbatim, tokens);
      for (const [cue, m] of matchers) {
        if (!m.first(view)) continue;
        const s = stats.get(cue) ?? SETS.flatMap(() => [0, 0]);
        s[si * 2 + ((l.facets as string[]).includes(kind) ? 0 : 1)]!++;
        stats.set(cue, s);
      }
    }
  }
});
const wrong = (s: number[]) => s.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0);
console.log(`${kind} cue`.padEnd(24) + SETS.map((s) => `${s} right/wrong`.padEnd(24)).join(''));
for (const [cue, s] of [...stats].sort((a, b) => wrong(b[1]) - wrong(a[1]) || (a[0] < b[0] ? -1 : 1))) {
  console.log(cue.padEnd(24) + SETS.map((_, i) => `${s[i * 2]}/${s[i * 2 + 1]}`.padEnd(24)).join(''));
}
