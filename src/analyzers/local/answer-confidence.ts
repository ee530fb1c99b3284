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
  /** 0-based position in the answer. */
  rank: number;
  /** Share of the question's topic words the unit mentions. */
  coverage: number;
  /** Share of the question's topic words the interviewer turn asking it mentions (anchored units). */
  askCoverage: number;
}

export type Bin = 'anchored-close' | 'anchored-loose' | 'search-covered' | 'search-partial';

/** Rank did not separate anchored units on the tuning labels (0.91 in the top two, 0.96 below); how closely the turn asks the question did. */
export function binOf(f: LinkedUnitFeatures): Bin {
  if (f.anchored) return f.askCoverage >= 0.75 ? 'anchored-close' : 'anchored-loose';
  return f.coverage >= 0.5 ? 'search-covered' : 'search-partial';
}

/** P(relevant | bin), from `npx tsx scripts/eval/calibrate-answers.ts` on the tuning labels. */
export const RELEVANCE_BY_BIN: Record<Bin, number> = {
  'anchored-close': 0.96, // 170/177 relevant: the asking turn mentions >= 75% of the question's topic words
  'anchored-loose': 0.65, // 16/24: it mentions half of them
  'search-covered': 0.23, // 2/11
  'search-partial': 0.31, // 4/14: only the unit's prompt mentions the topic
};

export function answerConfidence(units: LinkedUnitFeatures[]): number {
  if (units.length === 0) return 0.5;
  const mean = units.reduce((a, f) => a + RELEVANCE_BY_BIN[binOf(f)], 0) / units.length;
  return Math.round(mean * 100) / 100;
}
