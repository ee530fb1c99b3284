import type { Facet, ProposedEvidence } from '../../domain/analysis.js';
import type { Utterance } from '../../domain/transcript.js';

/**
 * Long transcripts: evidence extraction runs on batches of whole utterances (ids intact), each
 * starting with the last `overlap` utterances of the previous batch so an answer that spans a
 * batch boundary is seen whole at least once. An utterance longer than a batch is split into
 * text pieces that keep its id (a quote from a piece is still a quote from the utterance).
 */

/** Characters an utterance line costs in the prompt besides its text (id, speaker, role). */
const LINE_OVERHEAD = 40;

export interface BatchUtterance {
  id: string;
  index: number;
  speaker: string;
  role: string;
  text: string;
}

function cost(u: BatchUtterance): number {
  return u.text.length + u.speaker.length + LINE_OVERHEAD;
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

export function batchUtterances(utterances: Utterance[], maxChars: number, overlap: number): BatchUtterance[][] {
  const items: BatchUtterance[] = [];
  const maxText = Math.max(500, maxChars - 200);
  for (const u of utterances) {
    const base = { id: u.id, index: u.index, speaker: u.speaker, role: u.role };
    if (u.text.length <= maxText) items.push({ ...base, text: u.text });
    else for (const piece of splitText(u.text, maxText)) items.push({ ...base, text: piece });
  }
  const batches: BatchUtterance[][] = [];
  let current: BatchUtterance[] = [];
  let size = 0;
  let fresh = 0; // items in `current` not carried over from the previous batch
  for (const item of items) {
    if (fresh > 0 && size + cost(item) > maxChars) {
      batches.push(current);
      // Carry the tail over, but never so much that the new batch cannot take the next item.
      let carried = current.slice(Math.max(0, current.length - overlap));
      while (carried.length > 0 && carried.reduce((s, c) => s + cost(c), 0) + cost(item) > maxChars) carried = carried.slice(1);
      current = [...carried];
      size = carried.reduce((s, c) => s + cost(c), 0);
      fresh = 0;
    }
    current.push(item);
    size += cost(item);
    fresh += 1;
  }
  if (fresh > 0 || batches.length === 0) batches.push(current);
  return batches.filter((b) => b.length > 0);
}

/** Case, punctuation and whitespace do not make two quotes different. */
export function quoteKey(utteranceId: string, verbatim: string): string {
  return `${utteranceId}|${verbatim.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
}

function facetKey(f: Facet): string {
  return `${f.kind}|${f.value.toLowerCase().trim()}`;
}

/**
 * Merges the batches' proposals: one unit per (utterance, quote); duplicates from overlapping
 * batches are folded together keeping every field (highest confidence, all distinct facets, the
 * longer gist). Order follows the transcript (utterance index, then position of the quote).
 */
export function mergeEvidence(batches: ProposedEvidence[][], utterances: Utterance[]): { evidence: ProposedEvidence[]; duplicates: number } {
  const byKey = new Map<string, ProposedEvidence>();
  let duplicates = 0;
  for (const batch of batches) {
    for (const e of batch) {
      const key = quoteKey(e.utteranceId, e.verbatim);
      const seen = byKey.get(key);
      if (!seen) {
        byKey.set(key, { ...e, facets: [...e.facets] });
        continue;
      }
      duplicates += 1;
      seen.confidence = Math.max(seen.confidence, e.confidence);
      if (e.gist.length > seen.gist.length) seen.gist = e.gist;
      const facets = new Set(seen.facets.map(facetKey));
      for (const f of e.facets) if (!facets.has(facetKey(f))) { seen.facets.push(f); facets.add(facetKey(f)); }
    }
  }
  const order = new Map(utterances.map((u) => [u.id, u]));
  const position = (e: ProposedEvidence) => {
    const u = order.get(e.utteranceId);
    return [u?.index ?? Number.MAX_SAFE_INTEGER, u ? u.text.toLowerCase().indexOf(e.verbatim.toLowerCase().slice(0, 20)) : 0] as const;
  };
  const evidence = [...byKey.values()].sort((a, b) => {
    const [ai, ap] = position(a);
    const [bi, bp] = position(b);
    return ai - bi || ap - bp;
  });
  return { evidence, duplicates };
}
