import { InvalidInputError } from '../domain/errors.js';
import type { Estimate, EstimateRequest } from '../domain/estimate.js';
import type { Analyzer } from '../ports/analyzer.js';
import { prepareTranscript } from '../transcript-formats/prepare.js';

/**
 * Cost before you run: parses every transcript like a submission would (bad input is refused
 * the same way) and asks the analyzer what its steps will take. An analyzer without `estimate`
 * (the offline one) makes no paid calls: every step is zero.
 */
export async function estimateCost(analyzer: Analyzer, req: EstimateRequest): Promise<Estimate> {
  const raw = req.interviews ?? [{ transcript: req.transcript!, interviewers: req.interviewers }];
  let transcriptChars = 0;
  const interviews = raw.map((item, i) => {
    const text = typeof item.transcript === 'string' ? item.transcript : item.transcript.map((u) => u.text).join('\n');
    transcriptChars += text.length;
    try {
      return { utterances: prepareTranscript(item.transcript, { interviewers: item.interviewers ?? req.interviewers }).utterances };
    } catch (err) {
      if (err instanceof InvalidInputError) throw new InvalidInputError(`interview ${i + 1}${item.title ? ` (${item.title})` : ''}: ${err.message}`);
      throw err;
    }
  });
  const steps = analyzer.estimate
    ? await analyzer.estimate({ interviews, questions: req.questions ?? [], customInstructions: req.customInstructions })
    : [];
  const total = steps.reduce((t, s) => ({
    calls: t.calls + s.calls, inputTokens: t.inputTokens + s.inputTokens, outputTokens: t.outputTokens + s.outputTokens,
    costUsd: Math.round((t.costUsd + s.costUsd) * 1e6) / 1e6,
  }), { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  const unpricedModels = [...new Set(steps.filter((s) => s.calls > 0 && s.costUsd === 0 && s.model).map((s) => s.model!))];
  return { analyzer: analyzer.name, interviews: interviews.length, transcriptChars, steps, total, unpricedModels };
}
