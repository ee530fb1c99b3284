// Tuning aid: facet precision / recall per facet on the labelled units of the TUNING sets only, from the
// evidence step alone (seconds, not the whole eval). `--diff` lists the units whose facets differ.
//   tsx scripts/eval/facet-tune.ts [--diff] [--facet=behavior] [--batch=2] [creatives,workforce,founders]
import { readFileSync } from 'node:fs';
import { evidenceFor } from '../../src/analyzers/local/evidence.js';
import { loadDataset, tuningSet } from './dataset.js';
import type { FacetLabels } from './metrics.js';

const args = process.argv.slice(2);
const diff = args.includes('--diff');
const only = args.find((a) => a.startsWith('--facet='))?.slice(8);
const batch = args.find((a) => a.startsWith('--batch='))?.slice(8);
const sets = (args.find((a) => !a.startsWith('--')) ?? 'creatives,workforce,founders').split(',').map(tuningSet);
for (const set of sets) {
  const all = JSON.parse(readFileSync(`test/fixtures/labels/${set}-facets.json`, 'utf8')) as FacetLabels;
  const labels = { units: all.units.filter((u) => !batch || String((u as { batch?: number }).batch ?? 1) === batch) };
  const ids = new Set(labels.units.map((u) => u.interviewId));
  const per: Record<string, { tp: number; fp: number; fn: number }> = {};
  let tp = 0, pred = 0, gold = 0;
  for (const iv of loadDataset(set).filter((x) => ids.has(x.id))) {
    const ev = evidenceFor(iv.utterances);
    const byUtt = new Map(iv.utterances.map((u) => [u.id, u.index]));
    for (const l of labels.units.filter((u) => u.interviewId === iv.id)) {
      const text = iv.utterances[l.utteranceIdx]!.text;
      const ls = text.indexOf(l.text);
      let best: { ov: number; f: { kind: string; value: string }[] } | null = null;
      for (const e of ev) {
        if (byUtt.get(e.utteranceId) !== l.utteranceIdx) continue;
        const es = text.indexOf(e.verbatim);
        const ov = Math.min(ls + l.text.length, es + e.verbatim.length) - Math.max(ls, es);
        if (ov > 0 && (!best || ov > best.ov)) best = { ov, f: e.facets };
      }
      const p = best?.f ?? [];
      const g = new Set<string>(l.facets);
      gold += g.size; pred += p.length;
      for (const f of p) { const c = (per[f.kind] ??= { tp: 0, fp: 0, fn: 0 }); if (g.has(f.kind)) { c.tp++; tp++; } else c.fp++; }
      const fn = [...g].filter((k) => !p.some((f) => f.kind === k));
      for (const k of fn) (per[k] ??= { tp: 0, fp: 0, fn: 0 }).fn++;
      const fp = p.filter((f) => !g.has(f.kind) && (!only || f.kind === only));
      if (only) fn.splice(0, fn.length, ...fn.filter((k) => k === only));
      if (diff && (fp.length || fn.length)) console.log(`${l.text}\n   FP: ${fp.map((f) => `${f.kind}(${f.value})`).join(', ')}   FN: ${fn.join(', ')}`);
    }
  }
  const r = (a: number, b: number) => (b ? (a / b).toFixed(2) : '-');
  console.log(`${set}: all P ${r(tp, pred)} R ${r(tp, gold)}  ` + Object.entries(per).sort().map(([k, c]) => `${k} P${r(c.tp, c.tp + c.fp)} R${r(c.tp, c.tp + c.fn)}`).join('  '));
}
