import type { Store } from '../../src/ports/store.js';
import { evidenceOutput, newInterview, parallelOutputs, transcribeOutput } from '../../test/store/fixtures.js';

/** Wraps one store call (a timer); the default just makes it. */
export type CallWrapper = <T>(call: () => Promise<T>) => Promise<T>;

const tr = transcribeOutput();
const ev = evidenceOutput(tr);

/**
 * Every SQL call the pipeline makes for one interview, without BullMQ or an analyzer: create with
 * run, flow marker, each step's start with the reads its processor asks for, each commit with the
 * store tests' fixture outputs (15 calls, each through `wrap`). The parallel steps' outputs are
 * read by parallelOutputs, outside `wrap`: those reads are not pipeline calls. Used by
 * bench/store-cpu.ts and bench/store-idle.ts. Returns the interview's id.
 */
export async function runStepPath(store: Store, account: string, project: string, wrap: CallWrapper = (call) => call()): Promise<string> {
  const { analysisJobId: job, interviewId, run } = await wrap(() => store.createInterviewWithRun(newInterview(account, project)));
  const r = run.runNo;
  await wrap(() => store.markFlowAdded(job, r));
  await wrap(() => store.startStep(job, r, 'transcribe', []));
  await wrap(() => store.commitStep(job, r, 'transcribe', tr));
  await wrap(() => store.startStep(job, r, 'evidence', ['utterances', 'questions']));
  await wrap(() => store.commitStep(job, r, 'evidence', ev));
  const outs = await parallelOutputs(store, interviewId);
  await wrap(() => store.startStep(job, r, 'insights', ['evidence', 'utterances']));
  await wrap(() => store.startStep(job, r, 'personas', ['people', 'evidence', 'projectPersonas', 'utterances']));
  await wrap(() => store.startStep(job, r, 'answers', ['questions', 'evidence', 'utterances']));
  await wrap(() => store.commitStep(job, r, 'insights', outs.insights));
  await wrap(() => store.commitStep(job, r, 'personas', outs.personas));
  await wrap(() => store.commitStep(job, r, 'answers', outs.answers));
  await wrap(() => store.startStep(job, r, 'finalize', ['summaryFacts']));
  await wrap(() => store.commitStep(job, r, 'finalize', { summary: 'A summary.' }));
  return interviewId;
}
