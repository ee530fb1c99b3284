import type { Analyzer } from '../ports/analyzer.js';
import { inSpan } from '../telemetry/tracing.js';

const TRACED = ['extractEvidence', 'generateInsights', 'assignPersonas', 'attributeAnswers', 'synthesize'] as const satisfies readonly (keyof Analyzer)[];

/**
 * The analyzer port with every call as a span (`llm <method>`), carrying the tokens and cost
 * the call reported; the BAML HTTP requests happen inside it.
 */
export function tracedAnalyzer(inner: Analyzer): Analyzer {
  const out: Analyzer = Object.create(inner) as Analyzer;
  for (const method of TRACED) {
    const original = inner[method].bind(inner) as (req: unknown, ctx: Parameters<Analyzer['extractEvidence']>[1]) => Promise<unknown>;
    (out as unknown as Record<string, unknown>)[method] = (req: unknown, ctx: Parameters<Analyzer['extractEvidence']>[1]) =>
      inSpan(`llm ${method}`, { 'gen_ai.operation.name': method, 'iflow.analyzer': inner.name }, async (span) => {
        const tokens = { input: 0, output: 0, cost: 0 };
        const result = await original(req, {
          ...ctx,
          recordUsage: (u) => {
            tokens.input += u.inputTokens ?? 0;
            tokens.output += u.outputTokens ?? 0;
            tokens.cost += u.costUsd ?? 0;
            if (u.model) span.setAttribute('gen_ai.response.model', u.model);
            ctx.recordUsage(u);
          },
        });
        span.setAttributes({ 'gen_ai.usage.input_tokens': tokens.input, 'gen_ai.usage.output_tokens': tokens.output, 'iflow.cost_usd': tokens.cost });
        return result;
      });
  }
  return out;
}
