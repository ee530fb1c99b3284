import type { ParsedUtterance } from '../domain/transcript.js';
import type { Usage } from '../domain/analysis.js';

/** Where an interview's content comes from, as stored on the interview row. */
export type InterviewSource =
  | { kind: 'transcript'; format?: string | undefined }
  | { kind: 'media'; path: string; mimeType?: string | undefined; originalName?: string | undefined }
  | { kind: 'url'; url: string };

export interface TranscriberContext {
  signal: AbortSignal;
  recordUsage(usage: Partial<Usage>): void;
  progress(percent: number, line: string): Promise<void>;
  /**
   * Durable per-step scratch state (survives retries and crashes): e.g. a provider's transcript
   * id saved right after a paid submission, so a retry polls instead of submitting again.
   */
  checkpoint: {
    get(): Promise<Record<string, unknown>>;
    set(values: Record<string, unknown>): Promise<void>;
  };
}

export interface TranscriptionResult {
  utterances: ParsedUtterance[];
  /** Whether timings/speakers came from the source or were estimated. */
  timing: 'provided' | 'estimated';
  durationMs?: number | undefined;
  provider: string;
}

/** The transcription port: media in, speaker turns with timings out. */
export interface Transcriber {
  readonly name: string;
  transcribe(source: InterviewSource, ctx: TranscriberContext): Promise<TranscriptionResult>;
}
