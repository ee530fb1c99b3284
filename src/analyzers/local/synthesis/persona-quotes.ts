import type { FacetKind } from '../../../domain/analysis.js';
import type { PersonaQuote, SynthesisEvidence } from '../../../domain/synthesis.js';
import { FACET_CUES } from '../facet-lexicon.js';
import { cmp } from './canon.js';
import { wholeQuote } from './text.js';
import { maskQuotedSpeech } from '../quoted-speech.js';

/**
 * A persona's goals and pains as whole quotes that say one: the facet tag alone is not enough (a
 * pain cue in "solutions to complex problems" or "reduced the time I would have taken" is a gain, a
 * goal cue in "the images I want" or "when I need help" is no aim). The quote as shown must hold a
 * cue the speaker states: in a clause of its own, not one opened by "if", "when", "which", a
 * relative "that", and not the thing a remedy acts on ("fix errors", "reduced the time"). A pain
 * must not also be tagged a gain. When no member unit qualifies, none is shown.
 */
export type QuoteKind = Extract<FacetKind, 'goal' | 'pain'>;

const MAX_WORDS = 45;

/** Words opening a clause that states no problem or aim of the speaker's own. */
const SUBORDINATE = new Set(['if', 'when', 'whenever', 'which', 'whether', 'unless', 'once', 'what', 'whatever', 'how', 'that']);
/** "that" after these opens what the speaker thinks or says ("I think that it is hard"), not a relative clause. */
const SAYING = new Set(['think', 'thought', 'feel', 'felt', 'find', 'found', 'believe', 'know', 'guess', 'say', 'said', 'mean', 'is', 'was', 'so']);
/** Verbs acting on a problem to remove it: the problem is what they got rid of, not what they have. */
const REMEDY = /^(?:solv|fix|find|found|catch|caught|spot|correct|resolv|avoid|reduc|address|handl|prevent|remov|eliminat|minimi[sz]|sav|cut|less|fewer|no|without)/u;

/** The cues of a facet as surface-word patterns (`*` any suffix, `?` any one word). */
function cuePattern(cues: string[]): RegExp {
  const alts = cues.map((c) => c.toLowerCase().split(' ').map((w) => (w === '?' ? "[\\p{L}'’]+" : w.replace(/[.+^${}()|[\]\\]/gu, '\\$&').replace(/\*$/u, "[\\p{L}'’-]*"))).join('\\s+'));
  return new RegExp(`(?<![\\p{L}'’-])(?:${alts.sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}'’-])`, 'gu');
}

const PAIN = cuePattern(FACET_CUES.pain);
/** A present want, need, hope or aim the speaker states (past "I wanted", "I was hoping", a habit "I try to" and "I wanna say" are not). */
const GOAL = /(?<![\p{L}'’])(?:(?:i|we)(?:'m|’m| am|'re|’re| are)?(?: really| just| also| still| do| actually)? (?:want|wanna|need|hope|hoping|wish|plan|intend|aspire|aim|trying to)(?! (?:to )?say\b)|(?:i|we)(?:'d|’d| would) (?:like|love) to (?!think)|(?:my|our) (?:goal|aim|dream)|would be nice)(?![\p{L}'’])/gu;

/** The speaker's own words: quoted speech blanked out, positions kept. */
function ownWords(text: string): string {
  return maskQuotedSpeech(text, (span) => ' '.repeat(span.length));
}

/** The words of the clause before `at` (since the last sentence mark, dash, or comma opening a clause), lower case. */
const BOUNDARY = /(?:[.;:!?()]|\s[-–—]\s|,(?=\s+(?:but|and|so|because|though|however|i|we|it|they|you|he|she|this|that)\b))/gu;
function clauseBefore(text: string, at: number): string[] {
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    if (m.index + m[0].length > at) break;
    start = m.index + m[0].length;
  }
  return text.slice(start, at).split(/[^\p{L}']+/u).filter(Boolean);
}

function mainClause(words: string[]): boolean {
  return !words.some((w, i) => SUBORDINATE.has(w) && !(w === 'that' && SAYING.has(words[i - 1] ?? '')));
}

/** Whether a shown quote states a pain or a goal of the speaker's own (see above). */
export function statesOwn(kind: QuoteKind, shown: string): boolean {
  const text = ownWords(shown).toLowerCase().replace(/[’‘]/gu, "'");
  const re = kind === 'pain' ? PAIN : GOAL;
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const words = clauseBefore(text, m.index);
    if (!mainClause(words)) continue;
    const after = text.slice(m.index + m[0].length);
    if (kind === 'pain' && (words.slice(-5).some((w) => REMEDY.test(w)) || /^\s+(?:to (?:solve|fix|work on)|solving)\b/u.test(after))) continue;
    if (kind === 'goal' && /^\s+(?:i|we|they|he|she|it|you) had\b/u.test(after)) continue; // "I wish we had": a regret
    if (kind === 'goal' && words.length > 0 && !OPENERS.has(words.at(-1)!)) continue; // "the images I want"
    return true;
  }
  return false;
}

/** Words that may stand right before the "I"/"we" of a stated goal ("and I want", "I think I'd like"). */
const OPENERS = new Set([
  'and', 'but', 'so', 'because', 'cause', 'then', 'now', 'also', 'really', 'honestly', 'actually', 'think', 'though',
  'still', 'yet', 'ultimately', 'personally', 'definitely', 'probably', 'eventually', 'first', 'currently', 'today',
  'sometimes', 'often', 'always', 'or', 'well', 'yeah', 'yes', 'mean', 'guess', 'feel', 'hopefully', 'know', 'just',
  'mostly', 'mainly', 'generally', 'usually', 'basically', 'obviously', 'ideally', 'right', 'okay', 'ok', 'like',
]);

/** A member unit fit to quote as a goal or pain: tagged so (a pain not also a gain) and stating one as shown. */
export function quotable(e: SynthesisEvidence, kind: QuoteKind): boolean {
  if (!e.facets.some((x) => x.kind === kind)) return false;
  if (kind === 'pain' && e.facets.some((x) => x.kind === 'gain')) return false;
  return statesOwn(kind, wholeQuote(e.verbatim, MAX_WORDS));
}

/**
 * Goals or pains as whole quotes with their evidence ids: quotable units that say most of what
 * sets the persona apart (score), one per member, at most three; a unit already quoted as a goal
 * is not quoted again as a pain.
 */
export function quotesOf(pool: SynthesisEvidence[], kind: QuoteKind, score: (e: SynthesisEvidence) => number, taken = new Set<string>()): PersonaQuote[] {
  const scored = pool.filter((e) => !taken.has(e.id) && quotable(e, kind))
    .map((e) => ({ e, score: score(e) }))
    .sort((a, b) => b.score - a.score || cmp(a.e.key, b.e.key));
  const out: PersonaQuote[] = [];
  const people = new Set<string>();
  for (const { e } of scored) {
    if (people.has(e.personId)) continue;
    people.add(e.personId);
    out.push({ text: wholeQuote(e.verbatim, MAX_WORDS), evidenceId: e.id });
    if (out.length >= 3) break;
  }
  return out;
}
