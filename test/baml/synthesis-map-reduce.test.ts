/**
 * Study-level synthesis with the real BAML runtime against the fake OpenAI and Anthropic servers
 * (which answer from the prompt content): a 200-interview project is synthesised by map-reduce
 * within a small context, every prompt fits, invented ids are dropped and counted, counts come
 * from the links, and usage is recorded per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { SynthesisOutput, type SynthesisInput } from '../../src/domain/synthesis.js';
import { enforceCitations } from '../../src/processors/synthesis-citations.js';
import type { FakeLlmServer } from '../support/fake-openai.js';
import { shuffled, synthesisInput } from '../support/synthesis-input.js';
import { PROVIDERS, analyzerFor, recordingContext } from './support/harness.js';

const CONTEXT = 8192;

function checkCounts(input: SynthesisInput, out: SynthesisOutput) {
  const byId = new Map(input.evidence.map((e) => [e.id, e]));
  const people = (ids: string[]) => new Set(ids.map((id) => byId.get(id)!.personId)).size;
  for (const t of out.themes) {
    const supporting = t.evidence.filter((e) => e.role === 'supporting').map((e) => e.evidenceId);
    for (const id of t.evidence.map((e) => e.evidenceId)) expect(byId.has(id)).toBe(true);
    expect(t.participants).toBe(people(supporting));
    expect(t.interviews).toBe(new Set(supporting.map((id) => byId.get(id)!.interviewId)).size);
    expect(t.participants).toBeGreaterThanOrEqual(2);
  }
  for (const a of out.answers) {
    for (const s of a.sentences) {
      expect(s.evidenceIds.length).toBeGreaterThan(0);
      for (const id of s.evidenceIds) expect(byId.has(id)).toBe(true);
      expect(s.participants).toBe(people(s.evidenceIds));
      expect(s.text).toContain(`${s.participants} of ${input.participants.length} participants`);
    }
  }
  const participants = new Set(input.participants.map((p) => p.personId));
  const seen = new Set<string>();
  for (const p of out.personas) {
    expect(p.members.length).toBeGreaterThanOrEqual(2);
    const members = new Set(p.members.map((m) => m.personId));
    for (const m of p.members) {
      expect(participants.has(m.personId)).toBe(true);
      expect(seen.has(m.personId)).toBe(false);
      seen.add(m.personId);
      expect(m.reason.length).toBeGreaterThan(0);
    }
    for (const q of [...p.goals, ...p.pains]) {
      const e = byId.get(q.evidenceId)!;
      expect(q.text).toBe(e.verbatim); // the whole quote
      expect(members.has(e.personId)).toBe(true);
    }
  }
  for (const id of out.unassigned) expect(seen.has(id)).toBe(false);
  expect(seen.size + out.unassigned.length).toBe(input.participants.length);
}

describe.each(PROVIDERS)('LLM synthesis by map-reduce ($name)', ({ name, model, start }) => {
  let server: FakeLlmServer;
  beforeAll(async () => { server = await start(); });
  afterAll(async () => { await server?.close(); });

  it('a 200-interview project: several map calls and a reduce per part, no prompt over the context, invented ids dropped and counted', async () => {
    const input = synthesisInput({ interviews: 200, unitsPerParticipant: 12 });
    const analyzer = analyzerFor(name, server, model, { contextTokens: CONTEXT });
    const ctx = recordingContext();
    server.requests.length = 0;
    const started = Date.now();
    const out = SynthesisOutput.parse(await analyzer.synthesize(input, ctx));
    const elapsed = Date.now() - started;

    const tasks = (t: string) => server.requests.filter((r) => r.task === t).length;
    expect(tasks('consolidate-themes')).toBeGreaterThan(2);
    expect(tasks('merge-themes')).toBeGreaterThanOrEqual(1);
    expect(tasks('answer-question')).toBeGreaterThan(2);
    expect(tasks('merge-answer')).toBeGreaterThanOrEqual(1);
    expect(tasks('cluster-personas')).toBeGreaterThan(2);
    expect(tasks('merge-personas')).toBeGreaterThanOrEqual(1);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
    // every prompt, as the provider received it, within the configured context (o200k counts;
    // the Anthropic count is an approximation the analyzer scales up by 15%, so it holds there too)
    const largest = Math.max(...server.requests.map((r) => countTokens(r.prompt)));
    expect(largest).toBeLessThanOrEqual(CONTEXT);
    expect(largest).toBeGreaterThan(CONTEXT / 4); // batches are filled, not one item per call

    // the fake invents ids in every call: all were dropped and counted
    expect(out.droppedCitations).toBeGreaterThanOrEqual(server.requests.length);
    const checked = enforceCitations(input, out);
    expect(checked.droppedCitations).toBe(out.droppedCitations); // nothing invented got through
    expect(checked.themes.length).toBe(out.themes.length);
    expect(checked.personas.length).toBe(out.personas.length);
    checkCounts(input, out);

    // themes: the five topics of the study, merged across batches
    expect(out.themes.map((t) => t.name).sort()).toEqual(['Learning new tools', 'Publishing pressure', 'Sharing results with colleagues', 'Slow data cleaning', 'Trust in automated checks']);
    expect(out.themes[0]!.interviews).toBeGreaterThan(50);
    // answers: two answered across the study, the third thin
    expect(out.answers.map((a) => a.status)).toEqual(['answered', 'answered', 'not_enough_evidence']);
    expect(out.answers[2]!.summary).toBe(`not enough evidence: 1 of ${input.participants.length} participants spoke to this`);
    expect(out.answers[0]!.sentences.length).toBeGreaterThan(0);
    // personas: clustered across batches, merged by the reduce
    expect(out.personas.length).toBeGreaterThan(0);
    expect(out.personas[0]!.members.length).toBeGreaterThan(20);

    // usage: one record per call, summing to what the server reported
    const total = ctx.total();
    expect(total.calls).toBe(server.requests.length);
    const reported = server.totals();
    expect(total.inputTokens).toBe(reported.inputTokens);
    expect(total.outputTokens).toBe(reported.outputTokens);
    expect(total.costUsd).toBeGreaterThan(0);
    const details = ctx.usages.at(-1)!.details as Record<string, unknown>;
    expect(details.droppedCitations).toBe(out.droppedCitations);
    expect(details.largestPromptTokens).toBeLessThanOrEqual(details.promptTokenLimit as number);
    console.log(`${name}: ${server.requests.length} calls (${JSON.stringify(details.parts)}), largest prompt ${largest} tokens of ${CONTEXT}, ${out.droppedCitations} invented ids dropped, ${elapsed} ms`);
  }, 120_000);

  it('a context too small for one reduce prompt: partials are merged in groups, then again', async () => {
    const input = synthesisInput({ interviews: 50, unitsPerParticipant: 8, seed: 11 });
    const analyzer = analyzerFor(name, server, model, { contextTokens: 2600 });
    const ctx = recordingContext();
    server.requests.length = 0;
    const out = SynthesisOutput.parse(await analyzer.synthesize(input, ctx));
    const details = ctx.usages.at(-1)!.details as { parts: Record<string, { reduceLevels: number; reduceCalls: number }> };
    expect(details.parts.themes!.reduceLevels).toBeGreaterThanOrEqual(2);
    expect(server.requests.filter((r) => r.task === 'merge-themes').length).toBeGreaterThan(1);
    expect(Math.max(...server.requests.map((r) => countTokens(r.prompt)))).toBeLessThanOrEqual(2600);
    expect(out.themes.map((t) => t.name).sort()).toEqual(['Learning new tools', 'Publishing pressure', 'Sharing results with colleagues', 'Slow data cleaning', 'Trust in automated checks']);
    checkCounts(input, out);
  }, 120_000);

  it('the same interviews in another order send the same prompts (inputs sorted by content keys)', async () => {
    const input = synthesisInput({ interviews: 40, unitsPerParticipant: 8, seed: 5 });
    const analyzer = analyzerFor(name, server, model, { contextTokens: CONTEXT });
    const prompts = async (i: SynthesisInput) => {
      server.requests.length = 0;
      const out = await analyzer.synthesize(i, recordingContext());
      return { prompts: server.requests.map((r) => r.prompt).sort(), themes: out.themes.map((t) => [t.name, t.participants, t.evidence.length]) };
    };
    const a = await prompts(input);
    const b = await prompts(shuffled(input, 3));
    expect(a.prompts.length).toBeGreaterThan(3);
    expect(b.prompts).toEqual(a.prompts);
    expect(b.themes).toEqual(a.themes);
  }, 120_000);

  it('sends temperature 0 (and, to OpenAI-style providers only, seed 0) with every request', async () => {
    const analyzer = analyzerFor(name, server, model);
    server.requests.length = 0;
    await analyzer.synthesize(synthesisInput({ interviews: 4, unitsPerParticipant: 5 }), recordingContext());
    expect(server.requests.length).toBeGreaterThan(0);
    for (const r of server.requests) {
      expect(r.status).toBe(200);
      expect(r.sampling.temperature).toBe(0);
      expect(r.sampling.seed).toBe(name === 'openai' ? 0 : undefined);
    }
  }, 60_000);
});
