// Why a large study theme keeps a topic name (TUNING sets only): for each of the largest project
// themes still named "Experiences with X", what could name it by what its participants say, and
// how many participants say it (a name must be said by many of them to be true of its quotes):
//   tsx scripts/eval/theme-signals.ts <set> [themes=20] [clusterThreshold=0.25]
// Reads the synthesis input theme-synth.ts caches (run it first). Per theme: units with any action
// on X (action-phrase.ts); the action most participants say; verbs close in meaning pooled (word
// vectors >= 0.75 and >= 0.6: loose pools join unrelated verbs); the compound with X most say
// ("creative process"); facet values; sizes of sentence-vector sub-clusters of the theme's units
// (or of the clause saying X: read, these hold one claim more often) with X's words left out (its
// mean removed, average linkage). Prints no fit metric.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthesisInput, type SynthesisEvidence } from '../../src/domain/synthesis.js';
import { canonicalize } from '../../src/analyzers/local/synthesis/canon.js';
import { buildThemes } from '../../src/analyzers/local/synthesis/themes.js';
import { tokens, type Token } from '../../src/analyzers/local/nlp.js';
import { actionOf } from '../../src/analyzers/local/semantic/action-phrase.js';
import { conceptKey, mentions, stem, stemmedUnit } from '../../src/analyzers/local/semantic/concept.js';
import { phrasesOf, saysNothing } from '../../src/analyzers/local/semantic/name.js';
import { wordVectors } from '../../src/analyzers/local/semantic/word-vectors.js';
import { cosine, embedTokens, normalise } from '../../src/analyzers/local/semantic/embed.js';
import { agglomerate } from '../../src/analyzers/local/semantic/cluster.js';
import { tuningSet } from './dataset.js';

const [arg, nThemes = '20', threshold = '0.25'] = process.argv.slice(2);
const name = tuningSet(arg ?? '');
const cache = join(tmpdir(), `interview-flow-synth-${name}.json`);
if (!existsSync(cache)) throw new Error(`no cached input: run tsx scripts/eval/theme-synth.ts ${name} first`);
const c = canonicalize(SynthesisInput.parse(JSON.parse(readFileSync(cache, 'utf8'))));
const wv = wordVectors();
const unit = (w: string) => { const v = wv.get(w); return v ? normalise(Float32Array.from(v)) : null; };
const people = (m: Map<string, Set<string>>) => [...m].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1));
const add = (m: Map<string, Set<string>>, k: string, p: string) => m.set(k, (m.get(k) ?? new Set()).add(p));

/** The pool of verbs at least `min` close to one verb that the most participants say. */
function pooled(verbs: Map<string, Set<string>>, min: number): string {
  let best = { n: 0, text: '-' };
  for (const [seed] of verbs) {
    const s = unit(seed);
    if (!s) continue;
    const members = [...verbs].filter(([v]) => { const w = unit(v); return !!w && cosine(s, w) >= min; });
    const n = new Set(members.flatMap(([, p]) => [...p])).size;
    if (n > best.n) best = { n, text: `${n} (${members.map(([v, p]) => `${v} ${p.size}`).join(', ')})` };
  }
  return best.text;
}

/**
 * Sub-cluster sizes of the units by what they say besides the concept: their whole sentence, or
 * only the clause that says it (between punctuation marks), the concept's words left out.
 */
function subClusters(units: SynthesisEvidence[], keys: string[], clause: boolean): number[] {
  const words = new Set(keys.flatMap((k) => k.split(' ')));
  const said = (t: Token) => t.type === 'word' && words.has(stem(t.text));
  const vs = units.flatMap((e) => {
    let ts = tokens(e.verbatim);
    const at = ts.findIndex(said);
    if (clause && at >= 0) {
      let a = at, b = at;
      while (a > 0 && !CLAUSE_END.test(ts[a - 1]!.text)) a--;
      while (b < ts.length && !CLAUSE_END.test(ts[b]!.text)) b++;
      ts = ts.slice(a, b);
    }
    return embedTokens(ts.filter((t) => !said(t))) ?? [];
  });
  if (vs.length < 2) return [];
  const mean = new Float32Array(vs[0]!.length);
  for (const v of vs) for (let i = 0; i < mean.length; i++) mean[i]! += v[i]! / vs.length;
  const centred = vs.flatMap((v) => normalise(v.map((x, i) => x - mean[i]!)) ?? []);
  return agglomerate(centred, { threshold: Number(threshold) }).map((m) => m.length).sort((a, b) => b - a);
}
const CLAUSE_END = /^[,.;:!?()—–"“”]+$/u;

const themes = buildThemes(c).slice(0, Number(nThemes));
console.log(`${name}: ${themes.filter((t) => saysNothing(t.name)).length} of the ${themes.length} largest named "Experiences with X"`);
for (const t of themes.filter((x) => saysNothing(x.name))) {
  const units = t.supporting.map((id) => c.evidenceById.get(id)!);
  const keys = t.name.replace(/^Experiences with /u, '').split(/, | and /u).map((x) => conceptKey(x));
  const actions = new Map<string, Set<string>>(), verbs = new Map<string, Set<string>>(), compounds = new Map<string, Set<string>>(), facets = new Map<string, Set<string>>();
  let acted = 0;
  for (const e of units) {
    const toks = tokens(e.verbatim);
    const said = keys.filter((k) => mentions(stemmedUnit(e), k));
    const as = said.flatMap((k) => actionOf(toks, k) ?? []);
    if (as.length > 0) acted++;
    for (const a of as) {
      add(actions, a.key, e.personId);
      if (!a.stance) add(verbs, a.key.split(' ')[0]!.replace(/^>!?/u, ''), e.personId);
    }
    for (const p of phrasesOf(toks)) if (p.key.includes(' ') && keys.some((k) => p.key.split(' ').includes(k))) add(compounds, p.surface.replace(/^(?:the|their|an?) /u, ''), e.personId);
    for (const f of e.facets) if (f.kind !== 'tool') add(facets, `${f.kind}: ${f.value}`, e.personId);
  }
  const top = (m: Map<string, Set<string>>, n = 3) => people(m).slice(0, n).map(([k, p]) => `${k} ${p.size}`).join(', ') || '-';
  console.log(`\n## ${t.name} (${t.participants} participants, ${units.length} units; an action said in ${acted})`);
  console.log(`  actions: ${top(actions)}`);
  console.log(`  verbs pooled >= 0.75: ${pooled(verbs, 0.75)}`);
  console.log(`  verbs pooled >= 0.6: ${pooled(verbs, 0.6)}`);
  console.log(`  compounds: ${top(compounds)}`);
  console.log(`  facets: ${top(facets)}`);
  console.log(`  sub-clusters at ${threshold}, sentences: ${subClusters(units, keys, false).slice(0, 6).join(', ')}; clauses saying X: ${subClusters(units, keys, true).slice(0, 6).join(', ')}`);
}
