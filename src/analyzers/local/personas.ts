import type { PersonaProposal } from '../../domain/analysis.js';
import type { PersonasRequest } from '../../ports/analyzer.js';

/**
 * Phase-1 personas: one persona per participant role, assigned to every participant with the
 * evidence that speaks for them. (Replaced by facet-profile clustering.)
 */
export function personasFor(req: PersonasRequest): PersonaProposal[] {
  const participants = req.people.filter((p) => p.role === 'participant');
  if (participants.length === 0) return [];
  const goals = pick(req, 'goal');
  const pains = pick(req, 'pain');
  return [{
    name: 'Participant',
    description: 'People interviewed as participants in this project.',
    goals,
    pains,
    assignments: participants.map((p) => {
      const ev = req.evidence.filter((e) => e.personId === p.id)
        .sort((a, b) => b.confidence - a.confidence || a.startMs - b.startMs).slice(0, 5);
      return { personId: p.id, confidence: ev.length > 0 ? 0.6 : 0.3, evidenceIds: ev.map((e) => e.id) };
    }),
  }];
}

function pick(req: PersonasRequest, kind: string): string[] {
  return req.evidence.filter((e) => e.facets.some((f) => f.kind === kind))
    .sort((a, b) => b.confidence - a.confidence || a.startMs - b.startMs)
    .slice(0, 3).map((e) => e.gist);
}
