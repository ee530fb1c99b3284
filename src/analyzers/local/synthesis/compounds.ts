import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens, type Token } from '../nlp.js';
import { conceptKey, stem } from '../semantic/concept.js';
import { VAGUE } from '../semantic/name.js';
import { pluralOf } from '../semantic/predicate.js';
import { cmp } from './canon.js';

/**
 * Kinds of a concept the study's participants name ("creative process", "photo editing",
 * "literature review"): a compound of a specific modifier and a concept's noun, said by several
 * participants, is a concept of its own. A theme of the bare noun ("Experiences with process")
 * says nothing a researcher would write; the compound is what they talk about, and names its units
 * truthfully ("Their creative process"), since every one of them says it.
 *
 * A modifier is specific when it says what kind of thing the noun is, measured on general English
 * and on the study, never on a word list:
 * - a noun ("photo editing", "research project"), not one too vague to name anything (name.ts);
 * - an adjective that classifies rather than grades: the study's participants seldom grade it or
 *   say it of something ("very useful", "more complete", "it's typical": at most `GRADED` of its
 *   uses follow an intensifier or a copula or precede "than"; "administrative", "graphic",
 *   "financial" are not said so), and put it before few distinct nouns (at most `SPREAD` per use:
 *   "specific" goes with anything).
 * A modifier said by nearly every participant (the study's frame, "creative" among creatives) still
 * names a kind: "their creative process" is what a researcher of that study would write.
 */
export interface Compound {
  /** Stemmed key of the compound ("creativ process"). */
  key: string;
  /** Stemmed key of its noun, a concept of the study ("process"). */
  head: string;
  /** The compound as most participants say it, lower case ("creative process"). */
  surface: string;
  people: number;
}

export interface CompoundOptions {
  /** Participants who must say the compound (default max(3, 4% of the study's participants)). */
  minPeople?: number;
}

/** Specific-modifier compounds of the given one-word concepts, most participants first. */
export function compoundsOf(evidence: SynthesisEvidence[], heads: Set<string>, participants: number, opts: CompoundOptions = {}): Compound[] {
  const minPeople = opts.minPeople ?? Math.max(3, MIN_SHARE * participants);
  const said = new Map<string, { head: string; mod: Token; people: Set<string>; forms: Map<string, number> }>();
  const modHeads = new Map<string, { heads: Set<string>; uses: number }>();
  const nounUses = new Map<string, { noun: number; all: number }>();
  const graded = new Map<string, { graded: number; adj: number }>();
  for (const e of evidence) {
    const ts = tokens(e.verbatim).filter((t) => t.type === 'word');
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      const u = nounUses.get(t.lemma) ?? { noun: 0, all: 0 };
      u.all++;
      if (t.pos === 'NOUN') u.noun++;
      nounUses.set(t.lemma, u);
      if (t.pos === 'ADJ') {
        const g = graded.get(t.lemma) ?? { graded: 0, adj: 0 };
        g.adj++;
        if (GRADERS.has(ts[i - 1]?.lemma ?? '') || ts[i + 1]?.text === 'than') g.graded++;
        graded.set(t.lemma, g);
      }
      if (t.pos !== 'NOUN' || t.stop) continue;
      const m = ts[i - 1];
      if (!m || m.stop || !(m.pos === 'ADJ' || m.pos === 'NOUN') || VAGUE.has(m.lemma) || VAGUE.has(t.lemma)) continue;
      const head = stem(t.text);
      const s = modHeads.get(m.lemma) ?? { heads: new Set<string>(), uses: 0 };
      s.heads.add(head);
      s.uses++;
      modHeads.set(m.lemma, s);
      if (!heads.has(head)) continue;
      const key = conceptKey(`${m.text} ${t.text}`);
      const slot = said.get(key) ?? { head, mod: m, people: new Set<string>(), forms: new Map<string, number>() };
      slot.people.add(e.personId);
      const form = `${m.text} ${t.text}`.toLowerCase();
      slot.forms.set(form, (slot.forms.get(form) ?? 0) + 1);
      said.set(key, slot);
    }
  }
  const out: Compound[] = [];
  for (const [key, s] of said) {
    if (s.people.size < minPeople || key.split(' ').length !== 2) continue;
    if (!specificModifier(s.mod, { ...modHeads.get(s.mod.lemma)!, ...nounUses.get(s.mod.lemma)!, ...(graded.get(s.mod.lemma) ?? { graded: 0, adj: 0 }) })) continue;
    const surface = [...s.forms].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
    out.push({ key, head: s.head, surface, people: s.people.size });
  }
  return out.sort((a, b) => b.people - a.people || cmp(a.key, b.key));
}

/**
 * Whether a modifier says a kind of thing (see above): `use` counts its uses before nouns in the
 * study (`uses`, the distinct nouns `heads`) and as a word at all (`all`, as a noun `noun`).
 */
export function specificModifier(mod: Pick<Token, 'pos' | 'lemma'>, use: { heads: Set<string>; uses: number; noun: number; all: number; graded: number; adj: number }): boolean {
  if (mod.lemma.length < 3 || !/^[a-z][a-z-]*$/u.test(mod.lemma)) return false;
  // a noun the study says as a noun ("photo"), not a word the tagger read as one here ("right")
  if (mod.pos === 'NOUN') return use.noun >= NOUN_SHARE * use.all;
  if (mod.pos !== 'ADJ') return false;
  if (use.graded > GRADED * use.adj) return false;
  return use.heads.size <= SPREAD * use.uses;
}

/**
 * A compound concept as a theme title: as the theme writes it when plural or their own ("Short
 * stories", "Their creative process"); a singular with "their" when most units say it with a
 * possessive, "The X" when most say it with a determiner ("the design process"), the plural of a
 * count noun they often say with "a" ("a typical project" -> "Typical projects"), else as said, a
 * mass noun ("Photo editing", "Social media"). When no unit's form was read (`dets` empty) nothing
 * says it is a count noun: as said.
 */
export function compoundTitle(surface: string, dets: string[]): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const last = surface.split(' ').at(-1)!;
  if (/^their /u.test(surface) || stem(last) !== last) return cap(surface);
  const n = (d: string) => dets.filter((x) => x === d).length;
  if (dets.length > 0 && n('a') >= ARTICLE_SHARE * dets.length) return cap(pluralOf(surface));
  if (n('their') + n('the') > dets.length / 2) return `${n('their') > n('the') ? 'Their' : 'The'} ${surface}`;
  return cap(surface);
}

/** Share of a study's participants a compound must be said by (and at least three). */
const MIN_SHARE = 0.04;
/** Share of an adjective's uses graded or said of something above which it grades rather than classifies. */
const GRADED = 0.1;
/** Words that grade an adjective or say it of something: intensifiers, comparison, the copula. */
const GRADERS = new Set(['very', 'really', 'so', 'too', 'more', 'most', 'less', 'least', 'pretty', 'quite', 'extremely', 'super', 'incredibly', 'be', 'seem', 'become', 'feel', 'look', 'sound', 'get']);
/** Distinct nouns per use above which an adjective goes with anything. */
const SPREAD = 0.5;
/** Share of a modifier's uses that must be nouns for a noun modifier to count as one. */
const NOUN_SHARE = 0.5;
/** Share of units saying "a X" at which a singular compound is titled in the plural. */
const ARTICLE_SHARE = 0.25;
