import { tokens, type Token } from './nlp.js';
import { cosine, isContent, normalise } from './semantic/embed.js';
import { wordVectors } from './semantic/word-vectors.js';

/**
 * The topic of a research question and how much of it a text mentions: topic words grouped in
 * slots (alternatives "X or Y" fill one slot), each slot filled by the same lemma, a close word
 * vector from the interview's own vocabulary, a word of the same family ("inauthentic" for
 * "authenticity") or, for a multi-word alternative, the phrase itself. Words all or most of the
 * project's questions share (the study's frame) tell no question apart and weigh less.
 */

/** Words about the study itself, not the topic of a question. */
export const META = new Set(['participant', 'participants', 'people', 'person', 'interviewee', 'respondent', 'user', 'users', 'they', 'their', 'them', 'you', 'your']);

/** Words of any question that say nothing about its topic (the frame of asking). */
const GENERIC_ASK = new Set(['feel', 'think', 'do', 'use', 'work', 'get', 'make', 'way', 'thing', 'what', 'how', 'why', 'kind', 'describe', 'tell', 'like', 'would', 'want', 'go', 'have', 'be', 'say', 'talk', 'role', 'play', 'part', 'look', 'mean', 'happen', 'come', 'lot', 'much', 'many', 'well',
  // relations between the topics ("how does X affect Y", "a sense of Y"): the topics are X and Y
  'affect', 'effect', 'impact', 'influence', 'sense']);

/** Words this frequent (rank in the vectors' corpus) are never another word's synonym. */
const COMMON_RANK = 1000;

/** Two words mean the same topic when their vectors are this close ("concern"/"fear"). */
const WORD_SIMILARITY = 0.72;
/**
 * A frequent topic word (rank <= COMMON_RANK) sits close to many words ("start" is 0.73-0.75 from
 * "break", "wait", "weekend"): its synonyms must be closer ("begin" 0.83, "firm" for "company" 0.81).
 */
const COMMON_WORD_SIMILARITY = 0.78;

const NOMINAL = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);
/** Words that open a clause or a noun phrase: the word before them ends the phrase before. */
const CLAUSE_START = new Set(['how', 'what', 'why', 'when', 'where', 'who', 'which', 'whether', 'that', 'the', 'a', 'an', 'their', 'his', 'her', 'its', 'our', 'my', 'your', 'they', 'we', 'you', 'it', 'them', 'us']);

/** A topic word of a question: content, not the frame of asking, not a possessive's "'s" (split off by nlp.ts). */
function isTopicWord(t: Token): boolean {
  return isContent(t) && !t.lemma.startsWith("'") && !META.has(t.lemma) && !GENERIC_ASK.has(t.lemma);
}

/** The topic words of a research question (content lemmas without the frame of asking). */
export function topicWords(question: string): Token[] {
  const seen = new Set<string>();
  // a possessive's "'s" is not a topic word: "AI's effect" is about AI and effect
  return tokens(question).filter((t) => isTopicWord(t) && !seen.has(t.lemma) && (seen.add(t.lemma), true));
}

/**
 * The question's topic as slots: one per topic word, except that alternatives joined by "or"
 * ("concerns or fears", "clients, peers or audiences", "ownership, authenticity or creative
 * identity") are one slot that any of them fills. An alternative of several words is a phrase and
 * fills the slot only as that phrase ("creative identity", not any "creative").
 */
export function topicSlots(question: string): Token[][][] {
  const ts = tokens(question);
  // an alternative is a noun phrase's words ("creative identity") or one other word ("verify")
  const nominal = (i: number) => NOMINAL.has(ts[i]?.pos ?? '');
  const run = (from: number, step: 1 | -1): { words: Token[]; next: number } => {
    const words: Token[] = [];
    let i = from;
    const ok = (k: number) => k >= 0 && k < ts.length && isContent(ts[k]!) && !META.has(ts[k]!.lemma);
    if (ok(i) && !nominal(i)) return { words: [ts[i]!], next: i + step };
    while (ok(i) && nominal(i)) { words.push(ts[i]!); i += step; }
    return { words: step === 1 ? words : words.reverse(), next: i };
  };
  const inSlot = new Set<Token>();
  const slots: Token[][][] = [];
  ts.forEach((t, i) => {
    if (t.lemma !== 'or') return;
    let j = i + 1;
    while (j < ts.length && ts[j]!.stop && !isContent(ts[j]!) && ts[j]!.type === 'word' && ts[j]!.lemma !== 'of') j++; // "a lack", "their peers"
    const last = run(j, 1);
    // "values or principles guide how...": a word before a clause's start is its verb, whatever its tag
    if (last.words.length > 1 && CLAUSE_START.has(ts[last.next]?.lemma ?? '')) last.words.pop();
    const alternatives = [last.words];
    for (let left = run(i - 1, -1); left.words.length > 0; ) {
      alternatives.unshift(left.words);
      if (ts[left.next]?.text !== ',') break;
      left = run(left.next - 1, -1);
    }
    const named = alternatives.map((a) => a.filter(isTopicWord)).filter((a) => a.length > 0);
    if (named.length < 2) return;
    for (const a of alternatives) for (const w of a) inSlot.add(w);
    slots.push(named);
  });
  const seen = new Set<string>();
  for (const s of slots) for (const a of s) if (a.length === 1) seen.add(a[0]!.lemma);
  for (const t of ts) {
    if (inSlot.has(t) || !isTopicWord(t) || seen.has(t.lemma)) continue;
    seen.add(t.lemma);
    slots.push([[t]]);
  }
  return slots;
}

/** A text's distinct content lemmas, with their unit-length word vectors when known, and the content lemmas in order (for phrases). */
export interface WordBag { lemmas: Set<string>; vectors: Map<string, Float32Array>; sequence: string[] }

export function wordBag(words: Token[]): WordBag {
  const vectors = new Map<string, Float32Array>();
  const lemmas = new Set<string>();
  const sequence = words.map((w) => w.lemma);
  for (const w of words) {
    if (lemmas.has(w.lemma)) continue;
    lemmas.add(w.lemma);
    const v = unitVector(w);
    if (v) vectors.set(w.lemma, v);
  }
  return { lemmas, vectors, sequence };
}

/** Unit-length word vectors, cached (they depend on the word alone). */
const UNIT_CACHE = new Map<string, Float32Array | null>();
const UNIT_CACHE_LIMIT = 50_000;

function unitVector(w: Token): Float32Array | null {
  // by lemma first, so a lemma has one vector whichever inflection came first ("ventures")
  const key = `${w.lemma}\u0000${w.text}`;
  let v = UNIT_CACHE.get(key);
  if (v !== undefined) return v;
  const wv = wordVectors();
  const raw = wv.get(w.lemma) ?? wv.get(w.text);
  // a copy: the vectors' own arrays stay as they are; an all-zero vector stays all zeros
  v = raw ? normalise(Float32Array.from(raw)) ?? new Float32Array(raw.length) : null;
  if (UNIT_CACHE.size >= UNIT_CACHE_LIMIT) UNIT_CACHE.delete(UNIT_CACHE.keys().next().value!);
  UNIT_CACHE.set(key, v);
  return v;
}

/** The lemmas of the given texts that may be a topic word's synonym, with their vectors. */
export function vocabularyOf(bags: WordBag[]): Map<string, Float32Array | null> {
  const wv = wordVectors();
  const vocabulary = new Map<string, Float32Array | null>();
  const common = new Set<string>();
  for (const b of bags) {
    for (const l of b.lemmas) {
      if (vocabulary.has(l) || common.has(l)) continue;
      // the most frequent words sit close to everything ("start" ~ "come", "time", "way"): they
      // count only as themselves, never as another word's synonym
      if (wv.rank(l) <= COMMON_RANK) common.add(l);
      else vocabulary.set(l, b.vectors.get(l) ?? null); // a rare word without a vector may still be of a topic word's family
    }
  }
  return vocabulary;
}

/** Negating prefixes: "inauthentic" is about authenticity as much as "authentic" is. */
const NEGATION = /^(?:un|in|im|il|ir|non|dis)(?=[a-z]{5})/;
/** Derivational endings that keep a word's meaning family ("authentic"/"authenticity", "motivate"/"motivation"). */
const DERIVED = new Set(['ity', 'ivity', 'ness', 'tion', 'tive', 'cation', 'ive', 'ion', 'ation', 'ment', 'er', 'or', 'ee', 'ist', 'al', 'ally', 'ly', 'ic', 'ical', 'ous', 'ful', 'less', 'able', 'ible', 'ence', 'ance', 'ent', 'ant', 'ism', 'ize', 'ise', 'ing', 'ed']);

/**
 * Whether two lemmas are one word family: the same stem (a final "e"/"y" dropped) and a
 * derivational ending, maybe negated. A negating prefix makes the opposite of a quality or a thing
 * ("inauthentic", "unsustainable"), not of an action: with `negatable` false (the topic word is a
 * verb) "instart" (a company's name) is no form of "start".
 */
export function sameFamily(word: string, topic: string, negatable = true): boolean {
  for (const w of new Set([word, negatable ? word.replace(NEGATION, '') : word])) {
    const [short, long] = w.length <= topic.length ? [w, topic] : [topic, w];
    if (short.length < 5) continue;
    if (short === long) return w !== word; // the negated form of the topic word itself
    const stem = short.replace(/[ey]$/, '');
    if (long.startsWith(stem) && DERIVED.has(long.slice(stem.length))) return true;
    // "happy"/"happiness", "verify"/"verification": the "y" becomes "i"
    if (short.endsWith('y') && long.startsWith(`${stem}i`) && DERIVED.has(long.slice(stem.length + 1))) return true;
  }
  return false;
}

/**
 * The study's frame: words that at least half of the project's research questions share, and at
 * least three of them, such as the population or the subject every question is about ("founders",
 * "AI"). Like "participants", they do not tell one question's answers from another's, so they are
 * no topic slot of a question that has other words.
 */
export function frameWords(questions: string[]): Set<string> {
  if (questions.length < 3) return new Set();
  const counts = new Map<string, number>();
  for (const q of questions) for (const l of new Set(topicWords(q).map((t) => t.lemma))) counts.set(l, (counts.get(l) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 3 && n * 2 >= questions.length).map(([l]) => l));
}

/**
 * A question's topic over an interview's vocabulary: for each slot, the lemmas that fill it (each
 * one-word alternative and every lemma of the interview whose vector is close) and the phrases
 * that do. Computed once per question, so coverage is then set lookups.
 */
export interface TopicSlot { same: Set<string>; phrases: string[][]; frame: boolean }
export type Topic = TopicSlot[];

export function topicOver(question: string, vocabulary: Map<string, Float32Array | null>, frame: Set<string> = new Set()): Topic {
  const all = topicSlots(question).map((alternatives) => ({ alternatives, frame: alternatives.every((a) => a.length === 1 && frame.has(a[0]!.lemma)) }));
  const specific = all.some((s) => !s.frame);
  return all.map(({ alternatives, frame: isFrame }) => {
    const same = new Set<string>();
    const phrases: string[][] = [];
    for (const a of alternatives) {
      if (a.length > 1) { phrases.push(a.map((t) => t.lemma)); continue; }
      const t = a[0]!;
      same.add(t.lemma);
      const tv = unitVector(t);
      const min = wordVectors().rank(t.lemma) <= COMMON_RANK ? COMMON_WORD_SIMILARITY : WORD_SIMILARITY;
      for (const [l, v] of vocabulary) if ((tv && v && cosine(tv, v) >= min) || sameFamily(l, t.lemma, t.pos !== 'VERB')) same.add(l);
    }
    return { same, phrases, frame: specific && isFrame };
  });
}

/** Weight of a frame word's slot in how well an interviewer turn asks a question (see frameWords). */
export const FRAME_WEIGHT = 0.5;

/**
 * Share of the topic's slots a text fills, with the same lemma, a near-synonym or the phrase. The
 * study's frame words are left out (what a participant says is found by what tells the question
 * apart), except with `frameWeight`: how an interviewer turn asks a question counts them at that
 * weight, since a guide restates its study's subject ("who makes the creative decisions with AI?").
 */
export function topicCoverage(topic: Topic, text: WordBag, frameWeight = 0): number {
  let total = 0, hit = 0;
  for (const slot of topic) {
    const w = slot.frame ? frameWeight : 1;
    total += w;
    if (w > 0 && fills(slot, text)) hit += w;
  }
  return total === 0 ? 0 : hit / total;
}

function fills(slot: TopicSlot, text: WordBag): boolean {
  for (const l of text.lemmas) if (slot.same.has(l)) return true;
  return slot.phrases.some((p) => p.every((l) => text.lemmas.has(l))
    && text.sequence.some((_, i) => p.every((l, k) => text.sequence[i + k] === l)));
}
