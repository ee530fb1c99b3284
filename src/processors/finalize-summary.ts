import type { InterviewReport } from '../ports/store.js';

/** A short, factual summary of an analysed interview (no model involved). */
export function summarizeReport(r: InterviewReport): string {
  const participants = r.people.filter((p) => p.role === 'participant').map((p) => p.name);
  const top = [...r.insights].sort((a, b) => b.evidence.length - a.evidence.length).slice(0, 3).map((i) => i.name);
  const answered = r.answers.filter((a) => a.status === 'answered' || a.status === 'partially_answered').length;
  const parts = [
    `${r.evidence.length} evidence units from ${participants.join(', ') || 'no participant'}`,
    top.length ? `main themes: ${top.join('; ')}` : 'no themes',
    `${answered} of ${r.answers.length} research questions addressed`,
  ];
  return parts.join('. ') + '.';
}
