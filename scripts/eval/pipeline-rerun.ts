// Run-to-run differences through the real pipeline: compares two projects that processed the same
// interviews (e.g. `interview-flow process file.csv --project A` then `--project B`), by content,
// not by database ids:   DATABASE_URL=... tsx scripts/eval/pipeline-rerun.ts <projectA> <projectB>
import { loadProjectFromDatabase } from './from-database.js';
import type { ProjectOutput } from './project.js';

function canonical(out: ProjectOutput): Map<string, string> {
  // Evidence keys hash the interview's database id, so units are compared by position and text.
  const keyOf = new Map(out.interviews.flatMap((o) => o.evidence.map((e) => [e.id, `${o.interviewId}/${e.startMs}/${e.verbatim}`] as const)));
  const qText = new Map(out.questions.map((q) => [q.id, q.text]));
  const m = new Map<string, string>();
  for (const o of out.interviews) {
    m.set(`${o.interviewId} evidence`, JSON.stringify(o.evidence.map((e) => [e.verbatim, e.gist, e.facets, e.startMs, e.endMs, e.confidence])));
    m.set(`${o.interviewId} answers`, JSON.stringify(o.answers.map((a) => [qText.get(a.questionId), a.status, a.answer, a.evidenceIds.map((id) => keyOf.get(id)).sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])))));
  }
  for (const t of out.themes) m.set(`theme ${t.name}`, JSON.stringify(t.links.map((l) => keyOf.get(l.evidenceId)).sort()));
  return m;
}

const [a, b] = process.argv.slice(2);
if (!a || !b || !process.env.DATABASE_URL) {
  console.error('usage: DATABASE_URL=... tsx scripts/eval/pipeline-rerun.ts <projectA> <projectB>');
  process.exit(2);
}
const x = canonical((await loadProjectFromDatabase(process.env.DATABASE_URL, a)).out);
const y = canonical((await loadProjectFromDatabase(process.env.DATABASE_URL, b)).out);
const keys = [...new Set([...x.keys(), ...y.keys()])].sort();
const diff = keys.filter((k) => x.get(k) !== y.get(k));
console.log(`${keys.length} compared items (per-interview evidence and answers, themes with their evidence); ${diff.length} differ`);
for (const k of diff.slice(0, 20)) console.log(`  differs: ${k}`);

if (process.env.SHOW_DIFF) for (const k of diff.slice(0, 3)) console.log(k, '\n A', x.get(k)?.slice(0, 600), '\n B', y.get(k)?.slice(0, 600));
process.exit(diff.length === 0 ? 0 : 1);
