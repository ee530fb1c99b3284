import type { Store } from '../ports/store.js';
import type { Codebook } from '../domain/codebook.js';
import type { InterviewSource } from '../ports/transcriber.js';
import { InvalidInputError } from '../domain/errors.js';
import { RunActiveError } from '../domain/run-errors.js';
import { prepareTranscript } from '../transcript-formats/prepare.js';
import { addRunFlow, startRun, type RunDeps } from './start-run.js';

/** Largest value of a Postgres `integer`, the type of every millisecond offset. */
const MAX_MS = 2_147_483_647;

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
  /** The project's deductive codebook (validated): stored when this submission creates the project. */
  codebook?: Codebook | undefined;
  metadata?: Record<string, unknown> | undefined;
  /**
   * Idempotency key, unique per project (an Idempotency-Key header, an externalId, a CSV's
   * transcript_id): a second submission with it returns the first interview, never a new one.
   */
  idempotencyKey?: string | undefined;
}

export interface SubmittedInterview {
  interviewId: string;
  analysisJobId: string;
  runNo: number;
  /** True when the idempotency key had been used: this is the first submission's interview. */
  existing?: boolean;
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
    // offsets are Postgres integers (ms): a timestamp past ~24.8 days would fail every retry later
    if (prepared.durationMs > MAX_MS || prepared.utterances.some((u) => u.endMs > MAX_MS || u.startMs > MAX_MS)) {
      throw new InvalidInputError(`transcript timestamps must stay below ${MAX_MS} ms (about 24 days)`);
    }
    source = { kind: 'transcript', format: prepared.format };
  } else {
    source = s.media!;
  }
  const input = {
    accountId: s.accountId,
    projectId: s.projectId,
    title: s.title,
    source,
    rawTranscript: s.transcript,
    interviewers: s.interviewers,
    questions: s.questions,
    customInstructions: s.customInstructions,
    codebook: s.codebook,
    metadata: s.metadata,
  };
  if (s.idempotencyKey === undefined) {
    // create and open run 1 in one round trip; the flow is added as startRun adds it
    const { run: opened, ...created } = await deps.store.createInterviewWithRun(input);
    const run = await addRunFlow(deps, created.analysisJobId, opened, { title: s.title ?? null });
    return { ...created, runNo: run.runNo };
  }
  const created = await createOnce(deps.store, input, s.idempotencyKey);
  if (created.existing) {
    const job = await deps.store.getAnalysisJob(created.analysisJobId);
    // the first request stopped between creating and starting (a crash): start it now
    if (job && job.currentRun === 0) {
      const run = await startRun(deps, created.analysisJobId, { title: s.title ?? null }).catch((err: unknown) => {
        if (err instanceof RunActiveError) return { runNo: 1 }; // a concurrent retry started it
        throw err;
      });
      return { interviewId: created.interviewId, analysisJobId: created.analysisJobId, runNo: run.runNo, existing: true };
    }
    return { interviewId: created.interviewId, analysisJobId: created.analysisJobId, runNo: job?.currentRun ?? 0, existing: true };
  }
  // a new interview comes with run 1 open (same call): add its flow
  const run = created.run
    ? await addRunFlow(deps, created.analysisJobId, created.run, { title: s.title ?? null })
    : await startRun(deps, created.analysisJobId, { title: s.title ?? null });
  return { interviewId: created.interviewId, analysisJobId: created.analysisJobId, runNo: run.runNo, existing: false };
}

/** A concurrent submission with the same key makes ours roll back (409): read the winner's. */
async function createOnce(store: Store, input: Parameters<Store['createInterview']>[0], key: string) {
  try {
    return await store.createInterviewOnceWithRun(input, key);
  } catch (err) {
    if (!(err instanceof RunActiveError)) throw err;
    return store.createInterviewOnceWithRun(input, key);
  }
}
