import { describe, expect, it } from 'vitest';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

/**
 * Study-level themes are groups of related concept themes (theme-groups.ts): concepts close in
 * meaning join one theme named after them, a theme holds only units saying what its name says,
 * and a unit coded nowhere that says a near-synonym of a theme's concept joins it.
 */
function project(coSaid = true): SynthesisInput {
  const people = 12;
  const { ev, code, input } = studyBuilder(25000);
  for (let i = 0; i < people; i++) {
    if (i < 3) code(i, 'writers', [ev(i, `The writers I hire for the blog deliver faster now, batch ${i}.`), ev(i, coSaid && i < 2 ? `Most of my writers and authors start with rough outlines on paper, set ${i}.` : `Most of my writers start with rough outlines on paper, set ${i}.`)]);
    else if (i < 6) code(i, 'authors', [ev(i, `I edit the authors of the catalogue every single week, round ${i}.`), ev(i, `The authors from the fair took me days to answer, lot ${i}.`)]);
    if (i >= 6 && i < 10) code(i, 'invoices', [ev(i, `Sending invoices at the end of the month is a chore, month ${i}.`), ev(i, `The invoices pile up when a client pays late, case ${i}.`)]);
    // said by nobody's code: a near-synonym of a theme's concept, and an unrelated remark
    if (i < 8) ev(i, `Honestly the novelists on my list still need a lot of work, page ${i}.`);
    ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
  }
  return input(people, 5);
}

describe('study-level themes group related concept themes', () => {
  it('joins close concepts into one theme named after them, keeps others apart, takes in near-synonyms', () => {
    const input = project();
    const out = synthesizeLocal(input);
    const byId = new Map(input.evidence.map((e) => [e.id, e.verbatim]));
    const visual = out.themes.find((t) => /writers/u.test(t.name) && /authors/u.test(t.name));
    expect(visual, out.themes.map((t) => t.name).join('; ')).toBeDefined();
    const invoices = out.themes.find((t) => /invoices/u.test(t.name));
    expect(invoices).toBeDefined();
    expect(invoices).not.toBe(visual);
    const quotes = (t: typeof visual) => t!.evidence.map((x) => byId.get(x.evidenceId)!);
    // every quote of the grouped theme says what its name says (or a near-synonym: word vectors >= 0.8 close)
    expect(quotes(visual).every((q) => /writers|authors|novelists/u.test(q))).toBe(true);
    expect(quotes(visual).filter((q) => /novelists/u.test(q))).toHaveLength(8);
    expect(quotes(invoices).every((q) => /invoices/u.test(q))).toBe(true);
    // the unrelated remark is in no theme
    expect(out.themes.flatMap(quotes).some((q) => /flat near the river/u.test(q))).toBe(false);
    expect(out.coverage.unthemed.map((id) => byId.get(id)!).filter((q) => /river/u.test(q))).toHaveLength(12);
  });

  it('names two concepts together only when participants say them together', () => {
    // writers and authors are close in meaning, but no unit says both: two themes, each named alone
    const out = synthesizeLocal(project(false));
    const names = out.themes.map((t) => t.name);
    expect(names.some((n) => /writers/u.test(n) && /authors/u.test(n)), names.join('; ')).toBe(false);
    expect(names.some((n) => /writers/u.test(n)), names.join('; ')).toBe(true);
    expect(names.some((n) => /authors/u.test(n)), names.join('; ')).toBe(true);
  });

  it('keeps concept themes apart when asked to', () => {
    const out = synthesizeLocal(project(), { themes: { groups: false } });
    expect(out.themes.some((t) => /writers/u.test(t.name) && /authors/u.test(t.name))).toBe(false);
  });
});
