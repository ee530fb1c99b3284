// Shared by the tuning aids theme-fit-why.ts and theme-fit-sense.ts (TUNING sets only): the synthesis
// input theme-synth.ts caches (run it first, same TMPDIR), the set's labelled theme-quote pairs, the
// current study-level synthesis of that input, and each unit a study theme holds with the concept keys
// of the theme's codes and the theme's members.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import { SynthesisInput, type SynthesisEvidence } from '../../src/domain/synthesis.js';
import { conceptKey, stem } from '../../src/analyzers/local/semantic/concept.js';
import { conceptOfName, conceptOfStatement } from '../../src/analyzers/local/semantic/name.js';
import { normalise } from '../../src/analyzers/local/semantic/embed.js';
import { tuningSet } from './dataset.js';

export interface LabelledPair { theme: string; evidenceKey: string; fits: boolean; quote: string }
/** A unit a study theme holds: the theme's concept keys, the unit, the ids of all the theme's units. */
export interface HeldUnit { keys: string[]; e: SynthesisEvidence; members: string[] }

/** The key of `held` for a (theme name, unit key) pair. */
export const pairKey = (p: { theme: string; evidenceKey: string }) => `${p.theme}\u0000${p.evidenceKey}`;

/** `nameWords`: the words of the theme's name (over 2 letters, stemmed) count as its keys too. */
export function heldPairs(set: string, { nameWords = false } = {}) {
  const name = tuningSet(set);
  const input = SynthesisInput.parse(JSON.parse(readFileSync(join(tmpdir(), `interview-flow-synth-${name}.json`), 'utf8')));
  const labels = JSON.parse(readFileSync(`test/fixtures/labels/${name}-theme-fit.json`, 'utf8')) as { pairs: LabelledPair[] };
  const syn = synthesizeLocal(input);
  const byId = new Map(input.evidence.map((e) => [e.id, e]));
  const codeByName = new Map(input.codes.map((k) => [k.name, k]));
  const held = new Map<string, HeldUnit>();
  for (const t of syn.themes) {
    const keys = new Set<string>();
    for (const n of t.codes) { const k = codeByName.get(n); const s = conceptOfName(n) ?? (k ? conceptOfStatement(k.statement) : null); if (s) keys.add(conceptKey(s)); }
    if (nameWords) for (const w of t.name.toLowerCase().split(/\s+/)) if (w.length > 2) keys.add(stem(w));
    const members = t.evidence.map((x) => x.evidenceId);
    for (const x of t.evidence) { const e = byId.get(x.evidenceId)!; held.set(pairKey({ theme: t.name, evidenceKey: e.key }), { keys: [...keys], e, members }); }
  }
  return { name, input, labels, syn, byId, held };
}

/** Removes the mean of `vectors` (the project's sentence direction, which every unit shares) from a vector, normalised. */
export function centring(vectors: Float32Array[]): (a: Float32Array) => Float32Array | null {
  const mean = new Float32Array(vectors[0]!.length); for (const a of vectors) for (let i = 0; i < mean.length; i++) mean[i]! += a[i]! / vectors.length;
  return (a) => { const d = new Float32Array(a.length); for (let i = 0; i < a.length; i++) d[i] = a[i]! - mean[i]!; return normalise(d); };
}
