import { FACET_KINDS } from '../../../domain/analysis.js';
import type { ParticipantProfile, SynthesisEvidence } from '../../../domain/synthesis.js';
import type { Token } from '../nlp.js';
import { stem } from '../semantic/concept.js';
import { embedTokens } from '../semantic/embed.js';
import { cmp, push, type Canon } from './canon.js';
import { isContentWord } from './text.js';
import { selfRoles } from '../self-role.js';

/**
 * What a participant is, for clustering personas: what they talk about (the sentence vector of
 * everything they said, the project's mean removed so the study's shared topic does not count),
 * which project themes they take part in (weighted by rarity), and how they talk (the share of
 * their units carrying each facet kind, standardised over the project). Each part is unit length
 * before weighting, so the weights say how much each counts. A function of the canonical input.
 */
export interface PersonaFeatureOptions {
  /** Weight of what they talk about (sentence vectors). Default 1. */
  meaning?: number;
  /** Weight of the project themes they take part in. Default 0.8. */
  themes?: number;
  /** Weight of their facet profile. Default 0.3 (more, and noisy facet shares split people who talk about the same work). */
  facets?: number;
}

export interface ParticipantPoint {
  p: ParticipantProfile;
  units: SynthesisEvidence[];
  /** Share of their units with each facet kind (FACET_KINDS order). */
  share: number[];
  /** `share` standardised over the profiled participants. */
  z: number[];
  /** Stemmed content words they said (each once). */
  words: Set<string>;
  /** Roles they give themselves ("I'm a nurse" -> nurse), each once. */
  roles: Set<string>;
  /** Indexes of the project themes whose supporting evidence includes theirs. */
  themes: Set<number>;
  /** The clustering vector (unit length, or all zeros when nothing is known). */
  vector: number[];
}

export interface FeatureSpace {
  points: ParticipantPoint[];
  /** Mean facet share across the profiled participants. */
  meanShare: number[];
}

export function participantFeatures(
  c: Canon, profiled: ParticipantProfile[], themeEvidence: string[][], opts: PersonaFeatureOptions = {},
): FeatureSpace {
  const unitsOf = new Map<string, SynthesisEvidence[]>();
  for (const e of c.evidence) push(unitsOf, e.personId, e);
  const units = profiled.map((p) => unitsOf.get(p.personId) ?? []);

  const shares = profiled.map((p) => FACET_KINDS.map((k) => (p.facetCounts[k] ?? 0) / Math.max(1, p.evidenceCount)));
  const meanShare = FACET_KINDS.map((_, d) => shares.reduce((s, x) => s + x[d]!, 0) / Math.max(1, shares.length));
  const sd = FACET_KINDS.map((_, d) => Math.max(0.02, Math.sqrt(shares.reduce((s, x) => s + (x[d]! - meanShare[d]!) ** 2, 0) / Math.max(1, shares.length))));
  const z = shares.map((x) => x.map((v, d) => round6((v - meanShare[d]!) / sd[d]!)));

  // what they talk about: one SIF vector over all their content words, then the project mean removed
  const said = units.map((us) => us.flatMap((e) => c.words(e)));
  const meaning = said.map((ws) => embedTokens(ws.map(asToken)));
  const dims = meaning.find((v) => v)?.length ?? 0;
  const mean = new Array<number>(dims).fill(0);
  const embedded = meaning.filter((v): v is Float32Array => v !== null);
  for (const v of embedded) for (let i = 0; i < dims; i++) mean[i]! += v[i]! / embedded.length;
  const centred = meaning.map((v) => (v ? unit([...v].map((x, i) => x - mean[i]!)) : new Array<number>(dims).fill(0)));

  // the project themes they take part in, rarer themes weighing more
  const index = new Map(profiled.map((p, i) => [p.personId, i]));
  const themes = profiled.map(() => new Set<number>());
  themeEvidence.forEach((ids, t) => {
    for (const id of ids) {
      const who = c.evidenceById.get(id)?.personId;
      const i = who === undefined ? undefined : index.get(who);
      if (i !== undefined) themes[i]!.add(t);
    }
  });
  // the themes that can tell participants apart: held by two or more and at most half of them,
  // the most held first (bounded, so a project of thousands of themes clusters as fast)
  const df = themeEvidence.map(() => 0);
  for (const s of themes) for (const t of s) df[t]!++;
  const dims_ = df.map((n, t) => ({ n, t })).filter((x) => x.n >= 2 && x.n <= profiled.length / 2)
    .sort((a, b) => b.n - a.n || a.t - b.t).slice(0, MAX_THEME_DIMS).map((x) => x.t);
  const idf = dims_.map((t) => Math.log((1 + profiled.length) / df[t]!));
  const themeVec = themes.map((s) => unit(dims_.map((t, j) => (s.has(t) ? idf[j]! : 0))));

  const wM = opts.meaning ?? 1, wT = opts.themes ?? 0.8, wF = opts.facets ?? 0.3;
  const points = profiled.map((p, i) => {
    const vector = unit([
      ...centred[i]!.map((x) => x * wM),
      ...themeVec[i]!.map((x) => x * wT),
      ...unit(z[i]!).map((x) => x * wF),
    ]).map(round6);
    const words = new Set(said[i]!.map(stemOf));
    const roles = new Set(units[i]!.flatMap((e) => selfRoles(e.verbatim)).map(stemOf));
    return { p, units: units[i]!.slice().sort((a, b) => cmp(a.key, b.key)), share: shares[i]!, z: z[i]!, words, roles, themes: themes[i]!, vector };
  });
  return { points, meanShare };
}

/** Adjacent content-word pairs of a text (no punctuation between), as said and stemmed. */
export function pairsOf(text: string): { key: string; said: string }[] {
  const out: { key: string; said: string }[] = [];
  for (const piece of text.toLowerCase().replace(/['’‘`´]/gu, '').split(/[^\p{L}\p{N}\s]+/u)) {
    const ws = piece.split(/\s+/u).filter(Boolean);
    for (let i = 1; i < ws.length; i++) {
      if (isContentWord(ws[i - 1]!) && isContentWord(ws[i]!) && ws[i - 1] !== ws[i]) {
        out.push({ key: `${stemOf(ws[i - 1]!)} ${stemOf(ws[i]!)}`, said: `${ws[i - 1]} ${ws[i]}` });
      }
    }
  }
  return out;
}

/** stem() memoised: personas read every word of every unit several times. */
const stems = new Map<string, string>();
export function stemOf(w: string): string {
  let s = stems.get(w);
  if (s === undefined) {
    if (stems.size > 200_000) stems.clear();
    stems.set(w, (s = stem(w)));
  }
  return s;
}

/** Most project themes used as clustering dimensions. */
const MAX_THEME_DIMS = 64;

/** A content word as a token for embedTokens (content words are already free of stop words). */
const asTokens = new Map<string, Token>();
function asToken(w: string): Token {
  let t = asTokens.get(w);
  if (!t) {
    if (asTokens.size > 200_000) asTokens.clear();
    asTokens.set(w, (t = { text: w, lemma: w, pos: 'X', stop: false, type: 'word' }));
  }
  return t;
}

function unit(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return n === 0 ? v : v.map((x) => x / n);
}

/** Rounded so floating-point summation order can never change a comparison. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
