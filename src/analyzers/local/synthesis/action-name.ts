import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens } from '../nlp.js';
import { actionOf, type Action } from '../semantic/action-phrase.js';
import { mentions, stemmedUnit } from '../semantic/concept.js';
import { spokenForm } from '../semantic/predicate.js';
import { objectForm } from '../semantic/object-form.js';
import { cased } from '../semantic/saying.js';
import { cmp } from './canon.js';
import { capitalise } from './text.js';

/**
 * A study theme's name from what its participants say they do with its concept, when no one
 * action is shared widely enough for `groupName`'s stricter rule: the action (or stance) said by
 * the most participants, at least `ACTION_PEOPLE` and `ACTION_SHARE` of them, more than any other ("Doing research",
 * "Delegating tasks", "Using AI for tasks"), or the two tied for most when both are plain verbs
 * on the concept ("Making and spending money"). A researcher names a theme by what is said about
 * its topic, not by the topic alone ("Experiences with research"). The concept is written as
 * those units say it ("Making art", not "arts"), without "their".
 */
export interface Candidate {
  name: string;
  people: number;
  units: number;
  key: string;
  /** The gerund alone when the action is a plain verb on the concept (no preposition, object or stance). */
  plain: string | null;
  /** The concept as said. */
  said: string;
  concept: string;
}

interface Slot {
  action: Action;
  concept: string;
  people: Set<string>;
  units: Set<string>;
  objects: Map<string, Set<string>>;
  leads: Map<string, number>;
  said: Map<string, number>;
  dets: string[];
}

const top = <T>(m: Map<string, T>, size: (v: T) => number) => [...m].sort((a, b) => size(b[1]) - size(a[1]) || cmp(a[0], b[0]))[0];

/** Every action or stance said with the concepts, most participants first. */
export function actionCandidates(units: SynthesisEvidence[], concepts: string[]): Candidate[] {
  const slots = new Map<string, Slot>();
  for (const e of units) {
    const s = stemmedUnit(e);
    const toks = tokens(e.verbatim);
    for (const key of concepts) {
      if (!mentions(s, key)) continue;
      const a = actionOf(toks, key);
      if (!a) continue;
      const k = `${a.key}\u0000${key}`;
      const slot = slots.get(k) ?? { action: a, concept: key, people: new Set(), units: new Set(), objects: new Map(), leads: new Map(), said: new Map(), dets: [] as string[] };
      slot.people.add(e.personId);
      slot.units.add(e.id);
      slot.leads.set(a.lead, (slot.leads.get(a.lead) ?? 0) + 1);
      slot.said.set(a.said, (slot.said.get(a.said) ?? 0) + 1);
      slot.dets.push(spokenForm(toks, key)?.det ?? '');
      if (a.object && a.objectPos !== 'PRON') slot.objects.set(a.object, (slot.objects.get(a.object) ?? new Set()).add(e.personId));
      slots.set(k, slot);
    }
  }
  const text = units.map((e) => e.verbatim).join(' ');
  const forms = new Map(concepts.map((key) => [key, units.flatMap((e) => { const f = spokenForm(tokens(e.verbatim), key); return f ? [f.words] : []; })]));
  const out: Candidate[] = [];
  for (const [k, slot] of slots) {
    const lead = top(slot.leads, (n) => n)![0];
    const prep = slot.action.key.split(' ').at(-1)!;
    const said = prep === 'as' ? `a ${singular(top(slot.said, (n) => n)![0])}` : objectForm(top(slot.said, (n) => n)![0], forms.get(slot.concept)!, slot.dets);
    // "doing research", not "doing startups": a plural said after "do" names no action
    if (lead === 'doing' && said.endsWith('s') && !said.endsWith('ss')) continue;
    let name: string;
    let plain: string | null = null;
    if (slot.action.key.startsWith('>')) name = `${said} ${lead} ${top(slot.objects, (x) => x.size)?.[0] ?? slot.action.object}`;
    else if (slot.action.stance) name = `${lead} ${said}`;
    else if (slot.action.key.includes(' _')) {
      // "use _ for": the object most of them say, when a few say it by name ("AI", not "it")
      const obj = top(slot.objects, (s) => s.size);
      if (!obj || obj[1].size < 2) continue;
      name = `${lead} ${obj[0]} ${prep} ${said}`;
    } else {
      name = `${lead} ${said}`;
      if (!lead.includes(' ')) plain = lead;
    }
    out.push({ name: capitalise(cased(text, name.split(' ')).join(' ')), people: slot.people.size, units: slot.units.size, key: k, plain, said, concept: slot.concept });

  }
  return out.sort((a, b) => b.people - a.people || b.units - a.units || cmp(a.key, b.key));
}

/**
 * The name, or null when no action is said by enough participants, two that cannot be joined
 * tie, or the action's concept is said by under `CONCEPT_SHARE` of the units (a name listing
 * two concepts would lose the other's quotes).
 */
export function actionName(units: SynthesisEvidence[], concepts: string[]): string | null {
  const ranked = actionCandidates(units, concepts);
  const [best, next] = ranked;
  const everyone = new Set(units.map((e) => e.personId)).size;
  if (!best || best.people < Math.max(ACTION_PEOPLE, ACTION_SHARE * everyone)) return null;
  const share = units.filter((e) => mentions(stemmedUnit(e), best.concept)).length / Math.max(1, units.length);
  if (share < CONCEPT_SHARE) return null;
  if (next && next.people === best.people) {
    // two actions said by as many: both, when both are plain verbs on the concept as said alike
    if (!best.plain || !next.plain || next.said !== best.said || ranked[2]?.people === best.people) return null;
    const [a, b] = [best.plain, next.plain].sort(cmp);
    const text = units.map((e) => e.verbatim).join(' ');
    return capitalise(cased(text, `${a} and ${b} ${best.said}`.split(' ')).join(' '));
  }
  return best.name;
}

/** "tools" -> "tool" for "as a tool" (a plural made by adding s). */
function singular(said: string): string {
  return said.endsWith('s') && !said.endsWith('ss') ? said.slice(0, -1) : said;
}

/**
 * Participants who must say the action for it to name a theme: at least three, and a tenth of the
 * theme's (an action 3 of 79 say, "Working on projects", does not say what the rest's quotes say).
 */
const ACTION_PEOPLE = 3;
const ACTION_SHARE = 0.1;
/** Share of a theme's units that must say the concept an action names. */
const CONCEPT_SHARE = 0.8;
