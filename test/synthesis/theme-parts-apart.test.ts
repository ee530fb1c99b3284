import { describe, expect, it } from 'vitest';
import { themeName, themeStatement } from '../../src/analyzers/local/semantic/name.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from '../analysis/support.js';

/**
 * A concept said by too many participants to be one theme is split by what is done with it or
 * said about it (themes.ts); the parts stay apart (theme-groups.ts), and a unit taken in later
 * joins a part only when it does the part's action or says its frame, so each quote still fits
 * the part's name ("Calling clients" takes in no remark that only mentions clients).
 */
function project(generic: boolean): SynthesisInput {
  let n = 0;
  const people = 12;
  const person = (i: number) => uuid(26100 + i);
  const iv = (i: number) => uuid(26200 + i);
  const evidence: SynthesisInput['evidence'] = [];
  const codes: SynthesisInput['codes'] = [];
  const ev = (i: number, verbatim: string, pain = false) => {
    n++;
    const e = {
      id: uuid(26300 + n), interviewId: iv(i), personId: person(i), key: `k${String(n).padStart(4, '0')}`, verbatim, gist: verbatim,
      confidence: 0.6, facets: pain ? [{ kind: 'pain' as const, value: 'late delivery' }] : [], question: '',
    };
    evidence.push(e);
    return e;
  };
  const code = (i: number, units: { id: string; verbatim: string }[]) => {
    const name = themeName('clients', null);
    codes.push({ interviewId: iv(i), name, statement: themeStatement(name, 'clients', units[0]!.verbatim), evidenceIds: units.map((u) => u.id) });
  };
  for (let i = 0; i < people; i++) {
    if (i < 3) code(i, [ev(i, `I visit my clients every morning before the shop opens, day ${i}.`), ev(i, `We visit the clients at home after lunch on busy days, round ${i}.`)]);
    else if (i < 6) code(i, [ev(i, `The clients complain about the late delivery of parcels, week ${i}.`, true), ev(i, `Angry clients leave bad reviews after a missed parcel, case ${i}.`, true)]);
    // what the rest say only mentions clients: by three participants (a part of its own), or by
    // nine of twelve (too generic a part to be a theme; its units are then offered to the others)
    if (generic ? i >= 3 : i >= 6 && i < 9) code(i, [ev(i, `Most of my clients live in the north of the country, note ${i}.`), ev(i, `My clients are mostly families with young children, list ${i}.`)]);
  }
  return {
    projectId: uuid(26999), questions: [], customInstructions: null, answers: [],
    interviews: Array.from({ length: people }, (_, i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
    participants: Array.from({ length: people }, (_, i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount: 2, facetCounts: {} })),
    evidence,
    codes,
  };
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
    const person = (i: number) => uuid(27100 + i);
    const iv = (i: number) => uuid(27200 + i);
    const evidence: SynthesisInput['evidence'] = [];
    const codes: SynthesisInput['codes'] = [];
    let n = 0;
    const ev = (i: number, verbatim: string) => {
      n++;
      const e = { id: uuid(27300 + n), interviewId: iv(i), personId: person(i), key: `r${String(n).padStart(4, '0')}`, verbatim, gist: verbatim, confidence: 0.6, facets: [], question: '' };
      evidence.push(e);
      return e;
    };
    for (let i = 0; i < 4; i++) {
      const us = [ev(i, `Our rights as tenants are written in the lease, clause ${i}.`), ev(i, `The rights of renters got stronger after the new law, year ${i}.`), ev(i, `Right now the heating in the flat is broken again, day ${i}.`)];
      const name = themeName('rights', null);
      codes.push({ interviewId: iv(i), name, statement: themeStatement(name, 'rights', us[0]!.verbatim), evidenceIds: us.map((u) => u.id) });
    }
    for (let i = 4; i < 6; i++) ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
    const input: SynthesisInput = {
      projectId: uuid(27999), questions: [], customInstructions: null, answers: [],
      interviews: Array.from({ length: 6 }, (_, i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
      participants: Array.from({ length: 6 }, (_, i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount: 3, facetCounts: {} })),
      evidence,
      codes,
    };
    const out = synthesizeLocal(input, { themes: { groups: { maxShare: 1.01 } } });
    const byId = new Map(evidence.map((e) => [e.id, e.verbatim]));
    const rights = out.themes.find((t) => /rights/u.test(t.name));
    expect(rights, out.themes.map((t) => t.name).join('; ')).toBeDefined();
    const quotes = rights!.evidence.map((x) => byId.get(x.evidenceId)!);
    expect(quotes.filter((q) => /[Rr]ights/u.test(q))).toHaveLength(8);
    expect(quotes.some((q) => /Right now/u.test(q))).toBe(false);
  });
});
