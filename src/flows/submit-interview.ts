import type { Store } from '../ports/store.js';
import type { InterviewSource } from '../ports/transcriber.js';
import { InvalidInputError } from '../domain/errors.js';
import { prepareTranscript } from '../transcript-formats/prepare.js';
import { startRun, type RunDeps } from './start-run.js';

export interface InterviewSubmission {
  accountId: string;
  projectId: string;
  title?: string | undefined;
  /** Transcript text (any accepted format), or a media source. */
  transcript?: string | undefined;
  transcriptFormat?: string | undefined;
  media?: Exclude<InterviewSource, { kind: 'transcript' }> | undefined;
  interviewers?: string[] | undefined;
  questions?: string[] | undefined;
  customInstructions?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface SubmittedInterview {
  interviewId: string;
  analysisJobId: string;
  runNo: number;
}

/**
 * Validates a submission (a transcript is parsed now, so bad input is refused before anything
 * is written), creates interview + analysis job in one transaction, and starts run 1.
 */
export async function submitInterview(deps: RunDeps & { store: Store }, s: InterviewSubmission): Promise<SubmittedInterview> {
  if ((s.transcript === undefined) === (s.media === undefined)) {
    throw new InvalidInputError('give exactly one of `transcript` (text) or media (`mediaUrl` or an uploaded file)');
  }
  let source: InterviewSource;
  if (s.transcript !== undefined) {
    if (!s.transcript.trim()) throw new InvalidInputError('transcript is empty');
    const prepared = prepareTranscript(s.transcript, { interviewers: s.interviewers, format: s.transcriptFormat });
    source = { kind: 'transcript', format: prepared.format };
  } else {
    source = s.media!;
  }
  const created = await deps.store.createInterview({
    accountId: s.accountId,
    projectId: s.projectId,
    title: s.title,
    source,
    rawTranscript: s.transcript,
    interviewers: s.interviewers,
    questions: s.questions,
    customInstructions: s.customInstructions,
    metadata: s.metadata,
  });
  const run = await startRun(deps, created.analysisJobId);
  return { ...created, runNo: run.runNo };
}
