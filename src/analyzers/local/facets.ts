import { FACET_KINDS, type Facet, type FacetKind } from '../../domain/analysis.js';
import { CueMatcher, textView, type TextView } from './cues.js';
import { firstPersonAction } from './facet-behavior.js';
import { FACET_CUES, GENERIC_TOOLS, NAMED_TOOLS, NOT_ROLES, ORDINARY_WORD_TOOLS, ROLE_NOUN, USE_CUES } from './facet-lexicon.js';
import type { Token } from './nlp.js';
import { facetPhrase } from './facet-phrase.js';
import { maskQuotedSpeech } from './quoted-speech.js';

/**
 * Facet tagging: lexicons for most facets (pain and gain ignore negated cues), plus two rules:
 * - tool: a named tool, or a generic tool word ("AI", "the model") in a unit about using it;
 * - behavior: the speaker ("I"/"we") doing something (a non-stative verb), unless the unit is a
 *   self-description (context).
 * The value is a noun phrase built around the first matching cue (`facet-phrase.ts`). Deterministic.
 */
const LEXICON = Object.entries(FACET_CUES).map(([k, cues]) => [k as FacetKind, new CueMatcher(cues)] as const);
const NEGATION_SENSITIVE = new Set<FacetKind>(['pain', 'gain']);
const NAMED = new CueMatcher(NAMED_TOOLS);
const GENERIC = new CueMatcher(GENERIC_TOOLS);
const USE = new CueMatcher(USE_CUES);
/** Words written in capitals for emphasis, not names. */
const ORDINARY_CAPS = new Set(['ok', 'okay', 'yes', 'no', 'not', 'very', 'so', 'really', 'all', 'and', 'or', 'my', 'me', 'did', 'do', 'is', 'was', 'the', 'one', 'now', 'us']);
const SELF = new Set(['i', 'we', 'me', 'my', 'us', 'our']);

export function tagFacets(view: TextView, tokens: Token[], text = ''): Facet[] {
  const found = new Map<FacetKind, string>();
  const own = withoutQuotes(text, tokens) ?? view;
  for (const [kind, m] of LEXICON) {
    // A goal is a present want or need: its cues match the words as said, not their lemmas ("I wanted" is past).
    const hit = m.first(kind === 'goal' ? { surface: view.surface, lemmas: view.surface } : own, {
      skipNegated: NEGATION_SENSITIVE.has(kind),
      skipAfter: kind === 'pain' ? notExperienced : kind === 'gain' ? othersBenefit : kind === 'workflow' ? allAtOnce : undefined,
    });
    if (hit) found.set(kind, hit);
  }
  const feeling = found.has('emotion') ? null : feltState(tokens);
  if (feeling) found.set('emotion', feeling);
  const identity = found.has('context') ? null : selfIdentity(tokens);
  if (identity) found.set('context', identity);
  const past = found.has('context') ? null : ownHistory(text, tokens);
  if (past) found.set('context', past);
  const self = hasFirstPerson(tokens);
  // A generic tool word counts when the speaker uses it or it is credited with a benefit.
  const use = self && USE.first(view) !== null;
  const using = use || found.has('gain');
  const tool = namedTool(view, text) ?? (use ? GENERIC.first(view) : null) ?? (using ? properNoun(text, tokens) : null);
  if (tool) found.set('tool', tool);
  // A self-description ("I'm a screenwriter, I write drama") is context, not behavior.
  const action = found.has('context') ? null : firstPersonAction(tokens, view.surface);
  if (action) found.set('behavior', action);
  return FACET_KINDS.filter((k) => found.has(k)).map((k) => ({ kind: k, value: facetPhrase(k, found.get(k)!, tokens) }));
}

/**
 * A problem named as what gets solved ("it helps me solve the problem", "we're solving real-world problems")
 * is the task the speaker takes on, not a pain they have.
 */
const SOLVE = new Set(['solve', 'solves', 'solved', 'solving', 'fix', 'fixes', 'fixed', 'fixing', 'tackle', 'tackling', 'address', 'addressing', 'troubleshoot', 'troubleshooting']);
function notExperienced(before: readonly string[]): boolean {
  return before.slice(-4).some((w) => SOLVE.has(w));
}

/**
 * "lots of people benefit from it", "the world can benefit", "you really benefit from": a benefit the verb gives
 * someone other than the speaker ("we all benefit", "it benefits us", "the benefit" count). Only the verb
 * "benefit" says whose benefit it is; other gain cues say it no more than that.
 */
const BENEFIT_SKIP = new Set(['can', 'could', 'will', 'would', 'may', 'might', 'really', 'also', 'all', 'greatly', 'definitely', 'certainly', 'to', 'do', 'does', 'did', 'll', 'd']);
const BENEFIT_OWN = new Set(['i', 'we', 'it', 'this', 'that', 'the', 'a', 'an', 'of', 'my', 'our', 'its', 'one', 'big', 'main', 'real', 'biggest', 'huge', 'another', 'great']);
function othersBenefit(before: readonly string[], match: string): boolean {
  if (!match.startsWith('benefit')) return false;
  const subject = [...before].reverse().find((w) => !BENEFIT_SKIP.has(w));
  return subject !== undefined && !BENEFIT_OWN.has(subject);
}

/** "all my questions at once, I know": "at once" is "together", not the order of the work ("once I have a draft"). */
function allAtOnce(before: readonly string[], match: string): boolean {
  return match.startsWith('once') && before.at(-1) === 'at';
}

/**
 * Another person's words quoted in the unit ("they're like "That's what I wish I did"") are not the
 * speaker's pain, goal or stance: the cue view without double-quoted spans of three or more words
 * (a quoted word or two, "satisfying", is the speaker's own). Null when the unit quotes nothing.
 */
function withoutQuotes(text: string, tokens: Token[]): TextView | null {
  let cut = false;
  const rest = maskQuotedSpeech(text, () => ((cut = true), ' '));
  if (!cut) return null;
  const words = new Set(rest.toLowerCase().split(/[^\p{L}\p{N}'’]+/u));
  return textView(rest, tokens.filter((t) => words.has(t.text)));
}

/** A common tool named in the unit; one that is also an ordinary word ("notion", "excel") only when capitalised. */
function namedTool(view: TextView, text: string): string | null {
  for (const name of NAMED.matches(view)) {
    if (!ORDINARY_WORD_TOOLS.has(name)) return name;
    if (new RegExp(`\\b${name[0]!.toUpperCase()}${name.slice(1)}\\b`).test(text)) return name;
  }
  return null;
}

/**
 * A product named in a sentence about using it ("I run everything through Notion"): a capitalised
 * word that does not start a sentence and is not "I", right after a word that introduces a tool
 * ("in Gimp", "on Etsy", "use Zapier", "with the Assistant"), so people, places and months are not
 * tools; or an acronym anywhere ("the CMS", "JSON"), unless it is an ordinary word in capitals ("VERY").
 */
const NAME_WORD = /(?<=\b(?:in|on|with|through|into|via|from|use|used|using|uses|like|try|tried|ask|asked|called|and|or)(?: the)? )(?!I\b|I'|I’)\p{Lu}[\p{L}\p{N}]+/u;
const CALENDAR = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
const ACRONYM = /(?<![\p{L}\p{N}])\p{Lu}{2,5}(?=s?(?![\p{L}\p{N}]))/gu;
function properNoun(text: string, tokens: Token[]): string | null {
  const name = NAME_WORD.exec(text)?.[0];
  if (name && !CALENDAR.test(name)) return name.toLowerCase();
  for (const m of text.matchAll(ACRONYM)) {
    const w = m[0].toLowerCase();
    if (!tokens.some((t) => t.text === w && t.stop) && !ORDINARY_CAPS.has(w)) return w;
  }
  return null;
}

function hasFirstPerson(tokens: Token[]): boolean {
  return tokens.some((t) => SELF.has(t.text));
}

/** "I felt (really) great", "it makes me feel uneasy": a person's felt state, whatever the adjective ("feel free" is not). */
const FEEL = new Set(['feel', 'felt', 'feeling', 'feels']);
const FEELER = new Set(['i', 'we', 'me', 'us', 'you', 'he', 'she', 'they', 'them', 'him', 'her']);
function feltState(tokens: Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    if (!FEEL.has(tokens[i]!.text) || !tokens.slice(Math.max(0, i - 3), i).some((t) => FEELER.has(t.text))) continue;
    for (let j = i + 1; j < Math.min(tokens.length, i + 4); j++) {
      const t = tokens[j]!;
      if (t.pos === 'ADJ') return t.text === 'free' ? null : t.text;
      if (t.pos !== 'ADV') break;
    }
  }
  return null;
}

/**
 * The speaker's own history dated in time: "in 2002 we were doing...", "In '97 Peter and I stopped", "back when I
 * was", "in the early days". A dated first-person account is background (history), whatever it is about.
 */
const DATED = /(?:\b(?:in|since|by|until|around|of|from)\s+(?:19[5-9]\d|20[0-3]\d)s?\b|\b(?:in|since|around|by)\s+['’]\d\d\b|\bback (?:when|then|in the day)\b|\bin the early days\b)/i;
/** "I would say", "I think": the speaker hedging a claim about something else, not telling their own story. */
const HEDGE = /\b(?:I|we)\s+(?:would|'d|’d)?\s*(?:say|think|guess|mean|believe|suppose|feel)\b/gi;
const OWN = /\b(?:I|we|my|our|me|us)\b/i;
function ownHistory(text: string, tokens: Token[]): string | null {
  const m = DATED.exec(text);
  return m && hasFirstPerson(tokens) && OWN.test(text.replace(HEDGE, ' ')) ? m[0].toLowerCase() : null;
}

/** "I'm a freelance writer", "as an artist": the speaker naming their role. */
function selfIdentity(tokens: Token[]): string | null {
  const words = tokens.filter((t) => t.type === 'word');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    let j: number;
    if (w === "i'm" || w === 'im') j = i + 1;
    else if (w === 'i' && words[i + 1]?.lemma === 'be') j = i + 2;
    else if (w === 'as' && words[i - 1]?.text !== 'such') j = i + 1;
    else continue;
    if (!['a', 'an'].includes(words[j]?.text ?? '')) continue;
    j++;
    for (let k = j; k < Math.min(words.length, j + 3); k++) {
      const t = words[k]!;
      if (t.pos === 'NOUN' && ROLE_NOUN.test(t.text) && !NOT_ROLES.has(t.lemma)) return words.slice(i, k + 1).map((x) => x.text).join(' ');
      if (!(t.pos === 'ADJ' || t.pos === 'NOUN' || t.pos === 'PROPN')) break;
    }
  }
  return null;
}

