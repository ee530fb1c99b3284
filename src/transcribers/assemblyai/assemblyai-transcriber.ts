import { createReadStream } from 'node:fs';
import { AssemblyAI, type SpeechModel, type Transcript } from 'assemblyai';
import { PermanentError, RetryLaterError, StepTimeoutError } from '../../domain/errors.js';
import type { ParsedUtterance } from '../../domain/transcript.js';
import { checkMediaUrl } from '../../media/safe-fetch.js';
import type { InterviewSource, Transcriber, TranscriberContext, TranscriptionResult } from '../../ports/transcriber.js';
import { asStepError, withLocalMedia, type MediaAccess } from '../media-input.js';
import { sleep, untilAborted } from '../../domain/abortable.js';
import { transcriptionUsage } from '../usage.js';

export interface AssemblyAIOptions {
  apiKey: string;
  /** https://api.assemblyai.com by default; tests and EU accounts point elsewhere. */
  baseUrl?: string | undefined;
  pollIntervalMs?: number | undefined;
  /** Give up this long after submission (the step fails retryably; a retry polls the same id). */
  pollTimeoutMs?: number | undefined;
  /**
   * Poll in the worker for at most this long, then hand the job back to the queue with a
   * RetryLaterError (a delayed job, no attempt used) and check again `recheckDelayMs` later, so
   * long transcriptions do not hold a worker. Unset: poll in the worker until done.
   */
  inProcessWaitMs?: number | undefined;
  recheckDelayMs?: number | undefined;
  speakersExpected?: number | undefined;
  languageCode?: string | undefined;
  speechModel?: string | undefined;
  /** Price used for the recorded cost (USD per audio hour). */
  costPerHourUsd?: number | undefined;
}


/** How long a worker polls a pending transcript itself before handing the wait to a delayed job. */
const DEFAULT_IN_PROCESS_WAIT_MS = 60_000;
/** Checkpoint written right after the paid submission. */
interface AssemblyAICheckpoint {
  provider: 'assemblyai';
  transcriptId: string;
  /** Epoch ms of the submission, for the overall poll timeout across delayed re-checks. */
  submittedAt: number;
}

/**
 * AssemblyAI through its SDK: uploads the recording (or hands over a public URL), submits with
 * speaker labels, and saves the transcript id in the step checkpoint before doing anything else.
 * A retry or a re-delivered job after a crash finds the id and polls it: one paid submission per
 * step, however often the step runs. With `inProcessWaitMs` the wait becomes delayed jobs: the
 * step throws RetryLaterError while AssemblyAI is still working and re-checks later. Utterances and words come with provider millisecond timings.
 */
export class AssemblyAITranscriber implements Transcriber {
  readonly name = 'assemblyai';
  private readonly client: AssemblyAI;

  constructor(
    private readonly access: MediaAccess,
    private readonly options: AssemblyAIOptions,
  ) {
    this.client = new AssemblyAI({ apiKey: options.apiKey, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  }

  async transcribe(source: InterviewSource, ctx: TranscriberContext): Promise<TranscriptionResult> {
    const saved = readCheckpoint(await ctx.checkpoint.get());
    let submission = saved;
    if (submission) {
      await ctx.progress(20, `resuming AssemblyAI transcript ${submission.transcriptId} (already submitted)`);
    } else {
      submission = await this.submit(source, ctx);
    }
    const transcript = await this.poll(submission, ctx);
    return this.toResult(transcript, ctx);
  }

  private async submit(source: InterviewSource, ctx: TranscriberContext): Promise<AssemblyAICheckpoint> {
    const audio = await this.audioUrl(source, ctx);
    await ctx.progress(15, 'submitting to AssemblyAI');
    // Deliberately not raced with the abort signal: once the request is out, its id must be saved.
    const submitted = await this.call(() =>
      this.client.transcripts.submit({
        audio,
        speaker_labels: true,
        ...(this.options.speakersExpected ? { speakers_expected: this.options.speakersExpected } : {}),
        ...(this.options.languageCode ? { language_code: this.options.languageCode } : {}),
        ...(this.options.speechModel ? { speech_model: this.options.speechModel as SpeechModel } : {}),
      }),
    );
    const checkpoint: AssemblyAICheckpoint = { provider: 'assemblyai', transcriptId: submitted.id, submittedAt: Date.now() };
    await ctx.checkpoint.set({ ...checkpoint });
    await ctx.progress(20, `AssemblyAI transcript ${submitted.id} submitted`);
    return checkpoint;
  }

  /** A public URL is handed to AssemblyAI after the URL policy check; stored media is uploaded. */
  private async audioUrl(source: InterviewSource, ctx: TranscriberContext): Promise<string> {
    if (source.kind === 'url') {
      await checkMediaUrl(source.url, { allowLoopback: this.access.download.allowLoopback, lookup: this.access.download.lookup }).catch(asStepError);
      return source.url;
    }
    return withLocalMedia(source, this.access, ctx.signal, async ({ path, media }) => {
      await ctx.progress(5, `uploading ${(media.bytes / 1024 / 1024).toFixed(1)} MiB to AssemblyAI`);
      // streamed from disk, never read into memory whole
      return untilAborted(this.call(() => this.client.files.upload(createReadStream(path))), ctx.signal);
    });
  }

  private async poll({ transcriptId: id, submittedAt }: AssemblyAICheckpoint, ctx: TranscriberContext): Promise<Transcript> {
    const interval = this.options.pollIntervalMs ?? 3000;
    const timeout = this.options.pollTimeoutMs ?? 60 * 60 * 1000;
    const started = Date.now();
    for (let n = 0; ; n++) {
      const transcript = await untilAborted(this.call(() => this.client.transcripts.get(id)), ctx.signal);
      if (transcript.status === 'completed') return transcript;
      if (transcript.status === 'error') {
        // forget the failed transcript, so a resume submits again instead of re-reading the error
        await ctx.checkpoint.set({ transcriptId: null, submittedAt: null });
        throw new PermanentError(`AssemblyAI could not transcribe the recording: ${transcript.error ?? 'unknown error'}`);
      }
      if (Date.now() - submittedAt > timeout) {
        throw new StepTimeoutError(`AssemblyAI transcript ${id} still ${transcript.status} ${Math.round(timeout / 1000)} s after submission; a retry resumes polling`);
      }
      // after a minute of waiting in the worker, free it: re-check later as a delayed job
      const inProcess = this.options.inProcessWaitMs ?? DEFAULT_IN_PROCESS_WAIT_MS;
      if (Date.now() - started >= inProcess) {
        const delay = this.options.recheckDelayMs ?? 30_000;
        await ctx.progress(Math.min(80, 25 + n), `AssemblyAI transcript ${id} ${transcript.status}; checking again in ${Math.round(delay / 1000)} s`);
        throw new RetryLaterError(`AssemblyAI transcript ${id} is ${transcript.status}`, delay);
      }
      if (n % 10 === 0) await ctx.progress(Math.min(80, 25 + n), `AssemblyAI transcript ${id} ${transcript.status}`);
      await sleep(interval, ctx.signal);
    }
  }

  private toResult(transcript: Transcript, ctx: TranscriberContext): TranscriptionResult {
    const utterances: ParsedUtterance[] = (transcript.utterances ?? [])
      .filter((u) => u.text.trim().length > 0)
      .map((u) => ({
        speaker: `Speaker ${u.speaker}`,
        text: u.text.trim(),
        startMs: Math.max(0, Math.round(u.start)),
        endMs: Math.max(0, Math.round(u.end)),
        words: (u.words ?? []).map((w) => ({ text: w.text, startMs: Math.max(0, Math.round(w.start)), endMs: Math.max(0, Math.round(w.end)) })),
      }));
    if (utterances.length === 0 && transcript.text?.trim()) {
      // no diarisation in the answer: one turn with the whole text
      const words = transcript.words ?? [];
      utterances.push({
        speaker: 'Speaker A',
        text: transcript.text.trim(),
        startMs: Math.round(words[0]?.start ?? 0),
        endMs: Math.round(words.at(-1)?.end ?? (transcript.audio_duration ?? 0) * 1000),
      });
    }
    if (utterances.length === 0) throw new PermanentError('AssemblyAI found no speech in the recording');
    const durationMs = Math.round((transcript.audio_duration ?? 0) * 1000) || (utterances.at(-1)?.endMs ?? 0);
    ctx.recordUsage(
      transcriptionUsage({
        provider: 'assemblyai',
        model: transcript.speech_model ?? this.options.speechModel ?? 'default',
        durationMs,
        costUsd: (durationMs / 3_600_000) * (this.options.costPerHourUsd ?? 0.15),
      }),
    );
    return { utterances, timing: 'provided', durationMs, provider: this.name };
  }

  /** Maps SDK failures (which carry only a message) onto retryable vs permanent errors. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      if (/auth|api key|api token|unauthori[sz]ed|forbidden|not found|invalid/i.test(message)) {
        throw new PermanentError(`AssemblyAI refused the request: ${message}`);
      }
      throw new Error(`AssemblyAI request failed: ${message}`, { cause: err });
    }
  }
}

function readCheckpoint(values: Record<string, unknown>): AssemblyAICheckpoint | undefined {
  return values.provider === 'assemblyai' && typeof values.transcriptId === 'string' && values.transcriptId
    ? { provider: 'assemblyai', transcriptId: values.transcriptId, submittedAt: typeof values.submittedAt === 'number' ? values.submittedAt : Date.now() }
    : undefined;
}
