import type { ParsedUtterance, SpeakerRole } from '../domain/transcript.js';
import { countWords } from './text.js';

/**
 * Which speakers are interviewers. Names given by the caller win (case-insensitive). Otherwise:
 * well-known labels (AI, Assistant, Interviewer, ...) are interviewers and (User, Participant, ...)
 * participants; failing that, the speaker whose turns are mostly questions - with a bonus for
 * speaking first and for short turns - is the interviewer, and so is any further speaker whose
 * turns are mostly questions. With two or more speakers at least one is always a participant.
 */

/** Research-team labels, numbered or not ("Interviewer1", "Interviewer 2", "Note-taker"). */
const INTERVIEWER_LABELS = /^(?:ai|assistant|q|(?:interviewer|moderator|researcher|host|co-?host|facilitator|note[- ]?taker|observer|research(?:er)? assistant)(?:\s*[-#]?\s*\d+)?)$/i;
const PARTICIPANT_LABELS = /^(?:user|participant|interviewee|respondent|customer|guest|human|a|participant \d+|interviewee \d+|respondent \d+|user \d+|customer \d+)$/i;

const CO_INTERVIEWER_QUESTION_RATIO = 0.6;

const QUESTION_START = /^(?:who|what|when|where|why|how|which|can|could|would|will|do|does|did|is|are|was|were|have|has|tell me|walk me|describe|talk me)\b/i;

interface SpeakerStats {
  speaker: string;
  turns: number;
  questions: number;
  words: number;
  firstIndex: number;
  lastIndex: number;
}

function isQuestion(text: string): boolean {
  const t = text.trim();
  if (/\?["'”’)]*$/.test(t)) return true;
  // a turn that asks somewhere: a question mark in its last paragraph, or opens with a question word
  const lastParagraph = t.split(/\n\s*\n/).pop() ?? t;
  return lastParagraph.includes('?') || QUESTION_START.test(t);
}

function stats(utterances: ParsedUtterance[], wordCounts?: readonly number[]): SpeakerStats[] {
  const by = new Map<string, SpeakerStats>();
  utterances.forEach((u, i) => {
    const s = by.get(u.speaker) ?? { speaker: u.speaker, turns: 0, questions: 0, words: 0, firstIndex: i, lastIndex: i };
    s.turns++;
    s.lastIndex = i;
    s.words += wordCounts?.[i] ?? countWords(u.text);
    if (isQuestion(u.text)) s.questions++;
    by.set(u.speaker, s);
  });
  return [...by.values()];
}

/** Higher = more interviewer-like. */
function interviewerScore(s: SpeakerStats, all: SpeakerStats[]): number {
  const questionRatio = s.questions / s.turns;
  const avgWords = s.words / s.turns;
  const maxAvg = Math.max(...all.map((o) => o.words / o.turns), 1);
  const first = s.firstIndex === Math.min(...all.map((o) => o.firstIndex)) ? 0.15 : 0;
  return questionRatio + first + 0.25 * (1 - avgWords / maxAvg);
}

function inferByScore(all: SpeakerStats[]): Map<string, SpeakerRole> {
  const roles = new Map<string, SpeakerRole>(all.map((s) => [s.speaker, 'participant'] as const));
  if (all.length < 2) return roles; // a monologue has no interviewer
  const ranked = [...all].sort((a, b) => interviewerScore(b, all) - interviewerScore(a, all) || a.firstIndex - b.firstIndex);
  roles.set(ranked[0]!.speaker, 'interviewer');
  // co-interviewers: others who mostly ask (on the creatives tuning set interviewer turns are
  // >= 73% questions, participant turns <= 44%); the least interviewer-like speaker always stays
  // a participant
  for (const s of ranked.slice(1, -1)) if (s.questions / s.turns >= CO_INTERVIEWER_QUESTION_RATIO) roles.set(s.speaker, 'interviewer');
  return roles;
}

/** `wordCounts[i]`, when given, is countWords of utterance i (prepareTranscript counts once for roles and timing). */
export function inferRoles(utterances: ParsedUtterance[], interviewers?: string[], wordCounts?: readonly number[]): Map<string, SpeakerRole> {
  const all = stats(utterances, wordCounts);
  const roles = new Map<string, SpeakerRole>(all.map((s) => [s.speaker, 'participant'] as const));
  if (all.length === 0) return roles;

  const given = new Set((interviewers ?? []).map((n) => n.trim().toLowerCase()).filter(Boolean));
  if (given.size > 0) {
    const named = all.filter((s) => given.has(s.speaker.toLowerCase()));
    // names that match nobody, or everybody in a conversation, cannot be right: infer instead
    if (named.length > 0 && (named.length < all.length || all.length === 1)) {
      for (const s of named) roles.set(s.speaker, 'interviewer');
      return roles;
    }
  }

  const byLabel = all.filter((s) => INTERVIEWER_LABELS.test(s.speaker));
  const others = all.filter((s) => !INTERVIEWER_LABELS.test(s.speaker));
  if (byLabel.length > 0 && others.length > 0) {
    for (const s of byLabel) roles.set(s.speaker, 'interviewer');
    return roles;
  }
  const participantsByLabel = all.filter((s) => PARTICIPANT_LABELS.test(s.speaker));
  if (participantsByLabel.length > 0 && participantsByLabel.length < all.length) {
    // e.g. "Sam" and "User": the unlabelled speakers are candidates for the interviewer
    const candidates = all.filter((s) => !PARTICIPANT_LABELS.test(s.speaker));
    const pick = candidates.sort((a, b) => interviewerScore(b, all) - interviewerScore(a, all) || a.firstIndex - b.firstIndex)[0]!;
    roles.set(pick.speaker, 'interviewer');
    return roles;
  }
  return withNarrators(inferByScore(all), all);
}

/**
 * A speaker who only speaks before the interviewer's first turn, in at most two turns, reads the
 * introduction (a guest host or narrator, as podcasts do): research team, not a participant.
 * With two or more others, at least one participant always remains.
 */
function withNarrators(roles: Map<string, SpeakerRole>, all: SpeakerStats[]): Map<string, SpeakerRole> {
  const firstInterviewer = Math.min(...all.filter((s) => roles.get(s.speaker) === 'interviewer').map((s) => s.firstIndex));
  const participants = all.filter((s) => roles.get(s.speaker) === 'participant');
  if (participants.length < 2) return roles;
  for (const s of participants) {
    if (s.turns <= 2 && s.lastIndex < firstInterviewer) roles.set(s.speaker, 'interviewer');
  }
  return roles;
}
