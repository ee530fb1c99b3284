/**
 * The four BAML functions through the real BAML runtime against fake OpenAI and Anthropic
 * servers that answer like sloppy models (fenced JSON, trailing commas, a changed and an
 * invented quote, missing optional fields, invented ids).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import type { Person, StoredEvidence } from '../../src/domain/analysis.js';
import type { Utterance } from '../../src/domain/transcript.js';
import type { FakeLlmServer } from '../support/fake-openai.js';
import { INVENTED_QUOTE, INVENTED_UTTERANCE_ID } from './support/fake-llm-brain.js';
import { analyzerFor, interviewUtterances, PROVIDERS, recordingContext, uuid } from './support/harness.js';

const INSTRUCTIONS = 'Focus on how participants decide which AI tools to trust.';

describe.each(PROVIDERS)('baml analyzer against a fake $name server', ({ name, model, start }) => {
  let server: FakeLlmServer;
  let utterances: Utterance[];
  let evidence: StoredEvidence[];
  let people: Person[];

  beforeAll(async () => {
    server = await start();
    utterances = await interviewUtterances(3);
  });
  afterAll(async () => { await server.close(); });

  it('ExtractEvidence returns quotes that point at real utterance ids; the verbatim guard repairs the changed one and drops the invented one', async () => {
    const analyzer = analyzerFor(name, server, model);
    const ctx = recordingContext();
    const proposed = await analyzer.extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances, customInstructions: INSTRUCTIONS }, ctx);

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.task).toBe('evidence');
    expect(req.model).toBe(model);
    expect(req.prompt).toContain(INSTRUCTIONS);
    expect(req.prompt).toContain(`[${utterances[1]!.id}] `);

    const ids = new Set(utterances.map((u) => u.id));
    expect(proposed.length).toBeGreaterThan(3);
    // Every item the model sent was parsed (BAML alone reads some fenced answers as empty).
    expect(proposed).toHaveLength(req.items);
    // Everything the model said came through, including what the guard must deal with.
    expect(proposed.some((p) => p.verbatim === INVENTED_QUOTE)).toBe(true);
    expect(proposed.filter((p) => !ids.has(p.utteranceId)).map((p) => p.utteranceId)).toEqual([INVENTED_UTTERANCE_ID]);
    // Missing optional confidence -> schema default; facets mapped back to domain kinds.
    expect(proposed.every((p) => p.confidence >= 0 && p.confidence <= 1)).toBe(true);
    expect(proposed.flatMap((p) => p.facets).every((f) => f.kind === f.kind.toLowerCase())).toBe(true);

    const anchored = anchorEvidence(uuid(), proposed, utterances);
    expect(anchored.dropped).toBeGreaterThanOrEqual(1);
    expect(anchored.repaired).toBeGreaterThanOrEqual(1);
    expect(anchored.units.some((u) => u.verbatim === INVENTED_QUOTE)).toBe(false);
    for (const unit of anchored.units) {
      const source = utterances.find((u) => u.id === unit.utteranceId)!;
      expect(source.text).toContain(unit.verbatim);
    }

    const total = ctx.total();
    expect(total.calls).toBe(1);
    expect(total.model).toBe(model);
    expect(total.inputTokens).toBe(req.usage.inputTokens);
    expect(total.outputTokens).toBe(req.usage.outputTokens);
    expect(ctx.usages.at(-1)!.details).toMatchObject({ batches: 1, unknownUtteranceIds: 1 });

    evidence = anchored.units.map((u) => ({ ...u, id: uuid(), personId: null }));
    people = [
      { id: uuid(), name: 'Participant', role: 'participant', speaker: 'User' },
      { id: uuid(), name: 'Interviewer', role: 'interviewer', speaker: 'Assistant' },
    ];
  });

  it('GenerateInsights links themes only to evidence ids it was given', async () => {
    const analyzer = analyzerFor(name, server, model);
    const ctx = recordingContext();
    const existingTheme = { id: uuid(), name: 'Trust in AI output', statement: 'Creatives check AI output before using it.', inclusionCriteria: '' };
    const themes = await analyzer.generateInsights({
      interviewId: uuid(), projectId: uuid(), evidence, existingThemes: [existingTheme], customInstructions: INSTRUCTIONS,
    }, ctx);
    const req = server.requests.at(-1)!;
    expect(req.task).toBe('insights');
    expect(req.prompt).toContain(`[evidence ${evidence[0]!.id}]`);
    expect(req.prompt).toContain(INSTRUCTIONS);

    const known = new Set(evidence.map((e) => e.id));
    expect(themes).toHaveLength(req.items);
    expect(themes[0]!.name).toBe(existingTheme.name);
    for (const t of themes) {
      expect(t.evidence.length).toBeGreaterThan(0);
      for (const link of t.evidence) expect(known.has(link.evidenceId)).toBe(true);
    }
    // Not the cross product: each evidence unit is linked to the theme of its facet only.
    const links = themes.reduce((n, t) => n + t.evidence.length, 0);
    expect(links).toBeLessThanOrEqual(evidence.length);
    expect(ctx.usages.at(-1)!.details).toMatchObject({ unknownIdsDropped: 1 });
    expect(themes.some((t) => t.inclusionCriteria === '')).toBe(true); // the omitted optional field
  });

  it('AssignPersonas assigns only the participants it was given, with known evidence ids', async () => {
    const analyzer = analyzerFor(name, server, model);
    const ctx = recordingContext();
    const personas = await analyzer.assignPersonas({
      interviewId: uuid(), projectId: uuid(), people, evidence, existingPersonas: [],
    }, ctx);
    expect(server.requests.at(-1)!.task).toBe('personas');
    expect(personas).toHaveLength(1);
    const assignment = personas[0]!.assignments;
    expect(assignment.map((a) => a.personId)).toEqual([people[0]!.id]);
    const known = new Set(evidence.map((e) => e.id));
    expect(assignment[0]!.evidenceIds.length).toBeGreaterThan(0);
    expect(assignment[0]!.evidenceIds.every((id) => known.has(id))).toBe(true);
    // one invented evidence id and one invented person were removed
    expect(ctx.usages.at(-1)!.details).toMatchObject({ unknownIdsDropped: 2 });
  });

  it('AttributeAnswers answers every question once, by id, grounded in known evidence', async () => {
    const analyzer = analyzerFor(name, server, model);
    const ctx = recordingContext();
    const questions = [
      { id: uuid(), text: 'How do creatives use AI tools in their creative work?' },
      { id: uuid(), text: 'What worries them about AI and authenticity?' },
      { id: uuid(), text: 'Which spreadsheet formulas do they prefer for quarterly taxes?' },
    ];
    const answers = await analyzer.attributeAnswers({
      interviewId: uuid(), projectId: uuid(), questions, evidence, utterances,
    }, ctx);
    expect(server.requests.at(-1)!.task).toBe('answers');
    expect(answers.map((a) => a.questionId)).toEqual(questions.map((q) => q.id));
    const known = new Set(evidence.map((e) => e.id));
    for (const a of answers) {
      for (const id of a.evidenceIds) expect(known.has(id)).toBe(true);
      if (a.status === 'not_addressed') expect(a.evidenceIds).toEqual([]);
    }
    expect(answers[0]!.status).not.toBe('not_addressed');
    expect(ctx.usages.at(-1)!.details).toMatchObject({ unknownIdsDropped: 1, questionsNotAnswered: 0 });
  });
});
