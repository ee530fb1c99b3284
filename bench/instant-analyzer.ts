import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import type { SynthesisInput, SynthesisOutput } from '../src/domain/synthesis.js';
import type { AnswerProposal, PersonaProposal, ProposedEvidence, ThemeProposal } from '../src/domain/analysis.js';
import type { Analyzer, AnalyzerContext, AnswersRequest, EvidenceRequest, InsightsRequest, PersonasRequest } from '../src/ports/analyzer.js';

/**
 * Bench-only analyzer that answers at once (no compute, no I/O), so what the bench measures is
 * the orchestration: BullMQ, the store and the step runner. Output has a realistic shape: one
 * quote per participant turn, one theme over all quotes, one persona for the participants, each
 * question answered by the first quote. Not a product setting: it lives in bench/ only.
 */
export class InstantAnalyzer implements Analyzer {
  readonly name = 'instant';
  private readonly local = new LocalAnalyzer();

  async extractEvidence(req: EvidenceRequest): Promise<ProposedEvidence[]> {
    return req.utterances.filter((u) => u.role === 'participant' && u.text.trim()).map((u) => ({
      utteranceId: u.id,
      verbatim: u.text,
      gist: u.text.slice(0, 60),
      confidence: 0.5,
      facets: [],
    }));
  }

  async generateInsights(req: InsightsRequest): Promise<ThemeProposal[]> {
    if (req.evidence.length === 0) return [];
    return [{
      name: 'Bench theme',
      statement: 'Every participant quote of the interview.',
      inclusionCriteria: '',
      evidence: req.evidence.map((e) => ({ evidenceId: e.id, confidence: 0.5 })),
    }];
  }

  async assignPersonas(req: PersonasRequest): Promise<PersonaProposal[]> {
    const participants = req.people.filter((p) => p.role === 'participant');
    if (participants.length === 0) return [];
    return [{
      name: 'Bench persona',
      description: 'Every participant.',
      goals: [],
      pains: [],
      assignments: participants.map((p) => ({
        personId: p.id,
        confidence: 0.5,
        evidenceIds: req.evidence.filter((e) => e.personId === p.id).slice(0, 3).map((e) => e.id),
      })),
    }];
  }

  async attributeAnswers(req: AnswersRequest): Promise<AnswerProposal[]> {
    const first = req.evidence[0];
    return req.questions.map((q) => ({
      questionId: q.id,
      status: first ? 'answered' : 'not_addressed',
      answer: first?.gist ?? '',
      confidence: 0.5,
      evidenceIds: first ? [first.id] : [],
    }));
  }

  /** Study-level synthesis is not a per-interview step: the local one, never timed here. */
  synthesize(input: SynthesisInput, ctx: AnalyzerContext): Promise<SynthesisOutput> {
    return this.local.synthesize(input, ctx);
  }
}
