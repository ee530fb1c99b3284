// Tuning aid for evidence left in no interview theme (issue 15), TUNING sets only. Runs the evidence and
// insights steps per interview (as the pipeline does: quotes through the verbatim guard) and says what the
// substantive units (>= 8 words) in no theme are: how many follow a themed unit in the same turn (what a
// context rule, "a unit continuing a thought joins its neighbour's theme", would take in), how many of
// those say no topic noun of their own, how many sit in a turn whose themed units are all in one theme.
// Then prints evenly spaced samples to read: context-rule candidates (theme <- previous unit || unit:
// does the unit alone fit the theme's name?) and unthemed units with the interviewer turn before them.
//   tsx scripts/eval/unthemed-context.ts [--sample=30] [creatives,workforce,founders]
import type { StoredEvidence } from '../../src/domain/analysis.js';
import { evidenceFor } from '../../src/analyzers/local/evidence.js';
import { themesFor } from '../../src/analyzers/local/themes.js';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { topicNouns } from '../../src/analyzers/local/semantic/topic-noun.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import { loadDataset, tuningSet } from './dataset.js';
import { stableUuid } from './project.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => a.startsWith('--sample='))?.slice(9) ?? 30);
const sets = (args.find((a) => !a.startsWith('--')) ?? 'creatives,workforce,founders').split(',').map(tuningSet);
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const clip = (s: string, k: number) => s.replace(/\s+/g, ' ').slice(0, k);
/** Every k-th item: a fixed, spread-out sample (the same on every run). */
const every = <T>(xs: T[], k: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / k)) === 0).slice(0, k);

for (const set of sets) {
  let sub = 0, out = 0, afterThemed = 0, bare = 0, oneTheme = 0;
  const candidates: string[] = [];
  const unthemed: string[] = [];
  for (const iv of loadDataset(set)) {
    const anchored = anchorEvidence(iv.id, evidenceFor(iv.utterances), iv.utterances);
    const units = anchored.units.map((u) => ({ ...u, id: stableUuid(set, iv.id, 'evidence', u.key), personId: stableUuid(set, iv.id, 'person', u.speaker) }));
    const stored: StoredEvidence[] = units.map(({ utteranceIdx: _i, ...rest }) => rest);
    const themeOf = new Map<string, string>();
    for (const t of themesFor(stored, [])) for (const l of t.evidence) themeOf.set(l.evidenceId, t.name);
    const turns = new Map<number, typeof units>();
    for (const u of units) turns.set(u.utteranceIdx, [...(turns.get(u.utteranceIdx) ?? []), u]);
    for (const [idx, turn] of turns) {
      turn.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
      const themes = new Set(turn.flatMap((u) => themeOf.get(u.id) ?? []));
      turn.forEach((u, i) => {
        if (words(u.verbatim) < 8) return;
        sub++;
        if (themeOf.has(u.id)) return;
        out++;
        const before = turn[i - 1];
        const theme = before && themeOf.get(before.id);
        if (themes.size === 1) oneTheme++;
        if (theme) {
          afterThemed++;
          if (topicNouns(tokens(u.verbatim)).length === 0) bare++;
          candidates.push(`${theme} <- ${clip(before.verbatim, 120)} || ${clip(u.verbatim, 200)}`);
        }
        const asked = iv.utterances.slice(0, idx).reverse().find((x) => x.role === 'interviewer')?.text ?? '';
        unthemed.push(`Q: ${clip(asked, 100)} || ${clip(u.verbatim, 220)}`);
      });
    }
  }
  const pct = (k: number) => `${k} (${((100 * k) / sub).toFixed(1)} points)`;
  console.log(`\n${set}: ${sub} substantive units, ${pct(out)} in no interview theme; of them after a themed unit in the same turn `
    + `${pct(afterThemed)}, of those saying no topic noun ${pct(bare)}; in a turn whose themed units share one theme ${pct(oneTheme)}`);
  console.log(`# context-rule candidates (${Math.min(n, candidates.length)} of ${candidates.length})`);
  every(candidates, n).forEach((l, i) => console.log(`[${i}] ${l}`));
  console.log(`# in no theme (${Math.min(n, unthemed.length)} of ${unthemed.length})`);
  every(unthemed, n).forEach((l, i) => console.log(`[${i}] ${l}`));
}
