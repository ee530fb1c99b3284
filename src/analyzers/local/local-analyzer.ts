import type { AnswerProposal, PersonaProposal, ProposedEvidence, ThemeProposal } from '../../domain/analysis.js';
import { StepTimeoutError } from '../../domain/errors.js';
import type {
  Analyzer, AnalyzerContext, AnswersRequest, EvidenceRequest, InsightsRequest, PersonasRequest,
} from '../../ports/analyzer.js';
import { answersFor } from './answers.js';
import type { Codebook } from './codebook.js';
import { evidenceFor } from './evidence.js';
import { personasFor } from './personas.js';
import { themesFor } from './themes.js';
import { synthesizeLocal } from './synthesis/index.js';
import type { SynthesisInput, SynthesisOutput } from '../../domain/synthesis.js';

export interface LocalAnalyzerOptions {
  /** Artificial delay per call (ms); tests use it to observe steps running in parallel. */
  delayMs?: number | undefined;
  /** Deductive codes applied before inductive coding (default: none, coding is inductive). */
  codebook?: Codebook | undefined;
}

/** Offline, deterministic analyzer: the default when no LLM is configured. */
export class LocalAnalyzer implements Analyzer {
  readonly name = 'local';
  private readonly delayMs: number;
  private readonly codebook: Codebook | undefined;

  constructor(opts: LocalAnalyzerOptions = {}) {
    this.delayMs = Math.max(0, opts.delayMs ?? 0);
    this.codebook = opts.codebook;
  }

  async extractEvidence(req: EvidenceRequest, ctx: AnalyzerContext): Promise<ProposedEvidence[]> {
    await this.pause(ctx);
    return evidenceFor(req.utterances);
  }

  async generateInsights(req: InsightsRequest, ctx: AnalyzerContext): Promise<ThemeProposal[]> {
    await this.pause(ctx);
    // the project's codebook (API) wins over the process-wide one (LOCAL_CODEBOOK_FILE, --codebook)
    return themesFor(req.evidence, req.existingThemes ?? [], { codebook: req.codebook ?? this.codebook });
  }

  async assignPersonas(req: PersonasRequest, ctx: AnalyzerContext): Promise<PersonaProposal[]> {
    await this.pause(ctx);
    return personasFor(req);
  }

  async attributeAnswers(req: AnswersRequest, ctx: AnalyzerContext): Promise<AnswerProposal[]> {
    await this.pause(ctx);
    return answersFor(req);
  }

  async synthesize(input: SynthesisInput, ctx: AnalyzerContext): Promise<SynthesisOutput> {
    await this.pause(ctx);
    return synthesizeLocal(input);
  }

  private pause(ctx: AnalyzerContext): Promise<void> {
    return localPause(this.delayMs, ctx);
  }
}

/** The artificial delay of LOCAL_ANALYZER_DELAY_MS (also used by the threaded analyzer), abortable. */
export async function localPause(delayMs: number, ctx: AnalyzerContext): Promise<void> {
  ctx.signal.throwIfAborted?.();
  if (delayMs === 0) return;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => { clearTimeout(t); reject(new StepTimeoutError('local analyzer call aborted')); };
    const t = setTimeout(() => { ctx.signal.removeEventListener('abort', onAbort); resolve(); }, delayMs);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}
