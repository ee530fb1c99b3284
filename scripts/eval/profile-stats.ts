// Tuning aid (creatives only): distribution of participants' facet shares (persona priors).
import { FACET_KINDS } from '../../src/domain/analysis.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset } from './dataset.js';
import { runProject } from './project.js';
const out = await runProject(new LocalAnalyzer(), loadDataset('creatives'), [{ id: 'x', text: 'x' }]);
const shares = out.interviews.map((o) => {
  const n = Math.max(1, o.evidence.length);
  return Object.fromEntries(FACET_KINDS.map((k) => [k, o.evidence.filter((e) => e.facets.some((f) => f.kind === k)).length / n]));
});
for (const k of FACET_KINDS) {
  const xs = shares.map((s) => s[k]!);
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  console.log(k, m.toFixed(3), sd.toFixed(3));
}
