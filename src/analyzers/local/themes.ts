import type { ExistingTheme, StoredEvidence, ThemeProposal } from '../../domain/analysis.js';
import { normalize } from '../../verbatim-guard/normalize.js';
import { CODEBOOK, type Code } from './codebook.js';
import { CueMatcher, textView, type TextView } from './cues.js';
import { inductiveThemes } from './inductive-themes.js';
import { tokens, type Token } from './nlp.js';

/**
 * Project-level themes for one interview: each evidence unit is scored against the codebook and
 * against the project's existing themes; a unit supports at most a few themes (the best scoring),
 * so theme_evidence links only evidence that supports the theme. Existing themes are reused by
 * name, so the project converges on one set of themes instead of near-duplicates per interview.
 */

const MAX_THEMES_PER_UNIT = 2;
/** A theme new to the project needs this many supporting units in the interview. */
const MIN_UNITS_NEW_THEME = 2;

interface Matcher {
  name: string;
  statement: string;
  inclusionCriteria: string;
  existing: boolean;
  score(view: TextView): number;
}

const CODE_MATCHERS = CODEBOOK.map((c) => ({ code: c, strong: new CueMatcher(c.strong), weak: new CueMatcher(c.cues) }));

function codeScore(m: { strong: CueMatcher; weak: CueMatcher }, view: TextView): number {
  const s = m.strong.matches(view).length;
  const w = m.weak.matches(view).length;
  // A strong cue, or three distinct weak ones: one weak word ("time", "image") says little.
  if (s === 0 && w < 3) return 0;
  return 2 * s + w;
}

/** Words every theme description uses; they say nothing about the topic. */
const GENERIC_THEME_WORDS = new Set(['participant', 'experience', 'describe', 'talk', 'evidence', 'mention', 'theme', 'people', 'user']);

/** Themes created elsewhere (another analyzer, a user): matched on their own content words. */
function freeThemeMatcher(t: ExistingTheme): Matcher {
  const words = [...new Set(tokens(`${t.name}. ${t.statement}. ${t.inclusionCriteria}`)
    .filter((k) => k.type === 'word' && !k.stop && k.lemma.length > 2 && !GENERIC_THEME_WORDS.has(k.lemma))
    .map((k) => k.lemma))];
  const nameWords = new Set(tokens(t.name).filter((k) => k.type === 'word' && !k.stop && !GENERIC_THEME_WORDS.has(k.lemma)).map((k) => k.lemma));
  const m = new CueMatcher(words);
  return {
    name: t.name, statement: t.statement, inclusionCriteria: t.inclusionCriteria, existing: true,
    score(view) {
      const hits = m.matches(view);
      const inName = hits.filter((h) => nameWords.has(h)).length;
      // Two distinct content words, at least one of them from the theme's name.
      return hits.length >= 2 && inName >= 1 ? hits.length + inName : 0;
    },
  };
}

export function buildMatchers(existing: ExistingTheme[]): Matcher[] {
  const byName = new Map(existing.map((t) => [normalize(t.name), t]));
  const out: Matcher[] = [];
  const used = new Set<string>();
  for (const cm of CODE_MATCHERS) {
    const ex = byName.get(normalize(cm.code.name));
    if (ex) used.add(normalize(ex.name));
    out.push(codeMatcher(cm, ex));
  }
  for (const t of [...existing].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!used.has(normalize(t.name))) out.push(freeThemeMatcher(t));
  }
  return out;
}

function codeMatcher(cm: { code: Code; strong: CueMatcher; weak: CueMatcher }, ex: ExistingTheme | undefined): Matcher {
  return {
    name: ex?.name ?? cm.code.name,
    statement: ex?.statement ?? cm.code.statement,
    inclusionCriteria: ex?.inclusionCriteria ?? cm.code.inclusionCriteria,
    existing: ex !== undefined,
    score: (view) => codeScore(cm, view),
  };
}

export function themesFor(evidence: StoredEvidence[], existing: ExistingTheme[]): ThemeProposal[] {
  const matchers = buildMatchers(existing);
  const links = new Map<number, { evidenceId: string; confidence: number; score: number }[]>();
  const ordered = [...evidence].sort((a, b) => (a.startMs - b.startMs) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const unthemed: { e: StoredEvidence; tokens: Token[] }[] = [];
  let codebookUnits = 0; // units matching some codebook code (matchers start with the codebook)
  for (const ev of ordered) {
    const toks = tokens(ev.verbatim);
    const view = maskTerms(textView(ev.verbatim, toks));
    const scored = matchers
      .map((m, i) => ({ i, s: m.score(view) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, MAX_THEMES_PER_UNIT);
    if (scored.length === 0) unthemed.push({ e: ev, tokens: toks });
    if (scored.some(({ i }) => i < CODEBOOK.length)) codebookUnits++;
    for (const { i, s } of scored) {
      const list = links.get(i) ?? [];
      list.push({ evidenceId: ev.id, confidence: round2(Math.min(0.95, 0.45 + 0.1 * s)), score: s });
      links.set(i, list);
    }
  }
  const out: ThemeProposal[] = [];
  for (const [i, list] of [...links.entries()].sort((a, b) => a[0] - b[0])) {
    const m = matchers[i]!;
    if (!m.existing && list.length < MIN_UNITS_NEW_THEME) continue;
    out.push({
      name: m.name,
      statement: m.statement,
      inclusionCriteria: m.inclusionCriteria,
      evidence: list.map(({ evidenceId, confidence }) => ({ evidenceId, confidence })),
    });
  }
  // Nothing in the interview matches the codebook and the project has no codebook theme: the
  // project is outside the codebook's domain, so grow themes from the interview's own recurring
  // phrases (later interviews link to those). An in-domain interview that barely touches the
  // codebook gets no one-off themes: a theme should recur across interviews.
  const codebookNames = new Set(CODEBOOK.map((c) => normalize(c.name)));
  const projectInDomain = existing.some((t) => codebookNames.has(normalize(t.name)));
  if (ordered.length > 0 && codebookUnits === 0 && !projectInDomain) {
    for (const t of inductiveThemes(unthemed)) {
      const same = out.find((o) => normalize(o.name) === normalize(t.name));
      if (same) same.evidence.push(...t.evidence);
      else out.push(t);
    }
  }
  return out;
}

/** Technical terms whose words would trigger unrelated codes ("machine learning" is not learning). */
const TERMS = /(?<=^| )(machine|deep) learning(?= |$)/g;
function maskTerms(view: TextView): TextView {
  return { surface: view.surface.replace(TERMS, '$1learning'), lemmas: view.lemmas.replace(TERMS, '$1learning') };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
