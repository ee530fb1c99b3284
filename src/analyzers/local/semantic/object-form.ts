import { tokens } from '../nlp.js';
import { spokenForm } from './predicate.js';
import { stem } from './concept.js';

/**
 * How a name writes the concept an action is done to, from how the units doing it say it: in the
 * plural when the theme says it so at least `PLURAL_SHARE` of the times ("working on projects"
 * though each says "my project"), else with "a" when the action's units often say it so
 * ("starting a business", not "starting business"), else as said ("making art", "writing code").
 * One rule for every name led by what is done (concept parts, study groups, action names).
 */
export function objectForm(said: string, forms: string[], dets: string[]): string {
  if (said.endsWith('s')) return said;
  const stemOf = said.slice(0, -1);
  const plural = forms.filter((f) => f !== said && f.endsWith('s') && f.startsWith(stemOf));
  if (plural.length < PLURAL_SHARE * forms.length) {
    return withArticle(said, dets);
  }
  return top(plural);
}
const PLURAL_SHARE = 0.25;
/** A singular said with "a" this often is written so ("Starting a company"). */
const A_SHARE = 0.25;

/**
 * The theme's written form of its concept (`surface`, predicate.ts commonForm) as the object of
 * the action the `acting` units say: a bare singular gets "a" when they say it so at least
 * `A_SHARE` of the times ("Starting a business": "business" is bare in the theme, where it is
 * mostly said as a modifier or a mass noun); a plural or "their X" stays as the theme writes it.
 */
export function actedOn(acting: { verbatim: string }[], key: string, surface: string): string {
  if (stem(surface.split(' ').at(-1)!) !== surface.split(' ').at(-1) || /^(?:their|the|an?) /u.test(surface)) return surface;
  const dets = acting.flatMap((e) => { const f = spokenForm(tokens(e.verbatim), key); return f ? [f.det] : []; });
  return dets.length > 0 ? withArticle(surface, dets) : surface;
}

/** The word with "a" (or "an") when its units say it so at least `A_SHARE` of the times, else as is. */
function withArticle(word: string, dets: string[]): string {
  return dets.filter((d) => d === 'a').length >= A_SHARE * dets.length ? `${/^[aeiou]/u.test(word) ? 'an' : 'a'} ${word}` : word;
}

function top(xs: string[]): string {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}
