import { createHash } from 'node:crypto';
import { ProposedEvidence as ProposedEvidenceSchema } from '../domain/analysis.js';
import type { AnchorSource, EvidenceUnit, ProposedEvidence } from '../domain/analysis.js';
import type { Utterance } from '../domain/transcript.js';
import { normalize, normalizeWithMap, originalSpan, spannedTokens, type NormalizedText } from './normalize.js';

/**
 * The verbatim guard, shared by every analyzer: a proposed quote is stored only as an exact
 * substring of a participant utterance. Quotes are matched after case/punctuation/whitespace
 * normalisation; a quote that is not in its utterance is looked up in the other participant
 * utterances, then fuzzily repaired (longest common run of words), otherwise dropped. The model's
 * own text is never stored. Timestamps come from the transcript, never from the analyzer.
 */

export type AnchoredEvidence = EvidenceUnit & { utteranceIdx: number };

export interface AnchorResult {
  units: AnchoredEvidence[];
  /** Quotes stored from a different utterance or from a fuzzy repair. */
  repaired: number;
  /** Quotes that could not be found (or were interviewer speech / invalid). */
  dropped: number;
}

/** A fuzzy repair keeps the longest common run of words if it is long enough to be the same claim. */
const MIN_REPAIR_WORDS = 4;
const MIN_REPAIR_SHARE = 0.5;

interface Candidate {
  utt: Utterance;
  norm: NormalizedText;
}

interface Match {
  utt: Utterance;
  start: number;
  end: number;
  repaired: boolean;
}

export function anchorEvidence(
  interviewId: string,
  proposed: ProposedEvidence[],
  utterances: Utterance[],
): AnchorResult {
  const participants: Candidate[] = utterances
    .filter((u) => u.role === 'participant')
    .map((utt) => ({ utt, norm: normalizeWithMap(utt.text) }));
  const byId = new Map(participants.map((c) => [c.utt.id, c]));
  const units: AnchoredEvidence[] = [];
  const seen = new Set<string>();
  let repaired = 0;
  let dropped = 0;

  for (const raw of proposed) {
    const parsed = ProposedEvidenceSchema.safeParse(raw);
    if (!parsed.success) { dropped++; continue; }
    const p = parsed.data;
    const match = locate(p, byId.get(p.utteranceId), participants);
    if (!match) { dropped++; continue; }
    const { utt, start, end } = match;
    const key = evidenceKey(interviewId, utt.speaker, utt.index, start, end);
    if (seen.has(key)) continue;
    seen.add(key);
    if (match.repaired) repaired++;
    const timing = timestamps(utt, start, end);
    units.push({
      utteranceId: utt.id,
      verbatim: utt.text.slice(start, end),
      gist: p.gist,
      confidence: p.confidence,
      facets: p.facets,
      key,
      speaker: utt.speaker,
      startMs: timing.startMs,
      endMs: timing.endMs,
      anchor: timing.anchor,
      utteranceIdx: utt.index,
    });
  }
  return { units, repaired, dropped };
}

/** Stable across re-runs: links and user curation keyed on it survive re-analysis. */
export function evidenceKey(interviewId: string, speaker: string, utteranceIndex: number, start: number, end: number): string {
  return createHash('sha1')
    .update(`${interviewId}\u0000${speaker}\u0000${utteranceIndex}\u0000${start}-${end}`)
    .digest('hex')
    .slice(0, 20);
}

function locate(p: ProposedEvidence, own: Candidate | undefined, all: Candidate[]): Match | null {
  const quote = normalize(p.verbatim);
  if (quote.length === 0) return null;
  if (own) {
    const span = findNormalized(own, quote);
    if (span) return { utt: own.utt, ...span, repaired: false };
  }
  for (const c of all) {
    if (c === own) continue;
    const span = findNormalized(c, quote);
    if (span) return { utt: c.utt, ...span, repaired: true };
  }
  return fuzzyRepair(quote, own, all);
}

/** Exact match of normalised text on word boundaries, mapped back to an original span. */
function findNormalized(c: Candidate, quote: string): { start: number; end: number } | null {
  const hay = c.norm.text;
  let from = 0;
  for (;;) {
    const at = hay.indexOf(quote, from);
    if (at < 0) return null;
    const end = at + quote.length;
    const okStart = at === 0 || hay[at - 1] === ' ';
    const okEnd = end === hay.length || hay[end] === ' ';
    if (okStart && okEnd) {
      const [s, e] = originalSpan(c.utt.text, c.norm, at, end);
      return { start: s, end: withClosingPunctuation(c.utt.text, e) };
    }
    from = at + 1;
  }
}

/** Longest common run of words between the quote and one utterance (own utterance first). */
function fuzzyRepair(quote: string, own: Candidate | undefined, all: Candidate[]): Match | null {
  const q = quote.split(' ');
  const needed = Math.max(Math.min(MIN_REPAIR_WORDS, q.length), Math.ceil(q.length * MIN_REPAIR_SHARE));
  const order = own ? [own, ...all.filter((c) => c !== own)] : all;
  let best: { c: Candidate; start: number; end: number; len: number } | null = null;
  for (const c of order) {
    const toks = spannedTokens(c.utt.text);
    const run = longestCommonRun(q, toks.map((t) => t.norm));
    if (run.len > (best?.len ?? 0)) {
      best = { c, start: toks[run.endB - run.len + 1]!.start, end: toks[run.endB]!.end, len: run.len };
    }
  }
  if (!best || best.len < needed) return null;
  return { utt: best.c.utt, start: best.start, end: withClosingPunctuation(best.c.utt.text, best.end), repaired: true };
}

/** Keep the sentence's own closing punctuation so stored quotes read naturally. */
function withClosingPunctuation(text: string, end: number): number {
  let e = end;
  while (e < text.length && e - end < 3 && /[.!?…"”’')\]]/u.test(text[e]!)) e++;
  return e;
}

function longestCommonRun(a: string[], b: string[]): { len: number; endB: number } {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  let len = 0;
  let endB = -1;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        const v = prev[j - 1]! + 1;
        cur[j] = v;
        if (v > len) { len = v; endB = j - 1; }
      } else {
        cur[j] = 0;
      }
    }
    [prev, cur] = [cur, prev];
  }
  return { len, endB };
}

/** Timestamps inside the utterance: word timings, else interpolation by character, else bounds. */
export function timestamps(utt: Utterance, start: number, end: number): { startMs: number; endMs: number; anchor: AnchorSource } {
  const lo = utt.startMs;
  const hi = Math.max(utt.startMs, utt.endMs);
  const clamp = (v: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  if (utt.words && utt.words.length > 0) {
    const exact = fromWords(utt, start, end);
    if (exact) {
      const s = clamp(exact.startMs);
      return { startMs: s, endMs: Math.max(s, clamp(exact.endMs)), anchor: 'exact' };
    }
  }
  const len = utt.text.length;
  if (hi > lo && len > 0 && !(start === 0 && end >= len)) {
    const dur = hi - lo;
    const s = clamp(lo + (dur * start) / len);
    return { startMs: s, endMs: Math.max(s, clamp(lo + (dur * end) / len)), anchor: 'interpolated' };
  }
  return { startMs: lo, endMs: hi, anchor: 'utterance' };
}

/** Align the utterance's words to its text in order, then take the words overlapping the span. */
function fromWords(utt: Utterance, start: number, end: number): { startMs: number; endMs: number } | null {
  const toks = spannedTokens(utt.text);
  const words = utt.words!;
  let ti = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const w of words) {
    const wn = normalize(w.text).split(' ')[0];
    if (!wn) continue;
    let k = ti;
    while (k < toks.length && k < ti + 3 && toks[k]!.norm !== wn) k++;
    if (k >= toks.length || toks[k]!.norm !== wn) continue; // word not in text: skip it
    ti = k + 1;
    const t = toks[k]!;
    if (t.end > start && t.start < end) {
      if (first === null) first = w.startMs;
      last = w.endMs;
    }
  }
  if (first === null || last === null) return null;
  return { startMs: first, endMs: last };
}
