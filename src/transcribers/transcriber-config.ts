import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.js';

const int = (min = 0) => z.coerce.number().int().min(min);
const usd = z.coerce.number().nonnegative();

export const PocketsphinxConfig = z.object({
  provider: z.literal('pocketsphinx'),
  command: z.string().min(1).optional(),
  modelDir: z.string().min(1).optional(),
  turnGapMs: int(100).optional(),
  removeNoise: z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v)).or(z.boolean()).optional(),
});

export const AssemblyAIConfig = z.object({
  provider: z.literal('assemblyai'),
  apiKey: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  pollIntervalMs: int(10).optional(),
  pollTimeoutMs: int(1000).optional(),
  inProcessWaitMs: int(0).optional(),
  recheckDelayMs: int(100).optional(),
  speakersExpected: int(1).optional(),
  languageCode: z.string().min(2).optional(),
  speechModel: z.string().min(1).optional(),
  costPerHourUsd: usd.optional(),
});

export const OpenAIConfig = z.object({
  provider: z.literal('openai'),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  apiKey: z.string().min(1).optional(),
  model: z.string().min(1).default('whisper-1'),
  language: z.string().min(2).optional(),
  responseFormat: z.enum(['verbose_json', 'diarized_json']).optional(),
  uploadFormat: z.enum(['mp3', 'wav']).optional(),
  timeoutMs: int(1000).optional(),
  costPerMinuteUsd: usd.optional(),
  turnGapMs: int(100).optional(),
});

/** Which engine transcribes media, with its settings. */
export const TranscriberConfig = z.discriminatedUnion('provider', [PocketsphinxConfig, AssemblyAIConfig, OpenAIConfig]);
export type TranscriberConfig = z.infer<typeof TranscriberConfig>;

/**
 * Builds the transcriber settings from environment variables (the config module passes its raw
 * env). `auto`: AssemblyAI when ASSEMBLYAI_API_KEY is set, an OpenAI-compatible endpoint when
 * OPENAI_TRANSCRIBE_BASE_URL or OPENAI_TRANSCRIBE_MODEL is set, otherwise offline pocketsphinx.
 *
 * Variables: ASSEMBLYAI_API_KEY, ASSEMBLYAI_BASE_URL, ASSEMBLYAI_POLL_INTERVAL_MS,
 * ASSEMBLYAI_POLL_TIMEOUT_MS, ASSEMBLYAI_IN_PROCESS_WAIT_MS, ASSEMBLYAI_RECHECK_DELAY_MS,
 * ASSEMBLYAI_SPEAKERS_EXPECTED, ASSEMBLYAI_LANGUAGE_CODE,
 * ASSEMBLYAI_SPEECH_MODEL, ASSEMBLYAI_COST_PER_HOUR_USD; OPENAI_TRANSCRIBE_BASE_URL,
 * OPENAI_TRANSCRIBE_API_KEY (else OPENAI_API_KEY), OPENAI_TRANSCRIBE_MODEL,
 * OPENAI_TRANSCRIBE_LANGUAGE, OPENAI_TRANSCRIBE_RESPONSE_FORMAT, OPENAI_TRANSCRIBE_UPLOAD_FORMAT,
 * OPENAI_TRANSCRIBE_TIMEOUT_MS, OPENAI_TRANSCRIBE_COST_PER_MINUTE_USD; POCKETSPHINX_COMMAND,
 * POCKETSPHINX_MODEL_DIR, POCKETSPHINX_REMOVE_NOISE (default true); TRANSCRIBE_TURN_GAP_MS.
 */
export function transcriberConfigFromEnv(
  choice: 'auto' | 'pocketsphinx' | 'assemblyai' | 'openai',
  env: Readonly<Record<string, string | undefined>>,
): TranscriberConfig {
  const v = (name: string) => (env[name] === '' ? undefined : env[name]);
  const provider =
    choice !== 'auto'
      ? choice
      : v('ASSEMBLYAI_API_KEY')
        ? 'assemblyai'
        : v('OPENAI_TRANSCRIBE_BASE_URL') || v('OPENAI_TRANSCRIBE_MODEL')
          ? 'openai'
          : 'pocketsphinx';
  const raw =
    provider === 'assemblyai'
      ? {
          provider,
          apiKey: v('ASSEMBLYAI_API_KEY'),
          baseUrl: v('ASSEMBLYAI_BASE_URL'),
          pollIntervalMs: v('ASSEMBLYAI_POLL_INTERVAL_MS'),
          pollTimeoutMs: v('ASSEMBLYAI_POLL_TIMEOUT_MS'),
          inProcessWaitMs: v('ASSEMBLYAI_IN_PROCESS_WAIT_MS'),
          recheckDelayMs: v('ASSEMBLYAI_RECHECK_DELAY_MS'),
          speakersExpected: v('ASSEMBLYAI_SPEAKERS_EXPECTED'),
          languageCode: v('ASSEMBLYAI_LANGUAGE_CODE'),
          speechModel: v('ASSEMBLYAI_SPEECH_MODEL'),
          costPerHourUsd: v('ASSEMBLYAI_COST_PER_HOUR_USD'),
        }
      : provider === 'openai'
        ? {
            provider,
            baseUrl: v('OPENAI_TRANSCRIBE_BASE_URL'),
            apiKey: v('OPENAI_TRANSCRIBE_API_KEY') ?? v('OPENAI_API_KEY'),
            model: v('OPENAI_TRANSCRIBE_MODEL'),
            language: v('OPENAI_TRANSCRIBE_LANGUAGE'),
            responseFormat: v('OPENAI_TRANSCRIBE_RESPONSE_FORMAT'),
            uploadFormat: v('OPENAI_TRANSCRIBE_UPLOAD_FORMAT'),
            timeoutMs: v('OPENAI_TRANSCRIBE_TIMEOUT_MS'),
            costPerMinuteUsd: v('OPENAI_TRANSCRIBE_COST_PER_MINUTE_USD'),
            turnGapMs: v('TRANSCRIBE_TURN_GAP_MS'),
          }
        : {
            provider,
            command: v('POCKETSPHINX_COMMAND'),
            modelDir: v('POCKETSPHINX_MODEL_DIR'),
            removeNoise: v('POCKETSPHINX_REMOVE_NOISE'),
            turnGapMs: v('TRANSCRIBE_TURN_GAP_MS'),
          };
  const parsed = TranscriberConfig.safeParse(Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new InvalidInputError(`invalid ${provider} transcriber configuration: ${issues}`);
  }
  return parsed.data;
}
