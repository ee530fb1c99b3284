import type { ProjectSynthesisView } from '../ports/synthesis-store.js';

export interface StudyReportOptions {
  /** Themes listed (by prevalence). Default 10. */
  themes?: number;
  /** Characters of a quote before it is clipped. Default 220. */
  quoteChars?: number;
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/**
 * The study-level report `process` and `synthesize` print: the research questions with their
 * study-level answers first (every sentence with its participant count and citations), then themes
 * by prevalence with one quote each, then personas with their members and a goal and pain.
 */
export function formatStudyReport(view: ProjectSynthesisView, opts: StudyReportOptions = {}): string {
  const q = opts.quoteChars ?? 220;
  const run = view.committedRun;
  const lines: string[] = [];
  if (!run) return `no synthesis of project ${view.projectId} yet${view.latestRun?.error ? ` (last attempt ${view.latestRun.status}: ${view.latestRun.error})` : ''}`;
  lines.push(`STUDY SYNTHESIS — ${run.interviews} interviews, ${run.evidence} participant evidence units (generation ${run.generation}, ${run.analyzer ?? 'analyzer'}${run.costUsd ? `, $${run.costUsd.toFixed(4)}` : ''})`);
  if (view.answers.length) lines.push('', 'RESEARCH QUESTIONS');
  view.answers.forEach((a, i) => {
    lines.push('', `${i + 1}. ${a.question}`, `   → ${a.summary}`);
    for (const s of a.sentences) lines.push(`   • ${clip(s.text, q + 80)} [${s.participants} participant${s.participants === 1 ? '' : 's'}; ${s.evidenceIds.length} cited]`);
  });
  const themes = view.themes.slice(0, opts.themes ?? 10);
  if (themes.length) lines.push('', `THEMES (by prevalence; ${themes.length} of ${view.themes.length})`);
  for (const t of themes) {
    const counter = t.evidence.filter((e) => e.role === 'counter').length;
    lines.push(`  • ${t.name} — ${t.participants} participants, ${t.interviews} interviews${counter ? `, ${counter} counter-evidence` : ''}`);
    if (t.quote) lines.push(`      "${clip(t.quote.verbatim, q)}"`);
  }
  if (view.personas.length) lines.push('', 'PERSONAS');
  for (const p of view.personas) {
    lines.push(`  • ${p.name} — ${p.members.length} participants: ${clip(p.description, 200)}`);
    if (p.goals[0]) lines.push(`      goal: "${clip(p.goals[0].text, q)}"`);
    if (p.pains[0]) lines.push(`      pain: "${clip(p.pains[0].text, q)}"`);
  }
  if (view.coverage) {
    lines.push('', `coverage: ${view.coverage.unthemed.length} of ${view.coverage.substantive} substantive evidence units are in no theme; `
      + `${view.coverage.unassigned.length} participants in no persona`);
  }
  return lines.join('\n');
}
