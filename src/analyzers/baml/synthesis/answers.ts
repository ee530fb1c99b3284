import { b } from '../../../baml_client/index.js';
import { StudyStatus, type PartialFinding, type ResearchQuestion, type SynthQuote } from '../../../baml_client/types.js';
import type { AnswerSentence, ProjectQuestion, StudyAnswer } from '../../../domain/synthesis.js';
import { knownIds, type SynthesisCalls } from './calls.js';
import { cmp, type ProjectIndex } from './project.js';

const PART = 'answers';

/**
 * Fewer supporting participants than max(2, 10% of participants) is "not enough evidence", said
 * plainly without asking a model (the same rule as the local analyzer).
 */
const MIN_PARTICIPANTS = 2;
const MIN_SHARE = 0.1;

interface Finding { text: string; evidenceIds: string[] }
interface Verdict { status: StudyStatus | null; headline: string }

/**
 * Study-level answers by map-reduce, one question at a time. The quotes an answer rests on are
 * those the interviews' own answers cited. Map: the question + a batch of quotes (with
 * participant and interviewer question) -> findings citing evidence ids. Reduce: findings (text
 * only) -> sentences citing findings, resolved here to the findings' evidence. Every count in
 * the answer is computed here from the cited evidence.
 */
export async function synthesizeAnswers(calls: SynthesisCalls, project: ProjectIndex): Promise<StudyAnswer[]> {
  const questions = [...project.input.questions].sort((a, b) => a.position - b.position || cmp(a.id, b.id));
  const out: StudyAnswer[] = [];
  for (const q of questions) out.push(await answerQuestion(calls, project, q));
  return out;
}

async function answerQuestion(calls: SynthesisCalls, project: ProjectIndex, q: ProjectQuestion): Promise<StudyAnswer> {
  const total = project.participants.length;
  const resting = project.input.answers
    .filter((a) => a.questionId === q.id && (a.status === 'answered' || a.status === 'partially_answered'))
    .filter((a) => a.evidenceIds.some((id) => project.evidenceById.has(id)))
    .sort((a, b) => cmp(project.interviewLabel.get(a.interviewId) ?? '', project.interviewLabel.get(b.interviewId) ?? '') || cmp(a.id, b.id));
  const units = [...new Set(resting.flatMap((a) => a.evidenceIds))].filter((id) => project.evidenceById.has(id))
    .map((id) => project.evidenceById.get(id)!).sort((a, b) => cmp(a.key, b.key));
  const supporters = project.prevalence(units.map((e) => e.id)).participants;
  const base = {
    questionId: q.id,
    participantsSupporting: supporters,
    participantsTotal: total,
    interviewsAddressed: new Set(resting.map((a) => a.interviewId)).size,
    interviewsTotal: project.input.interviews.length,
    interviewAnswerIds: resting.map((a) => a.id),
  };
  const thin = (sentences: AnswerSentence[]): StudyAnswer => ({
    ...base, status: 'not_enough_evidence', summary: `not enough evidence: ${project.count(supporters)} spoke to this`, sentences,
  });
  const threshold = Math.max(MIN_PARTICIPANTS, Math.ceil(MIN_SHARE * total));
  if (supporters < threshold) {
    const quoted = project.strongest(units, 3).map((e) => e.id);
    return thin(quoted.length ? [{ text: `Only ${project.count(supporters)} spoke to this.`, evidenceIds: quoted, participants: supporters }] : []);
  }

  const question: ResearchQuestion = { id: q.id, text: q.text };
  const quotes = units.map((e) => project.quote(e));
  const ci = calls.customInstructions;
  const batches = await calls.fitBatches(quotes, (batch) => (o) => b.request.AnswerStudyQuestion(question, batch, ci, o),
    (r) => calls.textTokens(JSON.stringify(r)), 'answer batch');
  calls.part(PART).batches += batches.length;
  const known = new Set(units.map((e) => e.id));
  const verdict: Verdict = { status: null, headline: '' };
  const mapped = await calls.inPool(batches, (batch) => mapQuotes(calls, question, batch, known, verdict, batches.length === 1));
  let findings = mapped.flat();
  if (batches.length > 1) {
    findings = await calls.reduce(PART, findings, {
      render: (group) => (o) => b.request.MergeStudyAnswer(question, partials(group), ci, o),
      estimate: (f) => calls.textTokens(JSON.stringify(partials([f])[0])),
      merge: (group) => mergeFindings(calls, question, group, verdict),
    });
  }
  const sentences: AnswerSentence[] = findings.map((f) => {
    const ids = [...new Set(f.evidenceIds)].sort(cmp);
    const people = project.prevalence(ids).participants;
    return { text: `${f.text.replace(/\s+$/, '')} (${project.count(people)})`, evidenceIds: ids, participants: people };
  }).sort((a, b) => b.participants - a.participants);
  if (sentences.length === 0 || verdict.status === StudyStatus.NOT_ENOUGH_EVIDENCE) return thin(sentences);
  const status = verdict.status === StudyStatus.PARTIALLY_ANSWERED ? 'partially_answered' as const : 'answered' as const;
  const headline = verdict.headline.trim() || sentences[0]!.text;
  return {
    ...base,
    status,
    summary: `${project.count(supporters)} in ${base.interviewsAddressed} of ${base.interviewsTotal} interviews answered this: ${headline}`,
    sentences,
  };
}

async function mapQuotes(calls: SynthesisCalls, question: ResearchQuestion, batch: SynthQuote[], known: Set<string>, verdict: Verdict, final: boolean): Promise<Finding[]> {
  const ci = calls.customInstructions;
  const out = await calls.call(PART, 'map', {
    fn: 'AnswerStudyQuestion',
    invoke: (o) => b.AnswerStudyQuestion(question, batch, ci, o),
    render: (o) => b.request.AnswerStudyQuestion(question, batch, ci, o),
  });
  if (final) { verdict.status = out.status; verdict.headline = out.headline; }
  // an id the project holds but this question's quotes do not is not a citation of this answer
  return out.sentences.map((s) => ({ text: s.text.trim(), evidenceIds: knownIds(calls, s.evidenceIds, known) }))
    .filter((f) => f.text && f.evidenceIds.length > 0);
}

function partials(group: Finding[]): PartialFinding[] {
  return group.map((f, i) => ({ id: `f${i}`, text: f.text }));
}

async function mergeFindings(calls: SynthesisCalls, question: ResearchQuestion, group: Finding[], verdict: Verdict): Promise<Finding[]> {
  const input = partials(group);
  const ci = calls.customInstructions;
  const out = await calls.call(PART, 'reduce', {
    fn: 'MergeStudyAnswer',
    invoke: (o) => b.MergeStudyAnswer(question, input, ci, o),
    render: (o) => b.request.MergeStudyAnswer(question, input, ci, o),
  });
  // the last merge to run is the one over everything (levels run in order)
  verdict.status = out.status;
  verdict.headline = out.headline;
  const ids = new Map(input.map((p, i) => [p.id, group[i]!]));
  const merged: Finding[] = [];
  for (const s of out.sentences) {
    const members = knownIds(calls, s.findingIds, ids).map((id) => ids.get(id)!);
    if (members.length === 0 || !s.text.trim()) continue;
    merged.push({ text: s.text.trim(), evidenceIds: [...new Set(members.flatMap((f) => f.evidenceIds))] });
  }
  return merged.length ? merged : group;
}
