/**
 * A 100,000-character transcript (real creatives interviews joined) goes through the whole LLM
 * chain: evidence in overlapping batches (counted at the server), merged without duplicates or
 * lost fields, then insights, personas and answers. Prints calls/tokens/cost per step.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import type { StoredEvidence } from '../../src/domain/analysis.js';
import type { Utterance } from '../../src/domain/transcript.js';
import type { FakeLlmServer } from '../support/fake-openai.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { answerFromPrompt } from './support/fake-llm-brain.js';
import { analyzerFor, longTranscript, recordingContext, uuid } from './support/harness.js';

const EVIDENCE_MODEL = 'gpt-4o-mini';
const INSIGHTS_MODEL = 'gpt-4.1';

describe('a 100,000-character transcript', () => {
  let server: FakeLlmServer;
  let utterances: Utterance[];
  let textLength = 0;

  beforeAll(async () => {
    server = await startFakeOpenAI({ cachedTokens: 0 });
    const long = await longTranscript(100_000);
    utterances = long.utterances;
    textLength = long.text.length;
  });
  afterAll(async () => { await server.close(); });

  it('is extracted in overlapping batches, merged, and analysed; usage per step matches the server', async () => {
    expect(textLength).toBeGreaterThanOrEqual(100_000);
    const ref = (model: string) => ({ provider: 'main', model });
    const analyzer = analyzerFor('openai', server, EVIDENCE_MODEL, {
      models: { evidence: ref(EVIDENCE_MODEL), insights: ref(INSIGHTS_MODEL), personas: ref(INSIGHTS_MODEL), answers: ref(INSIGHTS_MODEL) },
    });
    const interviewId = uuid();
    const report: Record<string, unknown> = {};

    // evidence
    const evCtx = recordingContext();
    const proposed = await analyzer.extractEvidence({ interviewId, projectId: uuid(), utterances }, evCtx);
    const evRequests = server.requests.filter((r) => r.task === 'evidence');
    const { batches, limit } = await analyzer.evidenceBatches({ utterances });
    const expectedBatches = batches.length;
    expect(limit).toBe(6000); // the default batch size fits gpt-4o-mini's context
    expect(expectedBatches).toBeGreaterThanOrEqual(5);
    expect(evRequests).toHaveLength(expectedBatches);
    // the batch in the model's tokens, plus the rules and schema (well under 2,000 tokens)
    expect(evRequests.every((r) => countTokens(r.prompt) < limit + 2000)).toBe(true);
    expect(evCtx.progressLines.at(-1)).toBe(`evidence: batch ${expectedBatches}/${expectedBatches} done`);

    // Nothing duplicated by the overlap, nothing lost at the edges: every participant utterance
    // the fake quoted from appears once per quote, first and last included.
    const keys = proposed.map((p) => `${p.utteranceId}|${p.verbatim}`);
    expect(new Set(keys).size).toBe(keys.length);
    const summary = evCtx.usages.at(-1)!.details as Record<string, number>;
    expect(summary.batches).toBe(expectedBatches);
    expect(summary.duplicatesMerged).toBeGreaterThan(0);
    // Every quote the model gave in any batch survives the merge (by utterance), none twice.
    const sent = new Set(evRequests.flatMap((r) => (JSON.parse(/```json\n([\s\S]*?)\n```/.exec(answerFromPrompt(r.prompt, { trailingCommas: false }).text)![1]!) as { evidence: Array<{ utteranceId: string }> })
      .evidence.map((e) => e.utteranceId)));
    expect(new Set(proposed.map((p) => p.utteranceId))).toEqual(sent);
    const index = new Map(utterances.map((u) => [u.id, u.index]));
    const quoted = proposed.map((p) => index.get(p.utteranceId)).filter((i): i is number => i !== undefined);
    expect(Math.min(...quoted)).toBeLessThan(5);
    expect(Math.max(...quoted)).toBeGreaterThan(utterances.length - 10);
    expect(proposed.filter((p) => index.has(p.utteranceId)).every((p) => p.gist && p.facets.length > 0)).toBe(true);

    const anchored = anchorEvidence(interviewId, proposed, utterances);
    expect(anchored.units.length).toBeGreaterThan(50);
    report.evidence = { ...evCtx.total(), proposed: proposed.length, stored: anchored.units.length, repaired: anchored.repaired, dropped: anchored.dropped, batches: expectedBatches };
    expect(evCtx.total().inputTokens).toBe(evRequests.reduce((s, r) => s + r.usage.inputTokens, 0));

    // the other steps on the merged evidence
    const evidence: StoredEvidence[] = anchored.units.map((u) => ({ ...u, id: uuid(), personId: null }));
    const insCtx = recordingContext();
    const themes = await analyzer.generateInsights({ interviewId, projectId: uuid(), evidence, existingThemes: [] }, insCtx);
    expect(themes.length).toBeGreaterThan(0);
    expect(insCtx.total().model).toBe(INSIGHTS_MODEL);
    report.insights = insCtx.total();

    const people = [{ id: uuid(), name: 'User', role: 'participant' as const, speaker: 'User' }];
    const perCtx = recordingContext();
    const personas = await analyzer.assignPersonas({ interviewId, projectId: uuid(), people, evidence, existingPersonas: [] }, perCtx);
    expect(personas.length).toBe(1);
    report.personas = perCtx.total();

    const ansCtx = recordingContext();
    const questions = [{ id: uuid(), text: 'How do creatives use AI tools in their creative work?' }];
    const answers = await analyzer.attributeAnswers({ interviewId, projectId: uuid(), questions, evidence, utterances }, ansCtx);
    expect(answers).toHaveLength(1);
    report.answers = ansCtx.total();

    const all = [evCtx, insCtx, perCtx, ansCtx].map((c) => c.total());
    expect(all.reduce((s, t) => s + t.calls, 0)).toBe(server.requests.length);
    expect(all.reduce((s, t) => s + t.inputTokens + t.outputTokens, 0))
      .toBe(server.requests.reduce((s, r) => s + r.usage.inputTokens + r.usage.outputTokens, 0));
    console.log(`100k transcript (${textLength} chars, ${utterances.length} utterances):\n${JSON.stringify(report, null, 2)}`);
  });
});
