/** Token counts before a call, and evidence batches sized against the model's context. */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { contextTokensOf, UNKNOWN_MODEL_CONTEXT } from '../../src/analyzers/baml/context.js';
import { countTextTokens, encodingFor, promptTokensOfBody } from '../../src/analyzers/baml/tokens.js';
import { BamlAnalyzer } from '../../src/analyzers/baml/index.js';
import { interviewUtterances } from './support/harness.js';

const TEXT = 'I compose music for film, and honestly the deadlines are brutal: every week a new cue.';

describe('token counts', () => {
  it('uses the model family\'s own encoding, and says when it approximates', () => {
    expect(encodingFor('gpt-4o-mini')).toBe('o200k_base');
    expect(encodingFor('gpt-4.1-2025-04-14')).toBe('o200k_base');
    expect(encodingFor('openai/gpt-5')).toBe('o200k_base');
    expect(encodingFor('gpt-4-turbo')).toBe('cl100k_base');
    expect(encodingFor('claude-sonnet-4-5')).toBe('approximate');
    expect(countTextTokens('gpt-4o', TEXT)).toEqual({ tokens: countTokens(TEXT), exact: true, encoding: 'o200k_base' });
    const claude = countTextTokens('claude-haiku-4-5', TEXT);
    expect(claude.exact).toBe(false);
    expect(claude.tokens).toBeGreaterThan(countTokens(TEXT)); // errs high
  });

  it('counts a rendered OpenAI or Anthropic body: message texts plus chat framing, and its max tokens', () => {
    const openai = promptTokensOfBody('gpt-4o', { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: TEXT }] }] });
    expect(openai.tokens).toBe(countTokens(`Be brief.\n${TEXT}`) + 2 * 4 + 3);
    const anthropic = promptTokensOfBody('claude-haiku-4-5', { system: 'Be brief.', max_tokens: 8192, messages: [{ role: 'user', content: TEXT }] });
    expect(anthropic.maxOutputTokens).toBe(8192);
    expect(anthropic.exact).toBe(false);
  });

  it('knows common context windows; an unknown model gets a cautious default', () => {
    expect(contextTokensOf('gpt-4o-mini-2024-07-18')).toBe(128_000);
    expect(contextTokensOf('claude-sonnet-4-5-20250929')).toBe(200_000);
    expect(contextTokensOf('llama3.1:8b')).toBe(UNKNOWN_MODEL_CONTEXT);
    expect(contextTokensOf('llama3.1:8b', 131_072)).toBe(131_072);
  });

  it('a small context lowers the evidence batch so prompt and output fit', async () => {
    const ref = { provider: 'p', model: 'llama3.1:8b' };
    const make = (contextTokens?: number) => new BamlAnalyzer({
      providers: { p: { kind: 'openai-generic', baseUrl: 'http://127.0.0.1:9/v1' } },
      models: { evidence: ref, insights: ref, personas: ref, answers: ref }, ...(contextTokens ? { contextTokens } : {}),
    });
    const utterances = await interviewUtterances(1);
    const wide = await make(131_072).evidenceBatches({ utterances });
    expect(wide.limit).toBe(6000);
    const narrow = await make(4096).evidenceBatches({ utterances });
    // (4096 - the rest of the prompt) / (1 + expected output ratio 1)
    expect(narrow.limit).toBeLessThan(2048);
    expect(narrow.batches.length).toBeGreaterThan(wide.batches.length);
    for (const batch of narrow.batches) {
      const tokens = batch.reduce((s, u) => s + countTextTokens('llama3.1:8b', u.text).tokens + countTextTokens('llama3.1:8b', u.speaker).tokens + 10, 0);
      expect(tokens).toBeLessThanOrEqual(narrow.limit);
    }
  });
});
