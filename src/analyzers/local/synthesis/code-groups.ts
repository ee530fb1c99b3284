import { normalize } from '../../../verbatim-guard/normalize.js';
import type { InterviewCode } from '../../../domain/synthesis.js';
import { cmp, push } from './canon.js';
import { contentWords, jaccard } from './text.js';

/** Connected components of "same normalised name, or names sharing most content words". */
export function groupCodes(codes: InterviewCode[], similarity: number): InterviewCode[][] {
  const byName = new Map<string, InterviewCode[]>();
  for (const k of codes) {
    const key = normalize(k.name);
    push(byName, key, k);
  }
  const names = [...byName.keys()].sort(cmp);
  const words = names.map((n) => contentWords(n));
  const parent = names.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // candidate pairs through a shared word only (names are short; this stays near-linear)
  const byWord = new Map<string, number[]>();
  words.forEach((ws, i) => ws.forEach((w) => push(byWord, w, i)));
  for (const list of byWord.values()) {
    if (list.length > 200) continue; // a word in hundreds of names says nothing about sameness
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!, j = list[y]!;
        if (words[i]!.length >= 2 && words[j]!.length >= 2 && jaccard(words[i]!, words[j]!) >= similarity) {
          const a = find(i), b = find(j);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
  }
  const comps = new Map<number, InterviewCode[]>();
  names.forEach((n, i) => {
    const r = find(i);
    for (const k of byName.get(n)!) push(comps, r, k);
  });
  return [...comps.keys()].sort((a, b) => a - b).map((r) => comps.get(r)!);
}
