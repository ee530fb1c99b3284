import type { Facet, ProposedEvidence } from '../../domain/analysis.js';
import type { Utterance } from '../../domain/transcript.js';

/**
 * Long transcripts: evidence extraction runs on batches of whole utterances (ids intact), sized
 * in the model's tokens (see context.ts for the ceiling a model's context puts on it), each
 * starting with the last `overlap` utterances of the previous batch so an answer that spans a
 * batch boundary is seen whole at least once. An utterance longer than a batch is split into
 * text pieces that keep its id (a quote from a piece is still a quote from the utterance).
 */

/** Tokens an utterance line costs in the prompt besides its text and speaker (`[u12] (role): `, newline). */
const LINE_OVERHEAD_TOKENS = 10;

/** Counts tokens of a text (the model's tokenizer, see tokens.ts); characters / 4 when none is given. */
export type TokenCounter = (text: string) => number;
const approxTokens: TokenCounter = (t) => Math.ceil(t.length / 4);

export interface BatchUtterance {
  id: string;
  index: number;
  speaker: string;
  role: string;
  text: string;
}

export interface BatchOptions {
  /** Prompt tokens of utterances per batch. */
  maxTokens: number;
  /** Utterances repeated at the start of the next batch. */
  overlap: number;
  count?: TokenCounter | undefined;
}

/** Splits text at sentence ends (else spaces) into pieces of at most `max` characters. */
function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
    const at = cut > max / 2 ? cut + 1 : (window.lastIndexOf(' ') > max / 2 ? window.lastIndexOf(' ') : max);
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

export function batchUtterances(utterances: Utterance[], opts: BatchOptions): BatchUtterance[][] {
  const { maxTokens, overlap } = opts;
  const count = opts.count ?? approxTokens;
  const items: Array<BatchUtterance & { tokens: number }> = [];
  const maxText = Math.max(100, maxTokens - 50);
  for (const u of utterances) {
    const base = { id: u.id, index: u.index, speaker: u.speaker, role: u.role };
    const framing = count(u.speaker) + LINE_OVERHEAD_TOKENS;
    const tokens = count(u.text);
    if (tokens <= maxText) { items.push({ ...base, text: u.text, tokens: tokens + framing }); continue; }
    // split by characters in proportion to this text's own characters per token
    const maxChars = Math.max(200, Math.floor((maxText * u.text.length) / tokens));
    for (const piece of splitText(u.text, maxChars)) items.push({ ...base, text: piece, tokens: count(piece) + framing });
  }
  const cost = (u: { tokens: number }) => u.tokens;
  const limit = maxTokens;
  const batches: Array<Array<BatchUtterance & { tokens: number }>> = [];
  let current: Array<BatchUtterance & { tokens: number }> = [];
  let size = 0;
  let fresh = 0; // items in `current` not carried over from the previous batch
  for (const item of items) {
    if (fresh > 0 && size + cost(item) > limit) {
      batches.push(current);
      // Carry the tail over, but never so much that the new batch cannot take the next item.
      let carried = current.slice(Math.max(0, current.length - overlap));
      while (carried.length > 0 && carried.reduce((s, c) => s + cost(c), 0) + cost(item) > limit) carried = carried.slice(1);
      current = [...carried];
      size = carried.reduce((s, c) => s + cost(c), 0);
      fresh = 0;
    }
    current.push(item);
    size += cost(item);
    fresh += 1;
  }
  if (fresh > 0 || batches.length === 0) batches.push(current);
  return batches.filter((b) => b.length > 0).map((b) => b.map(({ tokens: _t, ...u }) => u));
}

/**
 * Greedy packing of items (synthesis inputs: codes, quotes, profiles) into batches of at most
 * `room` tokens by each item's estimated cost, order kept; an item larger than `room` is a
 * batch of its own (the caller checks the rendered prompt and splits or refuses).
 */
export function packByTokens<T>(items: readonly T[], cost: (item: T) => number, room: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const c = cost(item);
    if (current.length > 0 && size + c > room) { batches.push(current); current = []; size = 0; }
    current.push(item);
    size += c;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Case, punctuation and whitespace do not make two quotes different. */
export function quoteKey(utteranceId: string, verbatim: string): string {
  return `${utteranceId}|${verbatim.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
}

function facetKey(f: Facet): string {
  return `${f.kind}|${f.value.toLowerCase().trim()}`;
}

function words(text: string): string[] {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
}

/** Share of the smaller quote's words found in the other: 0.8+ is the same quote, re-worded slightly. */
function overlap(a: string, b: string): number {
  const wa = words(a);
  const wb = new Set(words(b));
  if (wa.length === 0 || wb.size === 0) return 0;
  const small = wa.length <= wb.size ? wa : [...wb];
  const big = wa.length <= wb.size ? wb : new Set(wa);
  return small.filter((w) => big.has(w)).length / Math.max(small.length, Math.min(wa.length, wb.size));
}

/**
 * Merges the batches' proposals: one unit per quote of an utterance. Duplicates from overlapping
 * batches, exact or slightly re-worded (a model rarely quotes the same sentence identically
 * twice), are folded together keeping every field: the wording actually found in the utterance,
 * the highest confidence, all distinct facets, the longer gist. Order follows the transcript.
 */
export function mergeEvidence(batches: ProposedEvidence[][], utterances: Utterance[]): { evidence: ProposedEvidence[]; duplicates: number } {
  const byId = new Map(utterances.map((u) => [u.id, u]));
  const normText = new Map<string, string>();
  const inUtterance = (e: ProposedEvidence) => {
    const u = byId.get(e.utteranceId);
    if (!u) return false;
    if (!normText.has(u.id)) normText.set(u.id, words(u.text).join(' '));
    return normText.get(u.id)!.includes(words(e.verbatim).join(' '));
  };
  const kept: ProposedEvidence[] = [];
  const byKey = new Map<string, ProposedEvidence>();
  let duplicates = 0;
  for (const batch of batches) {
    for (const e of batch) {
      const key = quoteKey(e.utteranceId, e.verbatim);
      const seen = byKey.get(key)
        ?? kept.find((k) => k.utteranceId === e.utteranceId && overlap(k.verbatim, e.verbatim) >= 0.8);
      if (!seen) {
        const copy = { ...e, facets: [...e.facets] };
        kept.push(copy);
        byKey.set(key, copy);
        continue;
      }
      duplicates += 1;
      byKey.set(key, seen);
      if (!inUtterance(seen) && inUtterance(e)) seen.verbatim = e.verbatim;
      seen.confidence = Math.max(seen.confidence, e.confidence);
      if (e.gist.length > seen.gist.length) seen.gist = e.gist;
      const facets = new Set(seen.facets.map(facetKey));
      for (const f of e.facets) if (!facets.has(facetKey(f))) { seen.facets.push(f); facets.add(facetKey(f)); }
    }
  }
  const position = (e: ProposedEvidence) => {
    const u = byId.get(e.utteranceId);
    return [u?.index ?? Number.MAX_SAFE_INTEGER, u ? u.text.toLowerCase().indexOf(e.verbatim.toLowerCase().slice(0, 20)) : 0] as const;
  };
  const evidence = kept.sort((a, b) => {
    const [ai, ap] = position(a);
    const [bi, bp] = position(b);
    return ai - bi || ap - bp;
  });
  return { evidence, duplicates };
}
