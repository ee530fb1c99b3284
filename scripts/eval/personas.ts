import { stem } from '../../src/analyzers/local/semantic/concept.js';
import { contentWords } from '../../src/analyzers/local/synthesis/text.js';
import type { ProjectOutput } from './project.js';

/**
 * Study-level persona measures (from the synthesis output alone, not from how it was built):
 * how many personas, the share of participants in one, and distinctness — each persona's ten top
 * features (stemmed content words its members say, ranked by share of members x log(N / number
 * of participants saying it), said by two or more members) that no other persona has in its ten,
 * averaged over personas.
 */
export interface PersonaQuality {
  count: number;
  participants: number;
  assigned: number;
  distinctness: number | null;
  sizes: number[];
}

const TOP = 10;

export function computePersonaQuality(out: ProjectOutput): PersonaQuality {
  const s = out.synthesis;
  if (!s) return { count: 0, participants: 0, assigned: 0, distinctness: null, sizes: [] };
  const words = new Map<string, Set<string>>();
  for (const o of out.interviews) for (const e of o.evidence) {
    if (!e.personId) continue;
    const set = words.get(e.personId) ?? new Set<string>();
    for (const w of contentWords(e.verbatim)) set.add(stem(w));
    words.set(e.personId, set);
  }
  const assigned = s.personas.reduce((n, p) => n + p.members.length, 0);
  const participants = assigned + s.unassigned.length;
  const df = new Map<string, number>();
  for (const set of words.values()) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(1, words.size);
  const tops = s.personas.map((p) => {
    const inP = new Map<string, number>();
    for (const m of p.members) for (const w of words.get(m.personId) ?? []) inP.set(w, (inP.get(w) ?? 0) + 1);
    return new Set([...inP].filter(([, a]) => a >= 2)
      .map(([w, a]) => ({ w, score: (a / p.members.length) * Math.log(n / df.get(w)!) }))
      .sort((a, b) => b.score - a.score || (a.w < b.w ? -1 : 1)).slice(0, TOP).map((x) => x.w));
  });
  const distinct = tops.map((t, i) => (t.size === 0 ? 0 : [...t].filter((w) => !tops.some((o, j) => j !== i && o.has(w))).length / t.size));
  return {
    count: s.personas.length, participants, assigned,
    distinctness: distinct.length ? distinct.reduce((a, b) => a + b, 0) / distinct.length : null,
    sizes: s.personas.map((p) => p.members.length),
  };
}

/** The study-level personas of a set: name, members, description, one goal and pain. */
export function printPersonas(name: string, out: ProjectOutput): void {
  const s = out.synthesis;
  if (!s) return;
  console.log(`\nPersonas in ${name} (${s.personas.length}; ${s.unassigned.length} participants in none):`);
  s.personas.forEach((p, i) => {
    console.log(`${String(i + 1).padStart(2)}. ${p.name} — ${p.members.length} participants`);
    console.log(`    ${p.description.slice(0, 300)}`);
    if (p.goals[0]) console.log(`    goal: "${p.goals[0].text}"`);
    if (p.pains[0]) console.log(`    pain: "${p.pains[0].text}"`);
  });
}
