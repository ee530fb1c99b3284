import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Issue 15: the default (no codebook) analyzer must serve any study, so its rules may not
 * contain the topic words of one study. Every string literal in src/analyzers/local is checked
 * (the optional codebooks live in examples/codebooks/, outside the code).
 */
const ROOT = fileURLToPath(new URL('../../src/analyzers/local/', import.meta.url));
const TOPIC = /\b(?:ai|a\.i|ais|artificial intelligence|models?|prompts?|prompting|chatgpt|gpt[\w-]*|claude|llms?|chatbots?|chat bot|hallucinat\w*|midjourney|gemini|copilot|dall-e|machine learning|neural|genai)\b/i;
/** Module names are not rules. */
const IMPORT = /^(?:wink-eng-lite-web-model)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('default analyzer rules', () => {
  it('contain no topic word of any one study', () => {
    const offenders: string[] = [];
    for (const file of files(ROOT)) {
      const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''); // comments are not rules
      for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
        const lit = m[1] ?? m[2] ?? m[3] ?? '';
        if (!IMPORT.test(lit) && TOPIC.test(lit)) offenders.push(`${file.slice(ROOT.length)}: ${lit}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check itself catches a topic word', () => {
    expect(TOPIC.test("'ai tools'")).toBe(true);
    expect(TOPIC.test("'said'")).toBe(false);
  });
});
