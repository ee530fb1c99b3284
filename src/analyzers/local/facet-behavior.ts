import { CATENATIVE_ACTIONS, CATENATIVE_STATIVES, STATIVE_VERBS } from './facet-lexicon.js';
import type { Token } from './nlp.js';

/**
 * Behavior: the speaker's own actual practice, "I (also/just/then/'ll) <action verb>". Not an action:
 * a verb of thinking, feeling, stance or outcome ("I figure", "I ended up"), an ability ("I can ask"),
 * a passive ("I was influenced"), a hypothetical ("I could plug it in",
 * "I would have abandoned it", "if I keep carrying that"), a question ("how do we not let it...?"),
 * or another person's words in double quotes. "Would" counts only where the unit speaks of a past habit
 * ("Before that, I would scroll for hours"). "I started using" looks through "started" to "using"
 * ("I kept getting advice" is no practice), "I had to make sure" and "I find myself writing" look through to
 * the action, "I'm writing" counts (but "I'm excited" is a state), and "I tried X" counts "tried" itself.
 */
const FIRST_PERSON = new Set(['i', 'we', "i'm", 'i’m', 'im']);
/** "I'm" read as one token: the "am" it holds is an auxiliary ("I'm writing", "I'm excited" is a passive-like state). */
const BE_FUSED = new Set(["i'm", 'i’m', 'im']);
const BE: Token = { text: 'am', lemma: 'be', pos: 'AUX', stop: true, type: 'word' };
/** Wanting, needing, hoping or planning to do something is a goal, not a practice. */
const INTENT = new Set(['want', 'need', 'hope', 'plan', 'wish', 'intend', 'aim']);
const CONDITIONAL = new Set(['if', 'whether', 'unless']);
const HYPOTHETICAL = new Set(['could', 'would', 'should', "'d", '’d', 'can', 'cannot', 'ca']);
/** Verbs of a stance or an outcome rather than a practice ("I figure", "I view it as", "I ended up", "I became"). */
const NOT_PRACTICE = new Set(['become', 'figure', 'view', 'perceive', 'extrapolate', 'trouble', 'end', 'exist', 'relate']);
const HABIT = /\b(?:before|used to|back then|at the time|usually|often|sometimes|always|typically|occasions?)\b/;
const SELF_OBJECT = new Set(['myself', 'ourselves']);
const CAUSATIVE = new Set(['get', 'have', 'let']);
const AGENT = new Set(['it', 'them', 'him', 'her']);
/** "do" as the main verb, with an object: "I do a lot of speaking", "we do stand-ups". */
const DO_OBJECT = new Set(['DET', 'NOUN', 'PROPN', 'NUM', 'ADJ']);
/** "I do wish", "I do think": an emphatic "do" before a verb of wanting or thinking the tagger read as a noun. */
const EMPHASISED = new Set([...INTENT, 'think', 'believe', 'feel', 'hope', 'love', 'like', 'worry', 'agree']);
const QUOTE = new Set(['"', '“', '”']);
const SENTENCE_END = new Set(['.', '?', '!']);

export function firstPersonAction(tokens: Token[], surface: string): string | null {
  const habit = HABIT.test(surface);
  let quoted = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (QUOTE.has(tok.text)) quoted = !quoted;
    if (quoted || !FIRST_PERSON.has(tok.text)) continue;
    if (conditional(tokens, i)) continue;
    if (endsInQuestion(tokens, i)) continue;
    const found = actionAfter(tokens, i, habit);
    if (found) return found;
  }
  return null;
}

function actionAfter(tokens: Token[], i: number, habit: boolean): string | null {
  let pending: string | null = null;
  let prev: Token | null = BE_FUSED.has(tokens[i]!.text) ? BE : null;
  for (let j = i + 1; j < Math.min(tokens.length, i + 6); j++) {
    const t = tokens[j]!;
    if (t.pos === 'VERB') {
      if (prev?.pos === 'AUX' && prev.lemma === 'be' && /(?:ed|en)$/.test(t.text)) return pending; // passive
      if (prev?.pos === 'AUX' && prev.lemma === 'have' && t.text.endsWith('ing')) return pending; // "we have existing"
      if (CATENATIVE_ACTIONS.has(t.lemma)) { pending = `${tokens[i]!.text} ${t.text}`; prev = t; continue; }
      if (INTENT.has(t.lemma)) return pending;
      // "I had to make sure", "I find myself writing": obligation and self-observation pass on to the action
      if ((t.lemma === 'have' && tokens[j + 1]?.text === 'to') || (t.lemma === 'find' && SELF_OBJECT.has(tokens[j + 1]?.text ?? ''))) {
        prev = t; j++; continue;
      }
      // "I get it to write", "I have them check", "I let it draft": making something or someone act is a practice
      // ("I get it right" is an outcome)
      if (CAUSATIVE.has(t.lemma) && AGENT.has(tokens[j + 1]?.text ?? '') && (tokens[j + 2]?.text === 'to' || (t.lemma !== 'get' && tokens[j + 2]?.pos === 'VERB'))) return `${tokens[i]!.text} ${t.text}`;
      if (CATENATIVE_STATIVES.has(t.lemma)) { prev = t; continue; }
      if (STATIVE_VERBS.has(t.lemma) || NOT_PRACTICE.has(t.lemma)) return null; // "I kept getting advice": no practice either
      return `${tokens[i]!.text} ${t.text}`;
    }
    if (t.pos === 'AUX' && HYPOTHETICAL.has(t.text) && !habit) return null;
    if (t.pos === 'AUX' && t.lemma === 'have' && prev?.pos === 'AUX' && HYPOTHETICAL.has(prev.text)) return null; // "would have done"
    if (prev?.pos === 'AUX' && prev.lemma === 'do' && DO_OBJECT.has(t.pos) && !EMPHASISED.has(t.text)) return `${tokens[i]!.text} ${prev.text}`; // "I do a lot of speaking"
    if (!(t.pos === 'ADV' || t.pos === 'AUX' || t.pos === 'PART')) break;
    prev = t;
  }
  return pending;
}

/** "if I", "whether we", "as long as I", "the more I": a condition or comparison, not a report. */
function conditional(tokens: Token[], i: number): boolean {
  const before = [tokens[i - 1]?.text, tokens[i - 2]?.text];
  if (before.some((w) => CONDITIONAL.has(w ?? ''))) return true;
  return (before[0] === 'as' && before[1] === 'long') || (before[1] === 'the' && (before[0] === 'more' || before[0] === 'less'));
}

function endsInQuestion(tokens: Token[], i: number): boolean {
  for (let k = i + 1; k < tokens.length; k++) {
    if (SENTENCE_END.has(tokens[k]!.text)) return tokens[k]!.text === '?';
  }
  return false;
}
