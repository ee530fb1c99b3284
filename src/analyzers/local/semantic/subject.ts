import type { Token } from '../nlp.js';
import { stem } from './concept.js';

/**
 * Whether a unit says the concept (stemmed `key`) as the subject of a clause: the concept followed
 * by its verb ("AI is unreliable", "the AI made me frustrated", "AI can often struggle"). A
 * problem, hope or benefit said in the unit is then said of the concept; said with the concept as
 * an object or after a preposition ("I take the issue to AI", "a better writer than AI") it is
 * about something else the unit talks of.
 */
export function saidAsSubject(tokens: readonly Token[], key: string): boolean {
  const words = key.split(' ');
  const ts = tokens.filter((t) => t.type === 'word');
  for (let i = words.length - 1; i < ts.length; i++) {
    if (!words.every((w, k) => stem(ts[i - words.length + 1 + k]!.text) === w)) continue;
    let j = i + 1;
    while (j < ts.length && j <= i + 2 && ts[j]!.pos === 'ADV') j++;
    const next = ts[j];
    if (next && (next.pos === 'AUX' || next.pos === 'VERB')) return true;
  }
  return false;
}
