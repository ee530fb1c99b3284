import type { ParsedUtterance, Utterance } from '../domain/transcript.js';
import { InvalidInputError } from '../domain/errors.js';
import { inferRoles, parseTranscript, toUtterances } from './index.js';
import { countWords } from './text.js';

export { transcriptText } from './index.js';

export interface PreparedTranscript {
  utterances: Utterance[];
  durationMs: number;
  format: string;
}

/**
 * Text or parsed turns -> timed utterances with roles. Used both when a transcript is submitted
 * (to refuse bad input with a 400 before anything is written) and by the transcribe step.
 */
export function prepareTranscript(
  input: string | ParsedUtterance[],
  opts: { interviewers?: string[] | undefined; format?: string | undefined } = {},
): PreparedTranscript {
  const parsed = typeof input === 'string'
    ? parseTranscript(input, { format: (opts.format ?? 'auto') as 'auto' })
    : { format: 'provider', utterances: input };
  if (parsed.utterances.length === 0) throw new InvalidInputError('transcript has no speaker turns');
  // word counts feed both the role inference and the timing estimate: counted once (this runs at
  // every submission and again in every transcribe step)
  const words = parsed.utterances.map((u) => countWords(u.text));
  const roles = inferRoles(parsed.utterances, opts.interviewers?.length ? opts.interviewers : openingSpeakerIfUnpunctuated(parsed.utterances), words);
  const { utterances, durationMs } = toUtterances(parsed.utterances, roles, words);
  if (!utterances.some((u) => u.role === 'participant')) {
    throw new InvalidInputError(
      `transcript has no participant turns: every speaker (${[...roles.keys()].join(', ')}) is an interviewer`,
    );
  }
  return { utterances, durationMs, format: parsed.format };
}

/**
 * Speech recognisers (pocketsphinx, some whisper servers) give text without question marks, so
 * "the speaker who asks the questions" cannot be seen; interviews open with the interviewer.
 */
function openingSpeakerIfUnpunctuated(utterances: ParsedUtterance[]): string[] | undefined {
  const speakers = new Set(utterances.map((u) => u.speaker));
  if (speakers.size < 2 || utterances.some((u) => /[?.!]/.test(u.text))) return undefined;
  return [utterances[0]!.speaker];
}
