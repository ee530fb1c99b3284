/**
 * The synthesis part of the estimate on projects of different sizes (no provider involved: the
 * prompts are rendered by BAML and counted; items stand in for the expected per-interview output).
 */
import { describe, expect, it } from 'vitest';
import { BamlAnalyzerOptions } from '../../src/analyzers/baml/config.js';
import { DEFAULT_PRICING } from '../../src/analyzers/baml/pricing.js';
import { estimateSynthesis } from '../../src/analyzers/baml/synthesis-estimate.js';

const ref = { provider: 'p', model: 'gpt-4o-mini' };
const options = (contextTokens?: number) => BamlAnalyzerOptions.parse({
  providers: { p: { kind: 'openai', apiKey: 'k' } }, models: { evidence: ref, insights: ref, personas: ref, answers: ref }, contextTokens,
});
const project = (n: number) => Array.from({ length: n }, () => ({ evidenceTokens: 1200, codeTokens: 500, participants: 1 }));
const QUESTIONS = ['How do they use AI?', 'What worries them?', 'What would help?'];

describe('synthesis estimate', () => {
  it('a small project: one call per part (themes, each question, personas)', async () => {
    const e = await estimateSynthesis(options(), DEFAULT_PRICING, project(3), QUESTIONS, null);
    expect(e).toMatchObject({ step: 'synthesis', model: 'gpt-4o-mini', calls: 2 + QUESTIONS.length, tokenCount: 'o200k_base' });
    expect(e.costUsd).toBeGreaterThan(0);
    // one participant in all: no persona call
    const alone = await estimateSynthesis(options(), DEFAULT_PRICING, project(1), [], null);
    expect(alone.calls).toBe(1);
  });

  it('a large project in a small context: map batches by tokens plus reduces, growing about linearly', async () => {
    const o = options(8192);
    const mid = await estimateSynthesis(o, DEFAULT_PRICING, project(50), QUESTIONS, null);
    const big = await estimateSynthesis(o, DEFAULT_PRICING, project(200), QUESTIONS, null);
    // 200 x 500 code tokens alone need >= 17 themes maps of < 6,069 prompt tokens
    expect(big.calls).toBeGreaterThan(17 + QUESTIONS.length * 14);
    expect(big.inputTokens).toBeGreaterThan(200 * (500 + 1200 + 480));
    expect(big.calls / mid.calls).toBeGreaterThan(3);
    expect(big.calls / mid.calls).toBeLessThan(5);
    console.log(`synthesis estimate, 8,192-token context, 3 questions: 50 interviews ${mid.calls} calls / ${mid.inputTokens} tokens; 200 interviews ${big.calls} calls / ${big.inputTokens} tokens`);
  });
});
