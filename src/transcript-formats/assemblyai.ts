import { z } from 'zod';
import { TranscriptParseError } from '../domain/errors.js';
import type { ParsedUtterance } from '../domain/transcript.js';

/**
 * AssemblyAI transcript JSON (GET /v2/transcript/:id with speaker_labels): `utterances` carry the
 * speaker letter, start/end in milliseconds, text and word timings.
 */

const Ms = z.number().nonnegative().finite();

const AaiWord = z.object({ text: z.string(), start: Ms, end: Ms, speaker: z.string().nullish() });
const AaiUtterance = z.object({
  speaker: z.union([z.string(), z.number()]).transform((s) => String(s)),
  start: Ms,
  end: Ms,
  text: z.string(),
  words: z.array(AaiWord).nullish(),
});
const AaiTranscript = z.object({
  status: z.string().optional(),
  error: z.string().nullish(),
  utterances: z.array(AaiUtterance).nullish(),
  words: z.array(AaiWord).nullish(),
});

/** True when a parsed JSON value looks like an AssemblyAI transcript rather than our utterance JSON. */
export function looksLikeAssemblyAi(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if ('audio_url' in v || 'speaker_labels' in v || 'acoustic_model' in v || 'language_model' in v) return true;
  const first = Array.isArray(v.utterances) ? (v.utterances[0] as Record<string, unknown> | undefined) : undefined;
  return !!first && typeof first === 'object' && typeof first.start === 'number' && typeof first.end === 'number'
    && !('start_ms' in first) && !('startMs' in first);
}

export function parseAssemblyAi(value: unknown): ParsedUtterance[] {
  const parsed = AaiTranscript.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TranscriptParseError(`invalid AssemblyAI transcript at ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const t = parsed.data;
  if (t.status && t.status !== 'completed') {
    throw new TranscriptParseError(`AssemblyAI transcript is not completed (status "${t.status}"${t.error ? `: ${t.error}` : ''})`);
  }
  if (!t.utterances || t.utterances.length === 0) {
    throw new TranscriptParseError('AssemblyAI transcript has no utterances (was it requested with speaker_labels: true?)');
  }
  const out: ParsedUtterance[] = [];
  t.utterances.forEach((u, i) => {
    const text = u.text.trim();
    if (!text) return;
    if (u.end < u.start) throw new TranscriptParseError(`utterance ${i}: end (${u.end} ms) is before start (${u.start} ms)`);
    const speaker = u.speaker.trim() || 'Unknown';
    const p: ParsedUtterance = { speaker: /^[A-Z]$/.test(speaker) ? `Speaker ${speaker}` : speaker, text, startMs: Math.round(u.start), endMs: Math.round(u.end) };
    const words = (u.words ?? []).map((w) => ({ text: w.text, startMs: Math.round(w.start), endMs: Math.round(Math.max(w.start, w.end)) }));
    if (words.length) p.words = words;
    out.push(p);
  });
  if (out.length === 0) throw new TranscriptParseError('AssemblyAI transcript has no utterance with text');
  return out;
}
