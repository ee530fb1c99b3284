/**
 * Roles a speaker gives themselves: the noun after "I'm a", "I am an", "I work as a" (the last
 * word before a conjunction, preposition or punctuation, at most three words in), lower-cased as
 * said. "I'm a bit", "I'm a big fan" are no roles. Callers check the word is said as a noun.
 */
const SELF = /\b(?:i'm|i’m|i am|i work as|i worked as)\s+(?:a|an)\s+((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+?)(?=\s+(?:and|or|who|that|for|in|at|of|with|by|on|so|but|because|from|to|since|when|where|which|myself|now|too|as)\b|\s*[,.;:!?)(—–]|\s*$)/giu;
const NOT_ROLE = new Set(['bit', 'lot', 'little', 'big', 'fan', 'huge', 'firm', 'strong', 'great', 'good', 'very', 'person', 'kind', 'sort', 'part', 'way', 'believer', 'few']);

export function selfRoles(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SELF)) {
    const head = m[1]!.toLowerCase().split(/\s+/u).at(-1)!;
    if (head.length >= 3 && !NOT_ROLE.has(head)) out.push(head);
  }
  return out;
}
