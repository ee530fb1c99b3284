import type { SynthesisInput, SynthesisOutput } from '../domain/synthesis.js';

/**
 * Keeps only what the project holds: every cited evidence id must be a participant's evidence in
 * the input, every member a participant, every question and per-interview answer the project's.
 * Ids that do not exist are dropped and counted (a model may invent them); a sentence left with
 * no citation, a theme left with no supporting evidence or a persona left with fewer than two
 * members goes too.
 */
export function enforceCitations(input: SynthesisInput, out: SynthesisOutput): SynthesisOutput {
  const evidence = new Set(input.evidence.map((e) => e.id));
  const people = new Set(input.participants.map((p) => p.personId));
  const questions = new Set(input.questions.map((q) => q.id));
  const answerIds = new Set(input.answers.map((a) => a.id));
  let dropped = out.droppedCitations;
  const keep = (ids: string[], known: Set<string>) => {
    const kept = [...new Set(ids)].filter((id) => known.has(id));
    dropped += ids.length - kept.length - (ids.length - new Set(ids).size);
    return kept;
  };

  const themes = out.themes.map((t) => {
    const ids = keep(t.evidence.map((e) => e.evidenceId), evidence);
    const ok = new Set(ids);
    const seen = new Set<string>();
    const links = t.evidence.filter((e) => ok.has(e.evidenceId) && !seen.has(e.evidenceId) && (seen.add(e.evidenceId), true));
    const quote = t.quoteEvidenceId && ok.has(t.quoteEvidenceId) ? t.quoteEvidenceId
      : links.find((l) => l.role === 'supporting')?.evidenceId ?? null;
    return { ...t, evidence: links, quoteEvidenceId: quote };
  }).filter((t) => t.evidence.some((e) => e.role === 'supporting'));

  const answers = out.answers.filter((a) => questions.has(a.questionId)).map((a) => {
    const sentences = a.sentences.map((s) => ({ ...s, evidenceIds: keep(s.evidenceIds, evidence) }))
      .filter((s) => s.evidenceIds.length > 0);
    return { ...a, sentences, interviewAnswerIds: keep(a.interviewAnswerIds, answerIds) };
  });

  const personas = out.personas.map((p) => ({
    ...p,
    goals: p.goals.filter((g) => keep([g.evidenceId], evidence).length === 1),
    pains: p.pains.filter((g) => keep([g.evidenceId], evidence).length === 1),
    members: p.members.filter((m) => keep([m.personId], people).length === 1)
      .map((m) => ({ ...m, evidenceIds: keep(m.evidenceIds, evidence) })),
  })).filter((p) => p.members.length >= 2);
  const members = new Set(personas.flatMap((p) => p.members.map((m) => m.personId)));
  const unassigned = input.participants.map((p) => p.personId).filter((id) => !members.has(id));

  return {
    themes,
    answers,
    personas,
    unassigned,
    coverage: { substantive: out.coverage.substantive, unthemed: keep(out.coverage.unthemed, evidence) },
    droppedCitations: dropped,
  };
}
