/**
 * Confidence of an answer = the expected share of its linked units that answer the question
 * (its expected precision), the mean of each unit's calibrated probability of being relevant.
 * Per-unit probabilities are binned reliability estimates (Laplace-smoothed share of relevant
 * units per bin) measured on the tuning labels (creatives and founders questions, see
 * `scripts/eval/calibrate-answers.ts`, which prints this table), never on the evaluation sets.
 */
export interface LinkedUnitFeatures {
  /** The unit replies to an interviewer turn asking the question. */
  anchored: boolean;
  /** Ranked by its whole turn in a free conversation (answer-turns.ts); `coverage` is then the turn's. */
  byTurn?: boolean;
  /** 0-based position in the answer. */
  rank: number;
  /** Share of the question's topic words the unit mentions. */
  coverage: number;
  /** Share of the question's topic words the interviewer turn asking it mentions (anchored units). */
  askCoverage: number;
  /** Interviewer turns taken as asking the question, of all the guide's asking turns. */
  askingTurns: number;
  guideTurns: number;
  /** Units of the reply to those turns. */
  replyUnits: number;
}

export type Bin = 'anchored-close' | 'anchored-loose' | 'anchored-ambiguous' | 'search-covered' | 'search-partial' | 'by-turn';

/**
 * A guide of more asking turns than this is a free conversation (a podcast host's 50-160 turns),
 * not a semi-structured interview guide (10-30 questions): there a turn that shares the question's
 * words often asks something else (measured on the tuning labels: 10/26 relevant vs 175/182).
 */
export const STRUCTURED_GUIDE_TURNS = 30;
/**
 * A shorter conversation is free too when the interviewer takes the floor more than
 * STRUCTURED_GUIDE_TURNS times in all (asking, and between the asks commenting or backchannelling,
 * as a podcast host does) and asks more than this many times: the structured guides of the tuning
 * sets ask 8-22 questions and the interviewer speaks only to ask; the founders podcasts under 30
 * asking turns (founders-talk-58: 27 of 38 host turns, -71: 25 of 48) anchored their answers on
 * host turns that asked something else (anchored-loose 5/10 relevant vs 36/38 on creatives).
 */
export const FREE_MIN_ASKING_TURNS = 20;

/** Whether an interview is a free conversation (see above): its units are then ranked by their turn. */
export function isFreeConversation(askingTurns: number, interviewerTurns: number): boolean {
  return askingTurns > STRUCTURED_GUIDE_TURNS || (askingTurns > FREE_MIN_ASKING_TURNS && interviewerTurns > STRUCTURED_GUIDE_TURNS);
}

/**
 * Rank did not separate anchored units on the tuning labels (0.91 in the top two, 0.96 below); how
 * closely and how unambiguously the turn asks the question did: several turns tying for it, or a
 * long free conversation, make the anchor doubtful. A free conversation's units are ranked by
 * their turn instead (`byTurn`), one bin of their own.
 */
export function binOf(f: LinkedUnitFeatures): Bin {
  if (f.byTurn) return 'by-turn';
  if (f.anchored) {
    if (f.askingTurns > 1 || f.guideTurns > STRUCTURED_GUIDE_TURNS) return 'anchored-ambiguous';
    return f.askCoverage >= 0.75 ? 'anchored-close' : 'anchored-loose';
  }
  return f.coverage >= 0.5 ? 'search-covered' : 'search-partial';
}

/**
 * P(relevant | bin) = (k+1)/(n+2) over the linked units of the tuning labels (creatives 10
 * interviews, founders 10), as printed by `npx tsx scripts/eval/calibrate-answers.ts`; recalibrated
 * when free conversations came to be ranked by turn (answer-turns.ts), which took the founders
 * units out of the anchored and search bins. Rerun it and paste its table after any ranking change.
 */
export const RELEVANCE_BY_BIN: Record<Bin, number> = {
  'anchored-close': 0.98, // 133/135 relevant: one turn of a structured guide asks it, mentioning >= 75% of the topic
  'anchored-loose': 0.93, // 36/38: it mentions half of the topic (41/43 while founders-talk-58 was anchored, not a free conversation)
  'anchored-ambiguous': 0.64, // 6/9: several turns tie for it
  'search-covered': 0.5, // none linked since founders-talk-58 is a free conversation (1/2 before; 16/36 when free conversations were searched too)
  'search-partial': 0.17, // 0/4 before search through a prompt needed the unit to say some of the topic; none since
  // a free conversation's turns: whether the exchange says all of the topic or only enough did not
  // separate them (12/20 vs 43/75 on the first 8 founders interviews); with the check batch (10): 67/125;
  // 72/135 once a question the conversation says one word of is answered in that word (saidTopic);
  // 92/165 with founders-talk-58 and -71, free conversations of under 30 asking turns (isFreeConversation)
  'by-turn': 0.56,
};

export function answerConfidence(units: LinkedUnitFeatures[]): number {
  if (units.length === 0) return 0.5;
  const mean = units.reduce((a, f) => a + RELEVANCE_BY_BIN[binOf(f)], 0) / units.length;
  return Math.round(mean * 100) / 100;
}
