import type { AnalysisJobView, InterviewReport } from '../ports/store.js';

export function formatJob(job: AnalysisJobView): string {
  const lines = [
    `analysis job ${job.id} (interview ${job.interviewId})`,
    `status ${job.status}, run ${job.currentRun}, ${job.progress}%${job.currentStep ? `, at ${job.currentStep}` : ''}`,
  ];
  if (job.error) lines.push(`error: ${job.error}`);
  for (const s of job.steps.filter((x) => x.runNo === job.currentRun || x.status === 'completed')) {
    const cost = s.costUsd ? `, $${s.costUsd.toFixed(4)}` : '';
    lines.push(`  r${s.runNo} ${s.step.padEnd(10)} ${s.status.padEnd(9)} attempts ${s.attempts}`
      + `${s.durationMs !== null ? `, ${s.durationMs} ms` : ''}${cost}${s.error ? `, error: ${s.error}` : ''}`);
  }
  return lines.join('\n');
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * The per-interview part of the end-of-run report (after the study synthesis): counts, then the
 * interview-level themes found in the most interviews, with one supporting quote each.
 */
export function formatReport(reports: InterviewReport[], top = 8): string {
  const sum = (f: (r: InterviewReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  const themes = new Map<string, { name: string; statement: string; interviews: Set<string>; quote: string; count: number }>();
  for (const r of reports) {
    for (const i of r.insights) {
      const t = themes.get(i.id) ?? { name: i.name, statement: i.statement, interviews: new Set(), quote: '', count: 0 };
      t.interviews.add(r.id);
      t.count += i.evidence.length;
      const best = [...i.evidence].sort((a, b) => b.confidence - a.confidence)[0];
      if (!t.quote && best) t.quote = best.verbatim;
      themes.set(i.id, t);
    }
  }
  const lines = [
    `interviews: ${reports.length} (${reports.filter((r) => r.status === 'ready').length} ready)`,
    `evidence: ${sum((r) => r.evidence.length)}   insights: ${themes.size} themes (${sum((r) => r.insights.length)} interview links)`
      + `   personas: ${new Set(reports.flatMap((r) => r.personas.map((p) => p.id))).size}`
      + `   answers: ${sum((r) => r.answers.filter((a) => a.status !== 'not_addressed' && a.status !== 'planned').length)}/${sum((r) => r.answers.length)} addressed`,
  ];
  const ranked = [...themes.values()].sort((a, b) => b.interviews.size - a.interviews.size || b.count - a.count || a.name.localeCompare(b.name));
  if (ranked.length) lines.push('', 'per-interview themes (in the most interviews):');
  for (const t of ranked.slice(0, top)) {
    lines.push(`  • ${t.name} — ${t.interviews.size} interview(s), ${t.count} evidence`);
    if (t.quote) lines.push(`      "${clip(t.quote, 160)}"`);
  }
  return lines.join('\n');
}
