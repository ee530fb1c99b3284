import type { Analyzer } from '../../src/ports/analyzer.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';

type Method = 'extractEvidence' | 'generateInsights' | 'assignPersonas' | 'attributeAnswers' | 'synthesize';

/**
 * The real local analyzer behind the Analyzer port, with call counting and switchable fault
 * injection: the way a provider outage looks to a step.
 */
export class CountingAnalyzer implements Analyzer {
  readonly name = 'local+counting';
  readonly calls: Record<Method, number> = { extractEvidence: 0, generateInsights: 0, assignPersonas: 0, attributeAnswers: 0, synthesize: 0 };
  /** What each method returned, in call order (to compare with what the store kept). */
  readonly results: { [M in Method]: Awaited<ReturnType<Analyzer[M]>>[] } = {
    extractEvidence: [], generateInsights: [], assignPersonas: [], attributeAnswers: [], synthesize: [],
  };
  failing = new Set<Method>();
  /** Fail the next N calls of a method, then succeed. */
  failNext = new Map<Method, number>();
  private readonly inner: LocalAnalyzer;

  constructor(opts: { delayMs?: number } = {}) {
    this.inner = new LocalAnalyzer(opts);
  }

  private wrap<M extends Method>(m: M): Analyzer[M] {
    return (async (req: never, ctx: never) => {
      this.calls[m]++;
      if (this.failing.has(m)) throw new Error(`injected ${m} failure`);
      const left = this.failNext.get(m) ?? 0;
      if (left > 0) {
        this.failNext.set(m, left - 1);
        throw new Error(`injected transient ${m} failure`);
      }
      const out = await (this.inner[m] as (a: never, b: never) => Promise<unknown>)(req, ctx);
      (this.results[m] as unknown[]).push(out);
      return out;
    }) as Analyzer[M];
  }

  extractEvidence = this.wrap('extractEvidence');
  generateInsights = this.wrap('generateInsights');
  assignPersonas = this.wrap('assignPersonas');
  attributeAnswers = this.wrap('attributeAnswers');
  synthesize = this.wrap('synthesize');
}
