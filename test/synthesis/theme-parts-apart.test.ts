import { describe, expect, it } from 'vitest';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

/**
 * A concept said by too many participants to be one theme is split by what is done with it or
 * said about it (themes.ts); the parts stay apart (theme-groups.ts), and a unit taken in later
 * joins a part only when it does the part's action or says its frame, so each quote still fits
 * the part's name ("Calling clients" takes in no remark that only mentions clients).
 */
function project(generic: boolean): SynthesisInput {
  const people = 12;
  const { ev: say, code: coded, input } = studyBuilder(26000);
  const late = [{ kind: 'pain' as const, value: 'late delivery' }];
  const ev = (i: number, verbatim: string, pain = false) => say(i, verbatim, pain ? late : []);
  const code = (i: number, units: { id: string; verbatim: string }[]) => coded(i, 'clients', units);
  for (let i = 0; i < people; i++) {
    if (i < 3) code(i, [ev(i, `I visit my clients every morning before the shop opens, day ${i}.`), ev(i, `We visit the clients at home after lunch on busy days, round ${i}.`)]);
    else if (i < 6) code(i, [ev(i, `The clients complain about the late delivery of parcels, week ${i}.`, true), ev(i, `Angry clients leave bad reviews after a missed parcel, case ${i}.`, true)]);
    // what the rest say only mentions clients: by three participants (a part of its own), or by
    // nine of twelve (too generic a part to be a theme; its units are then offered to the others)
    if (generic ? i >= 3 : i >= 6 && i < 9) code(i, [ev(i, `Most of my clients live in the north of the country, note ${i}.`), ev(i, `My clients are mostly families with young children, list ${i}.`)]);
  }
  return input(people, 2);
}

describe('parts of a widely said concept', () => {
  const run = (generic: boolean) => {
    const input = project(generic);
    const out = synthesizeLocal(input);
    const byId = new Map(input.evidence.map((e) => [e.id, e.verbatim]));
    const quotes = (t: (typeof out.themes)[number]) => t.evidence.map((x) => byId.get(x.evidenceId)!);
    const holding = (re: RegExp) => out.themes.filter((t) => quotes(t).some((q) => re.test(q)));
    return { out, quotes, holding, names: out.themes.map((t) => `${t.name} (${t.participants})`).join('; ') };
  };

  it('stay apart: a group of them would be the generic theme the split avoided', () => {
    // visiting (3 participants), problems (3) and the rest (3): together 9 of 12, too many for
    // one theme; any two of them would fit under the share, but each keeps its own name and quotes
    const { quotes, holding, names } = run(false);
    const parts = [/visit/u, /complain|Angry/u, /north|families/u];
    for (const re of parts) {
      expect(holding(re), names).toHaveLength(1);
      expect(quotes(holding(re)[0]!).every((q) => re.test(q)), `${holding(re)[0]!.name}: ${quotes(holding(re)[0]!).join(' | ')}`).toBe(true);
    }
  });

  it('take in only units that say what their name says', () => {
    // the generic part is dropped; its units, which only mention clients, join neither the
    // visiting part nor the problems part
    const { out, quotes, names } = run(true);
    expect(out.themes.length, names).toBeGreaterThan(0);
    expect(out.themes.flatMap(quotes).some((q) => /north|families/u.test(q)), names).toBe(false);
  });

  it('a coded unit joins a one-word concept only when it says it as a topic noun', () => {
    // an interview coded "rights" and, by the word alone, a unit saying "right now"
    const { ev, code, input: study } = studyBuilder(27000, 'r');
    for (let i = 0; i < 4; i++) {
      code(i, 'rights', [ev(i, `Our rights as tenants are written in the lease, clause ${i}.`), ev(i, `The rights of renters got stronger after the new law, year ${i}.`), ev(i, `Right now the heating in the flat is broken again, day ${i}.`)]);
    }
    for (let i = 4; i < 6; i++) ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
    const input = study(6, 3);
    const evidence = input.evidence;
    const out = synthesizeLocal(input, { themes: { groups: { maxShare: 1.01 } } });
    const byId = new Map(evidence.map((e) => [e.id, e.verbatim]));
    const rights = out.themes.find((t) => /rights/u.test(t.name));
    expect(rights, out.themes.map((t) => t.name).join('; ')).toBeDefined();
    const quotes = rights!.evidence.map((x) => byId.get(x.evidenceId)!);
    expect(quotes.filter((q) => /[Rr]ights/u.test(q))).toHaveLength(8);
    expect(quotes.some((q) => /Right now/u.test(q))).toBe(false);
  });
});
