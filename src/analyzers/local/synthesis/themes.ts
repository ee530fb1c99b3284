import type { InterviewCode, ProjectTheme, SynthesisEvidence } from '../../../domain/synthesis.js';
import { cmp, push, type Canon } from './canon.js';
import { wholeQuote, wordCount } from './text.js';
import { mergeSimilar, type MergeOptions } from './merge-codes.js';
import { conceptKey, mentions, stemmedUnit } from '../semantic/concept.js';
import { saysAsTopic } from '../semantic/topic-noun.js';
import { tokens } from '../nlp.js';
import { commonForm, governingVerb, spokenForm } from '../semantic/predicate.js';
import { clausePhrase, sayingOf, type Saying } from '../semantic/saying.js';
import { actedOn } from '../semantic/object-form.js';
import { saidAsSubject } from '../semantic/subject.js';
import { acronymsOf, withAcronyms } from '../semantic/acronym.js';
import { groupParts, unitVectors, type GroupOptions, type Part } from './theme-groups.js';
import { conceptOfName, conceptOfStatement, themeName, unitFrame } from '../semantic/name.js';
import { compoundsOf, compoundTitle } from './compounds.js';
import { groupCodes } from './code-groups.js';

export interface ThemeOptions {
  /** A project theme needs supporting evidence from this many participants. Default 2. */
  minParticipants?: number;
  /** Codes whose names share at least this share of content words merge. Default 0.75. */
  nameSimilarity?: number;
  /**
   * When at least this share of a theme's polar units (pain vs gain facets) lean one way, units
   * leaning the other way are its counter-evidence. Default 0.7.
   */
  dominantPolarity?: number;
  /** Merging codes of different names by meaning (sentence vectors). */
  merge?: MergeOptions;
  /** Grouping concept themes into study-level themes (theme-groups.ts); false keeps concept themes. */
  groups?: GroupOptions | false;
}

/** A theme with the ids it holds, before output shaping (answers and coverage use these). */
export interface BuiltTheme extends ProjectTheme {
  supporting: string[];
}

/**
 * Project themes from the interviews' codes. A code named after a concept (local analyzer:
 * "Problems with X", most of its units say X) joins the project theme of that concept, whatever
 * interview it came from; the theme holds only units that say the concept, plus any other
 * participant unit of the project that says it and no theme holds yet, and is framed by what its
 * units say more than the project as a whole. Other codes (an LLM's, a codebook's) merge by name
 * and meaning. Prevalence is counted on the supporting evidence's distinct interviews and
 * participants; a theme held by fewer than `minParticipants` participants is not a project theme.
 * Every step is over canonically ordered input, so the result does not depend on arrival order.
 */
export function buildThemes(c: Canon, opts: ThemeOptions = {}): BuiltTheme[] {
  const minParticipants = Math.min(opts.minParticipants ?? 2, Math.max(1, c.participants.length));
  const { concepts, others } = splitCodes(c);
  // a code is its name and what was said (its first quotes): the statement a store keeps for a
  // code name may come from whichever interview used the name first, so it is not relied on
  const textOf = (k: InterviewCode) => [k.name, ...k.evidenceIds.slice(0, 3).map((id) => c.evidenceById.get(id)!.verbatim)].join('. ');
  const named = mergeSimilar(groupCodes(others, opts.nameSimilarity ?? 0.75), textOf, opts.merge)
    .map((codes) => ({ name: mostCommon(codes.map((k) => k.name), codes), codes, units: unitsOf(c, codes) }));
  // names are written from lower-cased tokens: acronyms get their capitals back ("Using AI")
  const acronyms = acronymsOf(c.evidence.map((e) => e.verbatim));
  const fine = conceptThemes(c, [...concepts, ...acronymConcepts(concepts, acronyms), ...compoundConcepts(c, concepts)].sort((a, b) => cmp(a.key, b.key)),
    new Set(named.flatMap((t) => t.units.map((e) => e.id))), acronyms);
  const conceptual = opts.groups === false ? fine : groupParts(c, fine, unitVectors(c), opts.groups);
  const themes: BuiltTheme[] = [];
  for (const { name: lower, codes, units } of [...conceptual, ...named]) {
    const name = withAcronyms(lower, acronyms);
    const { supporting, counter } = splitByPolarity(units, opts.dominantPolarity ?? 0.7);
    const participants = new Set(supporting.map((e) => e.personId)).size;
    if (participants < minParticipants || supporting.length === 0) continue;
    const interviews = new Set(supporting.map((e) => e.interviewId)).size;
    const quote = representative(supporting, c.words);
    themes.push({
      name,
      statement: `${participants} of ${c.participants.length} participants in ${interviews} of ${c.interviews.length} interviews talk about ${name.charAt(0).toLowerCase()}${name.slice(1)}`
        + (quote ? `; most typical: "${wholeQuote(quote.verbatim, 40)}"` : ''),
      interviews,
      participants,
      evidence: [
        ...supporting.map((e) => ({ evidenceId: e.id, role: 'supporting' as const })),
        ...counter.map((e) => ({ evidenceId: e.id, role: 'counter' as const })),
      ],
      quoteEvidenceId: quote?.id ?? null,
      codes: [...new Set(codes.map((k) => k.name))].sort(cmp),
      supporting: supporting.map((e) => e.id),
    });
  }
  return themes.sort((a, b) => b.participants - a.participants || b.interviews - a.interviews || cmp(a.name, b.name));
}

function unitsOf(c: Canon, codes: InterviewCode[]): SynthesisEvidence[] {
  return [...new Set(codes.flatMap((k) => k.evidenceIds))].map((id) => c.evidenceById.get(id)!).sort((a, b) => cmp(a.key, b.key));
}

interface ConceptCodes {
  key: string;
  codes: InterviewCode[];
  surfaces: Map<string, Set<string>>;
  /** A kind of another concept its participants name ("photo editing" of "editing": compounds.ts). */
  head?: string;
}

/**
 * Kinds of the study's one-word concepts that several participants name ("typical project",
 * "photo editing": compounds.ts) are concepts of their own, taking the units that say them from
 * their noun's theme: "Experiences with process" names nothing a researcher would write.
 */
function compoundConcepts(c: Canon, concepts: ConceptCodes[]): ConceptCodes[] {
  const have = new Set(concepts.map((g) => g.key));
  const heads = new Set(concepts.flatMap((g) => (g.key.includes(' ') ? [] : [g.key])));
  // a kind an interview coded already ("creative process") keeps its place in its group: made to
  // stand alone too, it regrouped the themes around it and lowered labelled fit on two tuning sets
  return compoundsOf(c.evidence, heads, c.participants.length).filter((x) => !have.has(x.key))
    .map((x) => ({ key: x.key, codes: [], surfaces: new Map([[x.surface, new Set<string>()]]), head: x.head }));
}

/**
 * Acronyms are words ("AI", "UX", "HR": acronym.ts) but shorter than the three letters an
 * interview's concept nouns need, so no interview codes them: each is a concept of the project
 * with no codes, whose units are those saying it (as a noun) that no theme holds.
 */
function acronymConcepts(concepts: ConceptCodes[], acronyms: ReadonlyMap<string, number>): ConceptCodes[] {
  const have = new Set(concepts.map((g) => g.key));
  return [...acronyms.keys()].filter((a) => !have.has(a)).map((a) => ({ key: a, codes: [], surfaces: new Map([[a.toUpperCase(), new Set<string>()]]) }));
}

/** Codes named after a concept most of their units say, by concept; the rest. */
function splitCodes(c: Canon): { concepts: ConceptCodes[]; others: InterviewCode[] } {
  const byKey = new Map<string, ConceptCodes>();
  const others: InterviewCode[] = [];
  for (const k of c.codes) {
    // a local code names its concept in its name ("Problems with X") or, named by what is said
    // about it ("Writing emails"), in its statement
    const surface = conceptOfName(k.name) ?? conceptOfStatement(k.statement);
    const key = surface === null ? '' : conceptKey(surface);
    const saying = key ? k.evidenceIds.filter((id) => mentions(stemmedUnit(c.evidenceById.get(id)!), key)).length : 0;
    if (surface === null || saying < Math.max(1, k.evidenceIds.length / 2)) { others.push(k); continue; }
    const g = byKey.get(key) ?? { key, codes: [], surfaces: new Map<string, Set<string>>() };
    g.codes.push(k);
    g.surfaces.set(surface, (g.surfaces.get(surface) ?? new Set()).add(k.interviewId));
    byKey.set(key, g);
  }
  return { concepts: [...byKey.values()].sort((a, b) => cmp(a.key, b.key)), others };
}

/**
 * One theme per concept: the units of its codes that say it, then every other participant unit
 * that says it and is in no theme yet (the most specific concept first: "open source project"
 * before "project"). Named by the concept as most interviews say it, framed on the project.
 */
function conceptThemes(c: Canon, concepts: ConceptCodes[], taken: Set<string>, acronyms: ReadonlyMap<string, number>): Part[] {
  // a one-word concept is said as a topic noun, as when units are taken in below: an interview
  // codes "right" when it says "our rights", but "right now" in another unit is not about rights
  const units = concepts.map((g) => unitsOf(c, g.codes).filter((e) => saysConcept(e, g.key)));
  // a kind's units leave its noun's theme for its own ("photo editing" from "editing")
  concepts.forEach((g, i) => {
    if (!g.head) return;
    const j = concepts.findIndex((h) => h.key === g.head);
    if (j < 0) return;
    const rest: SynthesisEvidence[] = [];
    for (const e of units[j]!) (mentions(stemmedUnit(e), g.key) ? units[i]! : rest).push(e);
    units[j] = rest;
  });
  for (const us of units) for (const e of us) taken.add(e.id);
  const order = concepts.map((_, i) => i).sort((a, b) => concepts[b]!.key.split(' ').length - concepts[a]!.key.split(' ').length
    || units[b]!.length - units[a]!.length || cmp(concepts[a]!.key, concepts[b]!.key));
  for (const e of c.evidence) {
    if (taken.has(e.id)) continue;
    const i = order.find((k) => saysConcept(e, concepts[k]!.key));
    if (i === undefined) continue;
    units[i]!.push(e);
    taken.add(e.id);
  }
  const kinds = (e: SynthesisEvidence) => e.facets.map((f) => f.kind);
  const people = (us: SynthesisEvidence[]) => new Set(us.map((e) => e.personId)).size;
  const generic = Math.max(4, GENERIC_SHARE * c.participants.length);
  // a concept no interview coded (an acronym) said by nearly everyone in the project is the study's
  // frame topic ("AI"): its units here are only those no theme holds
  const frameTopics = concepts.map((g) => g.codes.length === 0 && (acronyms.get(g.key) ?? 0) >= generic && saidBy(c, g.key) >= generic);
  const split = (i: number) => {
    const g = concepts[i]!;
    const us = units[i]!.sort((a, b) => cmp(a.key, b.key));
    const frameTopic = frameTopics[i]!;
    const coded = [...g.surfaces].sort((a, b) => b[1].size - a[1].size || cmp(a[0], b[0]))[0]![0];
    // What is said about the concept (problems, hopes, benefits...) is a theme of its own when
    // several participants say it: each quote then fits its theme's frame, not only its concept.
    // First what is done with it ("Building the community"), then how it is spoken of.
    const parts = new Map<string, SynthesisEvidence[]>();
    const predicates = new Map<string, Part['predicate']>();
    const byVerb = new Map<string, { gerunds: Map<string, number>; units: SynthesisEvidence[] }>();
    const spoken = (e: SynthesisEvidence) => { const f = spokenForm(tokens(e.verbatim), g.key); return f ? [{ ...f, words: withAcronyms(f.words, acronyms) }] : []; };
    const forms = us.flatMap(spoken);
    const surface = commonForm(forms) ?? coded;
    // a kind of a concept is titled by itself ("Photo editing", "Typical projects"), not "Experiences with" it
    const title = g.head ? compoundTitle(surface, forms.map((f) => f.det)) : null;
    for (const e of us) {
      const v = governingVerb(tokens(e.verbatim), g.key);
      if (!v) continue;
      const slot = byVerb.get(v.key) ?? { gerunds: new Map<string, number>(), units: [] };
      slot.gerunds.set(v.gerund, (slot.gerunds.get(v.gerund) ?? 0) + 1);
      slot.units.push(e);
      byVerb.set(v.key, slot);
    }
    const inVerbPart = new Set<string>();
    for (const [verb, slot] of [...byVerb].sort((a, b) => cmp(a[0], b[0]))) {
      if (people(slot.units) < 2 || slot.units.length < MIN_FRAMED_UNITS) continue;
      const gerund = [...slot.gerunds].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
      const name = `${gerund.charAt(0).toUpperCase()}${gerund.slice(1)} ${actedOn(slot.units, g.key, surface)}`;
      if (!predicates.has(name)) predicates.set(name, { verb });
      for (const e of slot.units) { push(parts, name, e); inVerbPart.add(e.id); }
    }
    const plain = themeName(surface, null);
    const framed = new Map<string, SynthesisEvidence[]>();
    // the study's frame topic is in nearly every unit: a problem or hope a unit says is about it
    // only when it is what the unit says it of (its subject: "AI is unreliable", not "I take the issue to AI")
    const frameOf = (e: SynthesisEvidence) => (frameTopic && !saidAsSubject(tokens(e.verbatim), g.key) ? null : unitFrame(kinds(e)));
    for (const e of us) if (!inVerbPart.has(e.id)) push(framed, themeName(surface, frameOf(e)), e);
    for (const [name, p] of framed) {
      const own = name === plain || (people(p) >= 2 && p.length >= MIN_FRAMED_UNITS);
      const frame = unitFrame(kinds(p[0]!));
      if (own && name !== plain && frame && !predicates.has(name)) predicates.set(name, { frame });
      for (const e of p) push(parts, own ? name : plain, e);
    }
    // A part said by nearly everyone says nothing about anyone: left out.
    // (a frame topic's plain part says nothing of it, however few say it)
    // (and a part of a concept no interview coded, said by one participant, is none: no group needs it)
    const says = ([name, p]: [string, SynthesisEvidence[]]) => people(p) < generic && !(frameTopic && name === plain)
      && !(g.codes.length === 0 && people(p) < 2);
    const kept = [...parts].filter(says);
    const dropped = [...parts].filter((x) => !says(x)).flatMap(([, p]) => p);
    return { g, surface, plain, predicates, kept, dropped, frameTopic, title };
  };
  // The study's frame topic (a concept said by nearly everyone, "AI"): its units that say nothing
  // more of it than the concept may say another concept ("AI tools" -> "tools"): they join it,
  // as units of no theme do, instead of being left out with the frame topic's plain part.
  const splits = new Map<number, ReturnType<typeof split>>();
  for (let i = 0; i < concepts.length; i++) {
    if (!frameTopics[i]) continue;
    const s = split(i);
    splits.set(i, s);
    for (const e of s.dropped) {
      const k = order.find((j) => !frameTopics[j] && saysConcept(e, concepts[j]!.key));
      if (k !== undefined) units[k]!.push(e);
    }
  }
  const used = new Set<string>();
  return concepts.flatMap((g, i) => {
    const { surface, plain, predicates, kept, frameTopic, title } = splits.get(i) ?? split(i);
    return kept.map(([name, p]) => {
      const sorted = p.sort((a, b) => cmp(a.key, b.key));
      let said = name === plain ? sayingName(sorted, g.key, surface, c, used) : name;
      if (title && said === plain && !used.has(title.toLowerCase())) said = title;
      used.add(said.toLowerCase());
      return { name: said, codes: g.codes, units: sorted, key: g.key, surface, predicate: predicates.get(name) ?? null, generic: frameTopic, compound: !!g.head };
    });
  });
}

/**
 * A name for the units of a concept that share no verb or frame often enough to be parts of their
 * own: what most of their participants say about it (a stance or action, "Wanting X", "Using X"),
 * else the clause of its most typical unit that says it, as a phrase ("Checking the code before
 * using it"); "Experiences with X" only when neither gives a name no other theme has.
 */
function sayingName(units: SynthesisEvidence[], key: string, surface: string, c: Canon, used: Set<string>): string {
  const byKey = new Map<string, { saying: Saying; people: Set<string>; units: SynthesisEvidence[] }>();
  for (const e of units) {
    const s = sayingOf(tokens(e.verbatim), key, surface);
    if (!s) continue;
    const slot = byKey.get(s.key) ?? { saying: s, people: new Set<string>(), units: [] };
    slot.people.add(e.personId);
    slot.units.push(e);
    byKey.set(s.key, slot);
  }
  const everyone = new Set(units.map((e) => e.personId)).size;
  const ranked = [...byKey].filter(([, x]) => x.people.size >= 2)
    .sort((a, b) => b[1].people.size - a[1].people.size || cmp(a[0], b[0])).map(([, x]) => x);
  const free = (n: string | null | undefined): n is string => !!n && !used.has(n.toLowerCase());
  const top = ranked[0];
  if (top && top.saying.gerund !== null) {
    // two actions said by several participants each name the part together: "Using and training models"
    const actions = ranked.filter((x) => x.saying.gerund !== null && !x.saying.gerund.includes(' ')).slice(0, 2);
    const covered = new Set(actions.flatMap((x) => [...x.people])).size;
    if (!top.saying.gerund.includes(' ') && actions.length > 1 && covered >= SAYING_SHARE * everyone) {
      const gs = actions.map((x) => x.saying.gerund!);
      const name = `${gs.slice(0, -1).join(', ')} and ${gs.at(-1)} ${actedOn(actions.flatMap((x) => x.units), key, surface)}`;
      if (free(name)) return name.charAt(0).toUpperCase() + name.slice(1);
    }
  }
  // an action names its concept as the units doing it say it ("Starting a business"); a stance as the theme does
  const named = top?.saying.gerund ? `${top.saying.gerund.charAt(0).toUpperCase()}${top.saying.gerund.slice(1)} ${actedOn(top.units, key, surface)}` : top?.saying.name;
  if (top && top.people.size >= SAYING_SHARE * everyone && free(named)) return named;
  if (everyone > CLAUSE_PEOPLE) return themeName(surface, null);
  const quote = representative(units.filter((e) => wordCount(e.verbatim) <= 60), c.words) ?? representative(units, c.words);
  const clause = quote ? clausePhrase(quote.verbatim, tokens(quote.verbatim), key) : null;
  return free(clause) ? clause : themeName(surface, null);
}

/** Whether a unit says a concept (stemmed key), a one-word concept as a topic noun (topic-noun.ts). */
function saysConcept(e: SynthesisEvidence, key: string): boolean {
  return mentions(stemmedUnit(e), key) && saysAsTopic(e.verbatim, key);
}

/** Participants who say a concept (as a noun, for a one-word concept) anywhere in the project. */
function saidBy(c: Canon, key: string): number {
  const people = new Set<string>();
  for (const e of c.evidence) if (!people.has(e.personId) && saysConcept(e, key)) people.add(e.personId);
  return people.size;
}

/** Share of a part's participants its stances or actions must be said by to name the part. */
const SAYING_SHARE = 0.2;
/** A part of more participants than this is not named after one unit's clause. */
const CLAUSE_PEOPLE = 4;

/** A framed part of a concept needs this many units to stand alone. */
const MIN_FRAMED_UNITS = 3;

/** A theme said by this share of participants or more is too generic to say anything. */
const GENERIC_SHARE = 0.75;

function polarity(e: SynthesisEvidence): number {
  const pain = e.facets.some((f) => f.kind === 'pain');
  const gain = e.facets.some((f) => f.kind === 'gain');
  return pain === gain ? 0 : pain ? -1 : 1;
}

/**
 * Counter-evidence: where a theme clearly leans one way (most of its pain/gain units are pains,
 * say), the units leaning the other way disagree with it. Without a clear lean, all support it.
 */
function splitByPolarity(units: SynthesisEvidence[], dominant: number) {
  const pos = units.filter((e) => polarity(e) > 0).length;
  const neg = units.filter((e) => polarity(e) < 0).length;
  const polar = pos + neg;
  if (polar < 3) return { supporting: units, counter: [] as SynthesisEvidence[] };
  const lean = pos / polar >= dominant ? 1 : neg / polar >= dominant ? -1 : 0;
  if (lean === 0) return { supporting: units, counter: [] as SynthesisEvidence[] };
  return { supporting: units.filter((e) => polarity(e) !== -lean), counter: units.filter((e) => polarity(e) === -lean) };
}

/** The value most codes use (counted once per interview), ties broken alphabetically. */
function mostCommon(values: string[], codes: InterviewCode[]): string {
  const count = new Map<string, Set<string>>();
  values.forEach((v, i) => count.set(v, (count.get(v) ?? new Set()).add(codes[i]?.interviewId ?? '')));
  return [...count.entries()].sort((a, b) => b[1].size - a[1].size || cmp(a[0], b[0]))[0]?.[0] ?? '';
}

/**
 * The unit that best stands for a set: most of its content words are common in the set (what
 * many say), readable length (8-60 words), then confidence, then key. Linear in the set's size.
 */
export function representative(units: SynthesisEvidence[], wordsOf: (e: SynthesisEvidence) => string[]): SynthesisEvidence | undefined {
  if (units.length === 0) return undefined;
  const df = new Map<string, number>();
  const words = units.map(wordsOf);
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  let best: { e: SynthesisEvidence; score: number } | undefined;
  units.forEach((e, i) => {
    const ws = words[i]!;
    const n = wordCount(e.verbatim);
    const readable = n >= 8 && n <= 60 ? 1 : 0.5;
    const central = ws.length === 0 ? 0 : ws.reduce((s, w) => s + Math.log(df.get(w)!), 0) / Math.sqrt(ws.length);
    const score = Math.round((central * readable + e.confidence) * 1e6);
    if (!best || score > best.score || (score === best.score && cmp(e.key, best.e.key) < 0)) best = { e, score };
  });
  return best?.e;
}
