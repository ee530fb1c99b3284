import type { StoredEvidence, ThemeProposal } from '../../domain/analysis.js';
import type { Token } from './nlp.js';

/**
 * Themes grown from the interview itself, for transcripts outside the codebook's domain: the most
 * frequent noun phrases of the evidence the codebook left unthemed, each with the units that
 * mention it. Names are a function of the phrase, so later interviews mentioning the same thing
 * link to the same project theme.
 */
const MAX_THEMES = 5;
const MIN_UNITS = 2;
/** Nouns too vague to name a theme. */
const VAGUE = new Set([
  'thing', 'things', 'lot', 'time', 'way', 'people', 'kind', 'bit', 'stuff', 'something', 'anything',
  'everything', 'part', 'point', 'sort', 'question', 'questions', 'example', 'idea', 'fact', 'case',
  'day', 'year', 'week', 'moment', 'sense', 'level', 'end', 'reason', 'type', 'number', 'yes', 'no',
]);

export function inductiveThemes(units: { e: StoredEvidence; tokens: Token[] }[]): ThemeProposal[] {
  const byKey = new Map<string, Set<number>>();
  const label = new Map<string, string>();
  units.forEach(({ tokens }, i) => {
    for (const [key, surface] of phrases(tokens)) {
      const set = byKey.get(key) ?? new Set<number>();
      set.add(i);
      byKey.set(key, set);
      if (!label.has(key)) label.set(key, surface);
    }
  });
  const ranked = [...byKey]
    .filter(([, s]) => s.size >= MIN_UNITS)
    // Prefer two-word phrases (more specific), then frequency, then alphabetical (determinism).
    .sort((a, b) => b[1].size + (b[0].includes(' ') ? 0.5 : 0) - (a[1].size + (a[0].includes(' ') ? 0.5 : 0)) || (a[0] < b[0] ? -1 : 1));
  const used = new Set<number>();
  const out: ThemeProposal[] = [];
  for (const [key, members] of ranked) {
    const fresh = [...members].filter((i) => !used.has(i));
    if (fresh.length < MIN_UNITS) continue;
    fresh.forEach((i) => used.add(i));
    // Named by the words as first said (lemmas key the grouping: "app" and "apps" are one theme).
    const phrase = label.get(key)!;
    out.push({
      name: `Experiences with ${phrase}`,
      statement: `Participants describe their experiences with ${phrase}.`,
      inclusionCriteria: `Evidence that talks about ${phrase}.`,
      evidence: fresh.map((i) => ({ evidenceId: units[i]!.e.id, confidence: 0.5 })),
    });
    if (out.length >= MAX_THEMES) break;
  }
  return out;
}

/** Noun lemmas and adjective/noun + noun pairs of a unit: lemma key -> words as said. */
function phrases(tokens: Token[]): Map<string, string> {
  const out = new Map<string, string>();
  const words = tokens.filter((t) => t.type === 'word');
  for (let i = 0; i < words.length; i++) {
    const t = words[i]!;
    if (t.pos !== 'NOUN' || t.stop || t.lemma.length < 4 || VAGUE.has(t.lemma)) continue;
    if (!out.has(t.lemma)) out.set(t.lemma, t.text);
    const prev = words[i - 1];
    if (prev && (prev.pos === 'ADJ' || prev.pos === 'NOUN') && !prev.stop && prev.lemma.length > 2 && !VAGUE.has(prev.lemma)) {
      const key = `${prev.lemma} ${t.lemma}`;
      if (!out.has(key)) out.set(key, `${prev.text} ${t.text}`);
    }
  }
  return out;
}
