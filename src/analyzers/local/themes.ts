import type { ExistingTheme, StoredEvidence, ThemeProposal } from '../../domain/analysis.js';
import { normalize } from '../../verbatim-guard/normalize.js';
import type { Codebook } from './codebook.js';
import { CueMatcher, maskedView } from './cues.js';
import { tokens } from './nlp.js';
import { byContent, emergentThemes, prepareUnits, type EmergentOptions } from './semantic/emergent-themes.js';

/**
 * Themes for one interview. Without a codebook (the default) coding is inductive: themes emerge
 * from the interview's own evidence (semantic/emergent-themes.ts). With a codebook, each unit is
 * first scored against its codes (lexical cues on masked, normalised text: a cue must be said as
 * a claim, not inside a name such as "Google Summer of Code"); what no code covers still gets
 * emergent themes. The output depends on the evidence (and codebook) only, never on which themes
 * the project already has, so it is the same whatever order interviews finish in; the project
 * merges themes by name.
 */
const MAX_THEMES_PER_UNIT = 2;
const MIN_UNITS_NEW_THEME = 2;

export interface ThemeOptions extends EmergentOptions {
  codebook?: Codebook | undefined;
}

export function themesFor(evidence: StoredEvidence[], _existing: ExistingTheme[], opts: ThemeOptions = {}): ThemeProposal[] {
  const ordered = [...evidence].sort(byContent);
  const out: ThemeProposal[] = [];
  let rest = ordered;
  if (opts.codebook) {
    const coded = codebookThemes(ordered, opts.codebook);
    out.push(...coded.themes);
    rest = coded.uncoded;
  }
  for (const t of emergentThemes(prepareUnits(rest), opts)) {
    if (out.some((o) => normalize(o.name) === normalize(t.name))) continue;
    out.push({ name: t.name, statement: t.statement, inclusionCriteria: t.inclusionCriteria, evidence: t.evidence });
  }
  return out;
}

function codebookThemes(ordered: StoredEvidence[], codebook: Codebook): { themes: ThemeProposal[]; uncoded: StoredEvidence[] } {
  const matchers = codebook.codes.map((c) => ({ code: c, strong: new CueMatcher(c.strong), weak: new CueMatcher(c.cues) }));
  const links = new Map<number, { evidenceId: string; confidence: number }[]>();
  const uncoded: StoredEvidence[] = [];
  for (const ev of ordered) {
    const view = maskedView(ev.verbatim, tokens, codebook.masks);
    const scored = matchers
      .map((m, i) => {
        const s = m.strong.matches(view).length;
        const w = m.weak.matches(view).length;
        // A strong cue, or three distinct weak ones: one weak word ("time", "image") says little.
        return { i, s: s === 0 && w < 3 ? 0 : 2 * s + w };
      })
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, MAX_THEMES_PER_UNIT);
    if (scored.length === 0) uncoded.push(ev);
    for (const { i, s } of scored) {
      const list = links.get(i) ?? [];
      list.push({ evidenceId: ev.id, confidence: Math.round(Math.min(0.95, 0.45 + 0.1 * s) * 100) / 100 });
      links.set(i, list);
    }
  }
  const themes: ThemeProposal[] = [];
  for (const [i, list] of [...links.entries()].sort((a, b) => a[0] - b[0])) {
    if (list.length < MIN_UNITS_NEW_THEME) continue;
    const c = matchers[i]!.code;
    themes.push({ name: c.name, statement: c.statement, inclusionCriteria: c.inclusionCriteria, evidence: list });
  }
  return { themes, uncoded };
}
