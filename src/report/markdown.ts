import type { Quote, ReportModel } from './model.js';
import { clock, duration } from './format-time.js';

/** Interview text must not turn into Markdown structure: escape the characters that would. */
function md(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/([\\`*_{}[\]<>#|!])/g, '\\$1').trim();
}

function quoteLine(q: Quote): string {
  const at = q.mediaHref ? `[${clock(q.startMs)}](${q.mediaHref}#t=${(q.startMs / 1000).toFixed(2)})` : clock(q.startMs);
  return `> “${md(q.verbatim)}”\n> — ${md(q.speaker)}, ${md(q.interviewTitle)}, ${at}\n`;
}

/** The same report as Markdown, for pasting into a document or a wiki. */
export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [
    `# ${md(m.title)}`, '',
    `Research report · ${m.interviewCount} interviews · ${m.participantCount} participants · generated ${m.generatedAt.slice(0, 16).replace('T', ' ')} UTC`, '',
    '## Research questions', '',
  ];
  if (!m.questions.length) out.push('No research questions were given.', '');
  m.questions.forEach((q, i) => {
    out.push(`### Q${i + 1}. ${md(q.text)}`, '', `**${md(q.summary)}**`, '');
    if (q.basis === 'synthesis') out.push(`_Study-level answer${q.status ? ` (${q.status})` : ''}: ${md(q.coverage ?? '')}_`, '');
    for (const p of q.parts) {
      if (p.text || q.basis === 'per-interview') out.push(`${p.label ? `**${md(p.label)}**${p.status ? ` (${p.status})` : ''}: ` : ''}${md(p.text) || '_no answer_'}`, '');
      for (const qt of p.quotes) out.push(quoteLine(qt));
    }
  });
  out.push('## Themes by prevalence', '', '| theme | interviews | participants |', '| --- | ---: | ---: |');
  for (const t of m.themes) out.push(`| ${md(t.name)} | ${t.interviews} | ${t.participants} |`);
  out.push('');
  for (const t of m.themes) {
    out.push(`### ${md(t.name)}`, '', md(t.statement), '');
    for (const qt of t.quotes) out.push(quoteLine(qt));
  }
  out.push('## Personas', '');
  if (!m.personas.length) out.push('No personas yet.', '');
  for (const p of m.personas) {
    out.push(`### ${md(p.name)}`, '', md(p.description), '', `Members: ${p.members.map((x) => `${md(x.name)} (${md(x.interviewTitle)})`).join(', ')}`, '');
    for (const [label, points] of [['Goals', p.goals], ['Pains', p.pains]] as const) {
      if (!points.length) continue;
      out.push(`**${label}**`, '');
      for (const pt of points) out.push(pt.quote ? quoteLine({ ...pt.quote, verbatim: pt.text }) : `> “${md(pt.text)}”\n`);
    }
  }
  out.push('## Interviews', '', '| interview | status | participants | length |', '| --- | --- | --- | --- |');
  for (const i of m.interviews) {
    out.push(`| ${md(i.title)} | ${i.status} | ${md(i.participants.join(', '))} | ${i.durationMs ? duration(i.durationMs) : '—'} |`);
  }
  return `${out.join('\n')}\n`;
}
