// Tuning aid (creatives only): labelled units whose predicted facets differ from the labels.
import { readFileSync } from 'node:fs';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset } from './dataset.js';
import type { FacetLabels } from './metrics.js';
import { runProject } from './project.js';
const labels = JSON.parse(readFileSync(process.env.LABELS ?? 'test/fixtures/labels/creatives-facets.json', 'utf8')) as FacetLabels;
const ids = new Set(labels.units.map((u) => u.interviewId));
const ivs = loadDataset('creatives').filter((iv) => ids.has(iv.id));
const out = await runProject(new LocalAnalyzer(), ivs, [{ id: 'x', text: 'x' }]);
const per: Record<string, { tp: number; fp: number; fn: number }> = {};
for (const l of labels.units) {
  const o = out.interviews.find((x) => x.interviewId === l.interviewId)!;
  const iv = ivs.find((x) => x.id === l.interviewId)!;
  const text = iv.utterances[l.utteranceIdx]!.text;
  const ls = text.indexOf(l.text);
  let best: { ov: number; f: { kind: string; value: string }[] } | null = null;
  for (const e of o.evidence) {
    if (e.utteranceIdx !== l.utteranceIdx) continue;
    const es = text.indexOf(e.verbatim);
    const ov = Math.min(ls + l.text.length, es + e.verbatim.length) - Math.max(ls, es);
    if (ov > 0 && (!best || ov > best.ov)) best = { ov, f: e.facets };
  }
  const pred = best?.f ?? [];
  const g = new Set<string>(l.facets);
  const fp = pred.filter((f) => !g.has(f.kind));
  const fn = [...g].filter((k) => !pred.some((f) => f.kind === k));
  for (const f of pred) { const p = (per[f.kind] ??= { tp: 0, fp: 0, fn: 0 }); if (g.has(f.kind)) p.tp++; else p.fp++; }
  for (const k of fn) (per[k] ??= { tp: 0, fp: 0, fn: 0 }).fn++;
  if (fp.length || fn.length) console.log(`${l.text}\n   FP: ${fp.map((f) => `${f.kind}(${f.value})`).join(', ')}   FN: ${fn.join(', ')}`);
}
console.log(per);
