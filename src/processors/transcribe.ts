import { defineStep } from './step-runner.js';
import { PermanentError } from '../domain/errors.js';
import { prepareTranscript, transcriptText } from '../transcript-formats/prepare.js';

/** transcribe: transcript (parsed) or media (through the Transcriber port) -> timed utterances. */
export const transcribeStep = defineStep('transcribe', [], async ({ transcriber }, ctx) => {
  const { source, rawTranscript, interviewers } = ctx.analysisJob;
  if (source.kind === 'transcript') {
    if (!rawTranscript) throw new PermanentError('interview has no transcript text');
    const prepared = prepareTranscript(rawTranscript, { interviewers, format: source.format });
    return { utterances: prepared.utterances, durationMs: prepared.durationMs, transcript: transcriptText(prepared.utterances), provider: 'transcript' };
  }
  await ctx.progress(5, `transcribing with ${transcriber.name}`);
  const result = await transcriber.transcribe(source, ctx);
  const prepared = prepareTranscript(result.utterances, { interviewers });
  return {
    utterances: prepared.utterances,
    durationMs: result.durationMs ?? prepared.durationMs,
    transcript: transcriptText(prepared.utterances),
    provider: result.provider,
  };
});
