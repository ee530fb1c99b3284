/**
 * Confidence of an answer = the expected share of its linked units that answer the question
 * (its expected precision), the mean of each unit's calibrated probability of being relevant.
 * Per-unit probabilities are binned reliability estimates (Laplace-smoothed share of relevant
 * units per bin) measured on the tuning labels (creatives and founders questions, see
 * `scripts/eval/calibrate-answers.ts`, which prints this table and its leave-one-interview-out
 * cross-validated ECE), never on the evaluation sets. The bins are read apart by the interview's
 * turn structure (`conversational`, answer-guide.ts): how the interviewer takes the floor transfers
 * to studies the tuning never saw, where the count of asks alone did not (an evaluation podcast
 * with few enough asks to be anchored like a guide was trusted as one: confidence 0.68, precision 0.54).
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
  /** The interviewer takes the floor without asking, as in a conversation (`conversational`, answer-guide.ts). */
  conversation?: boolean;
}

export type Bin = 'anchored-close' | 'anchored-loose' | 'anchored-ambiguous' | 'search-covered' | 'search-partial' | 'by-turn';

/**
 * A guide of more asking turns than this is a free conversation (a podcast host's 50-160 turns),
 * not a semi-structured interview guide (10-30 questions): there a turn that shares the question's
 * words often asks something else (measured on the tuning labels: 10/26 relevant vs 175/182).
 */
export const STRUCTURED_GUIDE_TURNS = 30;
/**
 * Whether an interview is a free conversation: more asking turns than a guide has, or an
 * interviewer who comments between the asks however few they are (`conversational`,
 * answer-guide.ts; the founders podcasts under 30 asks, -58 with 27 and -71 with 25, anchored their
 * answers on host turns that asked something else: anchored-loose 5/10 relevant vs 36/38 on
 * creatives). Its units are then ranked by their turn. On the 11 labelled founders podcasts, each
 * ranked both ways, by turn beat anchoring on 6 (P@5), tied on 4 and lost on 1, and answered as many
 * labelled pairs or more on 10. A moderator who only backchannels between the asks follows a guide.
 */
export function isFreeConversation(askingTurns: number, conversation: boolean): boolean {
  return conversation || askingTurns > STRUCTURED_GUIDE_TURNS;
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

/** The interview's turn structure: a guide (the interviewer speaks to ask) or a conversation. */
export type Structure = 'guide' | 'conversation';

/**
 * The linked units of the tuning labels per (structure, bin), k relevant of n (creatives 10
 * interviews: guides; founders 15: conversations), as printed by `npx tsx
 * scripts/eval/calibrate-answers.ts`. Each set is run both as routed and routed the other way
 * (a guide ranked by turn, a conversation anchored on its host's turns), so a conversation that
 * counts few enough asks to be anchored like a guide, as some podcasts do, is priced as a
 * conversation. Rerun the script and paste its counts after any ranking change or new labels.
 */
export const TUNING_COUNTS: CellCounts = new Map<CellKey, { k: number; n: number }>([
  ['guide anchored-close', { k: 133, n: 135 }], // one turn of a structured guide asks it, mentioning >= 75% of the topic
  ['guide anchored-loose', { k: 36, n: 38 }], // it mentions half of the topic
  ['guide anchored-ambiguous', { k: 6, n: 9 }], // several turns tie for it
  ['guide by-turn', { k: 143, n: 147 }], // routed the other way: a guide ranked by turn (routed so when it asks more than 30 times)
  ['conversation anchored-loose', { k: 5, n: 10 }], // routed the other way (founders anchored), as are the next three
  ['conversation anchored-ambiguous', { k: 10, n: 36 }],
  ['conversation search-covered', { k: 30, n: 75 }],
  ['conversation search-partial', { k: 2, n: 3 }],
  // as routed: a free conversation's turns; 101/174 (0.58) on the 11 podcasts labelled before session 7's blind batch of 4
  ['conversation by-turn', { k: 121, n: 233 }],
]);

const round2 = (x: number) => Math.round(x * 100) / 100;
const fit = fittedRelevance(TUNING_COUNTS);

/**
 * P(relevant | structure, bin) = (k+1)/(n+2) of TUNING_COUNTS, to two decimals. A cell with no
 * tuning units takes the lower of the bin's share in the other structure and its own structure's
 * pooled share (STRUCTURE_PRIOR, `cellRelevance`): a guide's search hit is not trusted like its
 * anchored replies, nor a conversation's close anchor like a guide's.
 */
export const RELEVANCE: RelevanceTable = {
  guide: Object.fromEntries(Object.entries(fit.table.guide).map(([b, p]) => [b, round2(p)])),
  conversation: Object.fromEntries(Object.entries(fit.table.conversation).map(([b, p]) => [b, round2(p)])),
};

/** A structure's pooled share of relevant units, for a bin it has no tuning units in. */
export const STRUCTURE_PRIOR: Record<Structure, number> = { guide: round2(fit.prior.guide), conversation: round2(fit.prior.conversation) };

export type RelevanceTable = Record<Structure, Partial<Record<Bin, number>>>;

export function structureOf(f: LinkedUnitFeatures): Structure {
  return f.conversation ? 'conversation' : 'guide';
}

/**
 * P(relevant) of a (structure, bin) cell in a table: its own share, else (no tuning units in it)
 * the lower of the bin's share in the other structure and the structure's pooled share. The one
 * rule for the shipped table (`relevanceOf`) and for the tables scripts/eval/calibrate-answers.ts
 * fits, in sample and without each held-out interview.
 */
export function cellRelevance(table: RelevanceTable, prior: Record<Structure, number>, structure: Structure, bin: Bin): number {
  const other = table[structure === 'guide' ? 'conversation' : 'guide'][bin];
  return table[structure][bin] ?? Math.min(other ?? 1, prior[structure]);
}

/** A cell of the table: an interview's turn structure and a linked unit's bin. */
export type CellKey = `${Structure} ${Bin}`;
/** Counts of linked units per cell (k relevant of n). */
export type CellCounts = Map<CellKey, { k: number; n: number }>;

/** The table and pooled shares of counted units, Laplace-smoothed ((k+1)/(n+2)) as RELEVANCE and STRUCTURE_PRIOR are. */
export function fittedRelevance(counts: CellCounts): { table: RelevanceTable; prior: Record<Structure, number> } {
  const share = (c: { k: number; n: number }) => (c.k + 1) / (c.n + 2);
  const table: RelevanceTable = { guide: {}, conversation: {} };
  const pooled = { guide: { k: 0, n: 0 }, conversation: { k: 0, n: 0 } };
  for (const [cell, c] of counts) {
    const [structure, bin] = cell.split(' ') as [Structure, Bin];
    table[structure][bin] = share(c);
    pooled[structure].k += c.k;
    pooled[structure].n += c.n;
  }
  return { table, prior: { guide: share(pooled.guide), conversation: share(pooled.conversation) } };
}

export function relevanceOf(f: LinkedUnitFeatures): number {
  return cellRelevance(RELEVANCE, STRUCTURE_PRIOR, structureOf(f), binOf(f));
}

export function answerConfidence(units: LinkedUnitFeatures[]): number {
  if (units.length === 0) return 0.5;
  const mean = units.reduce((a, f) => a + relevanceOf(f), 0) / units.length;
  return Math.round(mean * 100) / 100;
}
