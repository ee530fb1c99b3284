import { describe, expect, it } from 'vitest';
import { binOf, cellRelevance, fittedRelevance, RELEVANCE, relevanceOf, STRUCTURE_PRIOR, TUNING_COUNTS, type Bin, type CellCounts, type LinkedUnitFeatures } from '../../src/analyzers/local/answer-confidence.js';

// One rule for a cell's probability: the shipped table (relevanceOf) and the tables that
// scripts/eval/calibrate-answers.ts fits read cells, and fall back for empty ones, the same way.
describe('answer confidence cells', () => {
  it('fits Laplace-smoothed shares per cell and pooled per structure', () => {
    const counts: CellCounts = new Map([['conversation by-turn', { k: 1, n: 2 }], ['guide anchored-close', { k: 3, n: 3 }]]);
    const { table, prior } = fittedRelevance(counts);
    expect(table.conversation['by-turn']).toBeCloseTo(0.5, 6);
    expect(table.guide['anchored-close']).toBeCloseTo(0.8, 6);
    expect(prior).toEqual({ conversation: 0.5, guide: 0.8 });
  });

  it('reads an empty cell as the lower of the bin in the other structure and its structure pooled', () => {
    const { table, prior } = fittedRelevance(new Map([['conversation by-turn', { k: 1, n: 2 }], ['guide anchored-close', { k: 3, n: 3 }], ['guide by-turn', { k: 9, n: 10 }]]));
    // a conversation anchored like a guide is not trusted like a guide's anchor
    expect(cellRelevance(table, prior, 'conversation', 'anchored-close')).toBeCloseTo(0.5, 6);
    // nor a guide's unseen bin above the conversation's share of it
    expect(cellRelevance(table, prior, 'guide', 'by-turn')).toBeCloseTo(10 / 12, 6);
    expect(cellRelevance(table, prior, 'guide', 'search-partial')).toBeCloseTo(prior.guide, 6);
  });

  it('answers with the shipped table through the same rule', () => {
    const bins: [Bin, Partial<LinkedUnitFeatures>][] = [
      ['anchored-close', { anchored: true, askCoverage: 1 }],
      ['anchored-loose', { anchored: true, askCoverage: 0.5 }],
      ['anchored-ambiguous', { anchored: true, askCoverage: 1, askingTurns: 2 }],
      ['search-covered', { coverage: 0.5 }],
      ['search-partial', { coverage: 0.3 }],
      ['by-turn', { byTurn: true }],
    ];
    for (const conversation of [false, true]) {
      for (const [bin, over] of bins) {
        const f: LinkedUnitFeatures = { anchored: false, rank: 0, coverage: 1, askCoverage: 0, askingTurns: 1, guideTurns: 12, replyUnits: 2, conversation, ...over };
        expect(binOf(f)).toBe(bin);
        expect(relevanceOf(f)).toBe(cellRelevance(RELEVANCE, STRUCTURE_PRIOR, conversation ? 'conversation' : 'guide', bin));
      }
    }
  });

  it('ships the Laplace shares of the tuning counts, a podcast turn at 121 of 233 relevant', () => {
    const { table, prior } = fittedRelevance(TUNING_COUNTS);
    for (const structure of ['guide', 'conversation'] as const) {
      for (const [bin, p] of Object.entries(table[structure])) expect(Math.abs(RELEVANCE[structure][bin as Bin]! - p)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(STRUCTURE_PRIOR[structure] - prior[structure])).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // founders' 15 labelled podcasts (0.58 on the 11 before session 7's blind batch of 4)
    expect(TUNING_COUNTS.get('conversation by-turn')).toEqual({ k: 121, n: 233 });
    expect(RELEVANCE.conversation['by-turn']).toBe(0.52);
  });
});
