// Samples (project theme, quote) pairs for theme-quote fit labelling, from the study-level synthesis:
//   tsx scripts/eval/theme-sample.ts <set> [themes=20] [quotes per theme=3] > pairs.jsonl
// The labeller judges each pair from its text (does the quote fit the theme's name?) and whether
// the theme name is one a researcher would write; results go to test/fixtures/labels/<set>-theme-fit.json.
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { loadDataset, type DatasetName } from './dataset.js';
import { runProject } from './project.js';
const [name, themesArg, perArg] = process.argv.slice(2) as [DatasetName, string?, string?];
const out = await runProject(new LocalAnalyzer(), loadDataset(name), []);
const ev = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, { e, iv: o.interviewId }] as const)));
const per = Number(perArg ?? 3);
const themes = [...out.synthesis!.themes].sort((a, b) => b.participants - a.participants || (a.name < b.name ? -1 : 1)).slice(0, Number(themesArg ?? 20));
for (const t of themes) {
  const sup = t.evidence.filter((x) => x.role === 'supporting');
  const step = sup.length / per;
  for (let i = 0; i < per && i < sup.length; i++) {
    const x = ev.get(sup[Math.floor(i * step)]!.evidenceId)!;
    console.log(JSON.stringify({ theme: t.name, evidenceKey: x.e.key, interviewId: x.iv, quote: x.e.verbatim }));
  }
}
