import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { mentions, stemmedUnit } from '../semantic/concept.js';

/**
 * Whether two concepts of a group are said together, so one theme name may list both ("students
 * and teachers", "videos and music") rather than two unrelated nouns ("rooms and windows", "models
 * and designs"): at least `CO_SAID_PEOPLE` participants say both in one unit, in at least
 * `CO_SAID_SHARE` of the units saying the rarer one. On the tuning sets' labelled names, word-vector
 * closeness did not tell the two apart (good and odd pairs both at cosine 0.52-0.86).
 */
export function coSaid(units: SynthesisEvidence[], a: string, b: string): boolean {
  let na = 0, nb = 0;
  const both = new Set<string>(), people = new Set<string>();
  for (const e of units) {
    const s = stemmedUnit(e);
    const ya = mentions(s, a), yb = mentions(s, b);
    if (ya) na++;
    if (yb) nb++;
    if (ya && yb) { both.add(e.id); people.add(e.personId); }
  }
  return people.size >= CO_SAID_PEOPLE && both.size >= CO_SAID_SHARE * Math.min(na, nb);
}

export const CO_SAID_PEOPLE = 2;
export const CO_SAID_SHARE = 0.2;
