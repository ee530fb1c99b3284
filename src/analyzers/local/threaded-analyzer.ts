import type { AnswerProposal, PersonaProposal, ProposedEvidence, ThemeProposal } from '../../domain/analysis.js';
import type {
  Analyzer, AnalyzerContext, AnswersRequest, EvidenceRequest, InsightsRequest, PersonasRequest,
} from '../../ports/analyzer.js';
import type { SynthesisInput, SynthesisOutput } from '../../domain/synthesis.js';
import type { Codebook } from './codebook.js';
import { ThreadPool } from './thread-pool.js';
import { localPause } from './local-analyzer.js';

export interface ThreadedLocalAnalyzerOptions {
  /** Worker threads (LOCAL_ANALYZER_THREADS). */
  threads: number;
  delayMs?: number | undefined;
  codebook?: Codebook | undefined;
}

const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/**
 * The local analyzer with its CPU-bound calls on a pool of worker threads, so a worker process's
 * event loop (BullMQ, the store, other steps' I/O) never waits for NLP. Same code, same output:
 * every call is a pure function of its request (each thread's NLP cache only saves time). The
 * step's AbortSignal (deadline, shutdown, cancel) rejects the call at once and terminates its
 * thread. Each thread loads its own NLP model and word vectors (about 95 MB RSS each, measured).
 */
export class ThreadedLocalAnalyzer implements Analyzer {
  readonly name = 'local';
  private readonly pool: ThreadPool;
  private readonly delayMs: number;

  constructor(opts: ThreadedLocalAnalyzerOptions) {
    this.pool = new ThreadPool(opts.threads, new URL(`./pool-worker.${ext}`, import.meta.url), { codebook: opts.codebook });
    this.delayMs = Math.max(0, opts.delayMs ?? 0);
  }

  extractEvidence(req: EvidenceRequest, ctx: AnalyzerContext): Promise<ProposedEvidence[]> {
    return this.call('extractEvidence', req, ctx) as Promise<ProposedEvidence[]>;
  }

  generateInsights(req: InsightsRequest, ctx: AnalyzerContext): Promise<ThemeProposal[]> {
    return this.call('generateInsights', req, ctx) as Promise<ThemeProposal[]>;
  }

  assignPersonas(req: PersonasRequest, ctx: AnalyzerContext): Promise<PersonaProposal[]> {
    return this.call('assignPersonas', req, ctx) as Promise<PersonaProposal[]>;
  }

  attributeAnswers(req: AnswersRequest, ctx: AnalyzerContext): Promise<AnswerProposal[]> {
    return this.call('attributeAnswers', req, ctx) as Promise<AnswerProposal[]>;
  }

  synthesize(input: SynthesisInput, ctx: AnalyzerContext): Promise<SynthesisOutput> {
    return this.call('synthesize', input, ctx) as Promise<SynthesisOutput>;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async call(method: string, req: unknown, ctx: AnalyzerContext): Promise<unknown> {
    await localPause(this.delayMs, ctx);
    return this.pool.run(method, req, ctx.signal);
  }
}
