// Tuning aid (creatives only): a deterministic sample of the units linked to each theme.
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset } from './dataset.js';
import { runProject } from './project.js';
const out = await runProject(new LocalAnalyzer(), loadDataset('creatives').slice(0, 60), [{ id: 'x', text: 'x' }]);
const ev = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, e] as const)));
const per = Number(process.argv[2] ?? 4);
for (const t of out.themes.sort((a, b) => b.links.length - a.links.length)) {
  console.log(`\n## ${t.name} (${t.links.length})`);
  const step = Math.max(1, Math.floor(t.links.length / per));
  for (let i = 0; i < t.links.length && i / step < per; i += step) console.log(`  - [${t.links[i]!.confidence}] ${ev.get(t.links[i]!.evidenceId)!.verbatim.slice(0, 150)}`);
}
