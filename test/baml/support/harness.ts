/**
 * Shared setup for the baml analyzer tests: the real BamlAnalyzer (real BAML runtime, real HTTP)
 * pointed at a fake provider server, an AnalyzerContext that records what the analyzer reports,
 * and real interview transcripts from the Anthropic Interviewer data set.
 */
import { randomUUID } from 'node:crypto';
import { BamlAnalyzer, type BamlAnalyzerOptionsInput } from '../../../src/analyzers/baml/index.js';
import type { Usage } from '../../../src/domain/analysis.js';
import type { Utterance } from '../../../src/domain/transcript.js';
import type { AnalyzerContext } from '../../../src/ports/analyzer.js';
import { readTranscriptCsv } from '../../../src/transcript-formats/index.js';
import { prepareTranscript } from '../../../src/transcript-formats/prepare.js';
import { startFakeAnthropic } from '../../support/fake-anthropic.js';
import { startFakeOpenAI, type FakeLlmServer, type FakeLlmServerOptions } from '../../support/fake-openai.js';

export { CREATIVES_CSV } from '../../support/creatives.js';
import { CREATIVES_CSV } from '../../support/creatives.js';

export type ProviderName = 'openai' | 'anthropic';

export const PROVIDERS: Array<{ name: ProviderName; model: string; start: (o?: FakeLlmServerOptions) => Promise<FakeLlmServer> }> = [
  { name: 'openai', model: 'gpt-4o-mini', start: startFakeOpenAI },
  { name: 'anthropic', model: 'claude-haiku-4-5', start: startFakeAnthropic },
];

export function analyzerFor(
  provider: ProviderName,
  server: FakeLlmServer,
  model: string,
  overrides: Partial<BamlAnalyzerOptionsInput> = {},
): BamlAnalyzer {
  const ref = { provider: 'main', model };
  return new BamlAnalyzer({
    providers: { main: { kind: provider, baseUrl: server.url, apiKey: 'test-key' } },
    models: { evidence: ref, insights: ref, personas: ref, answers: ref },
    timeoutMs: 10_000,
    ...overrides,
  });
}

export interface RecordingContext extends AnalyzerContext {
  controller: AbortController;
  usages: Array<Partial<Usage>>;
  progressLines: string[];
  /** Sum of what was recorded (the store sums the same way). */
  total(): { calls: number; inputTokens: number; outputTokens: number; cachedTokens: number; costUsd: number; model: string | null };
}

export function recordingContext(extra: Record<string, unknown> = {}): RecordingContext {
  const controller = new AbortController();
  const usages: Array<Partial<Usage>> = [];
  const progressLines: string[] = [];
  return {
    controller,
    signal: controller.signal,
    usages,
    progressLines,
    recordUsage: (u) => { usages.push(u); },
    progress: async (_p, line) => { progressLines.push(line); },
    total() {
      let model: string | null = null;
      const t = { calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };
      for (const u of usages) {
        t.calls += u.calls ?? 0;
        t.inputTokens += u.inputTokens ?? 0;
        t.outputTokens += u.outputTokens ?? 0;
        t.cachedTokens += u.cachedTokens ?? 0;
        t.costUsd += u.costUsd ?? 0;
        if (u.model) model = u.model;
      }
      return { ...t, model };
    },
    ...extra,
  };
}

let csvCache: Array<{ id: string; text: string }> | undefined;

export async function creativesInterviews(): Promise<Array<{ id: string; text: string }>> {
  csvCache ??= await readTranscriptCsv(CREATIVES_CSV);
  return csvCache;
}

/** One real interview as timed utterances with roles (the project's own transcript parser). */
export async function interviewUtterances(index = 0): Promise<Utterance[]> {
  const rows = await creativesInterviews();
  return prepareTranscript(rows[index]!.text).utterances;
}

/** Several real interviews joined until the text is at least `minChars` long. */
export async function longTranscript(minChars: number): Promise<{ text: string; utterances: Utterance[]; interviews: number }> {
  const rows = await creativesInterviews();
  const parts: string[] = [];
  let length = 0;
  for (const row of rows) {
    if (length >= minChars) break;
    parts.push(row.text.trim());
    length += row.text.length;
  }
  const text = parts.join('\n\n');
  return { text, utterances: prepareTranscript(text).utterances, interviews: parts.length };
}

export const uuid = () => randomUUID();
