import type { FacetKind } from '../../domain/analysis.js';
import type { SynthesisEvidence } from '../../domain/synthesis.js';

/**
 * What kind of statement a research question asks for, read from its wording: "What concerns..."
 * wants problems (pain), "What would they want..." wishes (goal), "What makes X valuable" benefits
 * (gain), "How do they feel" feelings, "What values guide" principles; a wish or improvement question
 * ("What would make X more useful", "How could X be better") wants goals, a practice question ("How
 * do they use X", "Walk me through...") behavior. A unit linked to the
 * question that says that kind of thing (its facet) answers it better than one that only gives
 * context ("So far I have experimented with it in the background phase" is no concern).
 */
const STANCES: [FacetKind, RegExp][] = [
  ['pain', /\b(?:concern|worr|fear|risk|problem|challeng|difficult|frustrat|barrier|obstacle|downside|drawback|hard(?:est|er)?\b|struggl|limitation|issue|complain|prevent|keeps?\b.*\bfrom|stops?\b.*\bfrom)/],
  ['goal', /\b(?:want|wish|hope|goal|aim|would (?:[a-z]+ )?like|need|cannot|can't|could help|help with|would make|(?:could|would|can)\b.*\bbe better|make\b.*\b(?:better|easier|more)\b)/],
  ['gain', /\b(?:benefit|valuable|advantage|gain|improv|helpful|enjoy|like about)/],
  ['emotion', /\b(?:feel|emotion|mood|excite|anxi)/],
  ['value', /\b(?:values\b|principle|belie|ethic|matters? to)/],
  // "use" as a verb after a short subject ("How do designers currently use X"), not a noun ("react to their use")
  ['behavior', /\b(?:how (?:do|does|did) (?:[\w-]+ ){1,4}(?<!\b(?:their|the|its|your|our|his|her|my|of|this) )(?:use|using)\b|what (?:do|does|did) (?:[\w-]+ ){1,3}do\b|walk (?:me|us) through)/],
];

export function questionStance(question: string): Set<FacetKind> {
  const q = question.toLowerCase();
  return new Set(STANCES.filter(([, re]) => re.test(q)).map(([kind]) => kind));
}

/**
 * The units that say what the question asks for (a facet of its stance), when any does and the
 * question has a stance; else all of them.
 */
export function answering(units: SynthesisEvidence[], stance: Set<FacetKind>): SynthesisEvidence[] {
  if (stance.size === 0) return units;
  const saying = units.filter((e) => e.facets.some((f) => stance.has(f.kind)));
  return saying.length > 0 ? saying : units;
}
