import type { InterviewSummaryFacts } from '../domain/report.js';

/** A short, factual summary of an analysed interview (no model involved). */
export function summarizeReport(f: InterviewSummaryFacts): string {
  const top = [...f.themes].sort((a, b) => b.evidence - a.evidence).slice(0, 3).map((t) => t.name);
  const parts = [
    `${f.evidence} evidence units from ${f.participants.join(', ') || 'no participant'}`,
    top.length ? `main themes: ${top.join('; ')}` : 'no themes',
    `${f.answered} of ${f.answers} research questions addressed`,
  ];
  return parts.join('. ') + '.';
}
