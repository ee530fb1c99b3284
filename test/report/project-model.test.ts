import { describe, expect, it } from 'vitest';
import { projectModel } from '../../src/report/project-model.js';
import { renderProjectReport } from '../../src/report/html/project-page.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { ProjectReport } from '../../src/domain/report.js';
import type { ProjectSynthesisView } from '../../src/ports/synthesis-store.js';

/**
 * Which answers the report's "Research questions" show: the latest committed synthesis'
 * study-level answer with the quotes its sentences cite; a question the synthesis has not
 * answered (asked later) falls back to each interview's answer; no committed synthesis: every
 * question per interview.
 */

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [P, I1, I2, Q1, Q2, E1, E2, E3] = [1, 2, 3, 4, 5, 6, 7, 8].map(id) as [string, string, string, string, string, string, string, string];

const evidence = (eid: string, interviewId: string, verbatim: string, startMs: number) => ({
  id: eid, interviewId, personId: null, speaker: 'User', personName: null, verbatim, gist: '', startMs, endMs: startMs + 1000, confidence: 0.9,
});

const report: ProjectReport = {
  id: P, accountId: id(99), name: 'Study', createdAt: '2026-11-30T00:00:00Z',
  interviews: [I1, I2].map((i, n) => ({
    id: i, title: `Interview ${n + 1}`, status: 'ready', durationMs: 60_000, createdAt: '2026-11-30T00:00:00Z',
    hasMedia: false, analysisJobId: null, jobStatus: 'completed', participants: ['User'],
  })),
  questions: [
    { id: Q1, text: 'Which tools?', answers: [
      { interviewId: I1, status: 'answered', answer: 'per-interview answer one', confidence: 0.8, evidenceIds: [E1] },
      { interviewId: I2, status: 'answered', answer: 'per-interview answer two', confidence: 0.7, evidenceIds: [E2] },
    ] },
    { id: Q2, text: 'Asked after the synthesis?', answers: [
      { interviewId: I1, status: 'partially_answered', answer: 'only interview one', confidence: 0.5, evidenceIds: [E1] },
    ] },
  ],
  themes: [],
  personas: [],
  evidence: [evidence(E1, I1, 'I use Figma daily.', 5000), evidence(E2, I2, 'Mostly Sketch, sometimes Figma.', 9000)],
};

const synthesis: ProjectSynthesisView = {
  projectId: P, projectName: 'Study',
  committedRun: { id: id(50), generation: 2, status: 'completed' } as ProjectSynthesisView['committedRun'],
  latestRun: null, coverage: null, themes: [], personas: [],
  answers: [{
    id: id(60), questionId: Q1, question: 'Which tools?', status: 'answered',
    summary: '2 of 2 participants name a design tool',
    sentences: [{ text: 'Both use Figma, one mostly Sketch.', evidenceIds: [E1, E3], participants: 2 }],
    participantsSupporting: 2, participantsTotal: 2, interviewsAddressed: 2, interviewsTotal: 2, interviewAnswerIds: [],
    // E3 is cited by the synthesis but not in the per-interview list: shown from the citation
    citations: [{ evidenceId: E3, interviewId: I2, speaker: 'User', verbatim: 'Figma for handoff.', startMs: 12_000, endMs: 13_000 }],
  }],
};

const links = { media: () => null, interview: (i: string) => `/i/${i}` };

describe('the report\'s research questions', () => {
  it('show the synthesis\' study-level answer with the quotes it cites, not the per-interview answers', () => {
    const m = projectModel(report, { links }, synthesis);
    expect(m.basis).toBe('synthesis');
    const [q1, q2] = m.questions;
    expect(q1).toMatchObject({ basis: 'synthesis', status: 'answered', summary: '2 of 2 participants name a design tool', coverage: '2 of 2 participants · 2 of 2 interviews' });
    expect(q1!.parts).toHaveLength(1);
    expect(q1!.parts[0]!.text).toBe('Both use Figma, one mostly Sketch.');
    expect(q1!.parts[0]!.quotes.map((q) => [q.evidenceId, q.verbatim, q.interviewTitle])).toEqual([
      [E1, 'I use Figma daily.', 'Interview 1'], [E3, 'Figma for handoff.', 'Interview 2'],
    ]);
    const html = renderProjectReport(m);
    expect(html).toContain('Both use Figma, one mostly Sketch.');
    expect(html).not.toContain('per-interview answer one');
    expect(renderMarkdown(m)).toContain('_Study-level answer (answered): 2 of 2 participants · 2 of 2 interviews_');
    // a question the synthesis has not answered yet: each interview's answer
    expect(q2).toMatchObject({ basis: 'per-interview', summary: 'Answered in 0 of 1 interview, partially in 1.' });
    expect(q2!.parts[0]).toMatchObject({ label: 'Interview 1', text: 'only interview one' });
  });

  it('fall back to each interview\'s answer when no synthesis has committed', () => {
    const m = projectModel(report, { links }, { ...synthesis, committedRun: null });
    expect(m.basis).toBe('per-interview');
    expect(m.questions[0]!.parts.map((p) => p.text)).toEqual(['per-interview answer one', 'per-interview answer two']);
    expect(renderProjectReport(m)).toContain('no study-level synthesis yet');
  });
});

describe('the report\'s personas', () => {
  const perInterview: ProjectReport = {
    ...report,
    personas: [{
      id: id(70), name: 'Problem-focused participant', description: 'per-interview persona', goals: [], pains: [],
      members: [{ personId: id(71), name: 'User', interviewId: I1, evidenceIds: [E1] }],
    }],
  };
  const study: ProjectSynthesisView = {
    ...synthesis,
    personas: [{
      id: id(80), name: 'Designers: Figma and Sketch', description: '2 participants who talk more than the others about Figma and Sketch.',
      goals: [{ text: 'I use Figma daily.', evidenceId: E1 }], pains: [],
      members: [
        { personId: id(81), name: 'Ana', interviewId: I1, reason: 'says "figma" like this persona', evidenceIds: [E1] },
        { personId: id(82), name: 'Bo', interviewId: I2, reason: 'says "sketch" like this persona', evidenceIds: [E2] },
      ],
    }],
  };

  it('are the study-level personas once a synthesis has committed, with each member\'s reason', () => {
    const m = projectModel(perInterview, { links }, study);
    expect(m.personas.map((p) => p.name)).toEqual(['Designers: Figma and Sketch']);
    expect(m.personas[0]!.goals[0]).toMatchObject({ text: 'I use Figma daily.', quote: { evidenceId: E1, interviewTitle: 'Interview 1' } });
    expect(m.personas[0]!.members.map((x) => [x.name, x.interviewTitle, x.reason])).toEqual([
      ['Ana', 'Interview 1', 'says "figma" like this persona'], ['Bo', 'Interview 2', 'says "sketch" like this persona'],
    ]);
    const html = renderProjectReport(m);
    expect(html).toContain('title="says &quot;figma&quot; like this persona"');
    expect(html).not.toContain('Problem-focused participant');
  });

  it('are the per-interview personas before any synthesis has committed', () => {
    const m = projectModel(perInterview, { links }, { ...study, committedRun: null });
    expect(m.personas.map((p) => p.name)).toEqual(['Problem-focused participant']);
  });
});

describe('the report\'s themes', () => {
  const perInterview: ProjectReport = {
    ...report,
    themes: [{ id: id(90), name: 'Per-interview theme', statement: 'merged by name', interviewCount: 1, participantCount: 1, evidenceIds: [E1] }],
  };
  const study: ProjectSynthesisView = {
    ...synthesis,
    themes: [{
      id: id(91), name: 'Design tools', statement: 'Participants work in Figma or Sketch.', interviews: 2, participants: 2,
      // the theme's quote (E3) is not in the per-interview list: shown from the synthesis' own quote
      quote: { evidenceId: E3, interviewId: I2, speaker: 'User', verbatim: 'Figma for handoff.', startMs: 12_000, endMs: 13_000 },
      codes: ['figma'], evidence: [{ evidenceId: E3, role: 'supporting' }, { evidenceId: E1, role: 'supporting' }, { evidenceId: E2, role: 'counter' }],
    }],
  };

  it('are the study-level themes once a synthesis has committed: its quote first, then its supporting evidence', () => {
    const m = projectModel(perInterview, { links }, study);
    expect(m.themes.map((t) => [t.name, t.interviews, t.participants])).toEqual([['Design tools', 2, 2]]);
    expect(m.themes[0]!.quotes.map((q) => q.verbatim)).toEqual(['Figma for handoff.', 'I use Figma daily.']);
    expect(renderMarkdown(m)).not.toContain('Per-interview theme');
  });

  it('are the per-interview themes before any synthesis has committed', () => {
    const m = projectModel(perInterview, { links }, { ...study, committedRun: null });
    expect(m.themes.map((t) => t.name)).toEqual(['Per-interview theme']);
  });
});
