import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { prepareTranscript } from '../src/transcript-formats/prepare.js';
import { anchorEvidence } from '../src/verbatim-guard/verbatim.js';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import type { Person, StoredEvidence } from '../src/domain/analysis.js';
import type { Analyzer } from '../src/ports/analyzer.js';

/**
 * The local analyzer's bare throughput: its four calls per interview, one interview at a time on
 * this process's main thread, with no queue or database, on the same transcripts and questions
 * the pipeline gets. Each call gets the request its step builds (src/processors: the questions
 * for evidence, the transcript's utterances for the other three, no project evidence), with the
 * inputs a step would load built in memory (stored evidence gets ids; no earlier personas).
 */
export async function bareLocalAnalyzerPerSecond(transcripts: string[], questions: string[], analyzer: Analyzer = new LocalAnalyzer(), warmUp: string[] = []): Promise<number> {
  const ctx = { signal: new AbortController().signal, recordUsage() {}, async progress() {} };
  const qs = questions.map((text) => ({ id: randomUUID(), text }));
  const one = async (text: string) => {
    const interviewId = randomUUID();
    const projectId = randomUUID();
    const { utterances } = prepareTranscript(text);
    const people: Person[] = [...new Map(utterances.map((u) => [u.speaker, { id: randomUUID(), name: u.speaker, role: u.role, speaker: u.speaker }])).values()];
    const proposed = await analyzer.extractEvidence({ interviewId, projectId, utterances, questions: qs }, ctx);
    const { units } = anchorEvidence(interviewId, proposed, utterances);
    const evidence: StoredEvidence[] = units.map((u) => ({ ...u, id: randomUUID(), personId: people.find((p) => p.speaker === u.speaker)?.id ?? null }));
    await analyzer.generateInsights({ interviewId, projectId, evidence, utterances }, ctx);
    await analyzer.assignPersonas({ interviewId, projectId, people, evidence, existingPersonas: [], utterances }, ctx);
    await analyzer.attributeAnswers({ interviewId, projectId, questions: qs, evidence, utterances }, ctx);
  };
  // warm-up (loads the NLP model, lets the JIT compile the analyzer), on interviews that are not
  // timed again: `warmUp` when given, else the last transcript
  for (const text of warmUp.length > 0 ? warmUp : [transcripts[transcripts.length - 1]!]) await one(text);
  const t0 = performance.now();
  const timed = warmUp.length > 0 ? transcripts : transcripts.slice(0, -1);
  for (const text of timed) await one(text);
  return timed.length / ((performance.now() - t0) / 1000);
}
