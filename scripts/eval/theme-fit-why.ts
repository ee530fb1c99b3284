// Why labelled theme-quote pairs do not fit (TUNING sets only): for each labelled pair the current
// study-level synthesis still holds, features of the unit and the concepts of its theme it says (how
// often, where in the sentence, how close in meaning), and fit rates by feature bucket. Reads the
// synthesis input theme-synth.ts caches (run it first).
//   tsx scripts/eval/theme-fit-why.ts <tuning set> [--list] [--dump FILE] [--sample FILE]
import { mentions, stem, stemmedUnit } from '../../src/analyzers/local/semantic/concept.js';
import { conceptOfName, saysNothing } from '../../src/analyzers/local/semantic/name.js';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { saidAsSubject } from '../../src/analyzers/local/semantic/subject.js';
import { governingVerb } from '../../src/analyzers/local/semantic/predicate.js';
import { conceptVector } from '../../src/analyzers/local/semantic/concept-vector.js';
import { centroid, cosine, embedTokens, isContent } from '../../src/analyzers/local/semantic/embed.js';
import { topicFlags } from '../../src/analyzers/local/semantic/topic-noun.js';
import { canonicalize } from '../../src/analyzers/local/synthesis/canon.js';
import { unitVectors } from '../../src/analyzers/local/synthesis/theme-groups.js';
import { centring, heldPairs, pairKey } from './theme-fit-held.js';

const { name, input, labels, syn, byId, held } = heldPairs(process.argv[2] ?? '', { nameWords: true });
const centred = unitVectors(canonicalize(input));
// the project's mean sentence direction, removed from rest-of-unit vectors
const minus = centring(input.evidence.map((e) => embedTokens(tokens(e.verbatim))).filter((x): x is Float32Array => !!x));
type Row = { fits: boolean; theme: string; f: Record<string, number | boolean> };
const rows: Row[] = [];
const vec = new Map<string, Float32Array | null>();
const v = (e: { id: string; verbatim: string }) => { if (!vec.has(e.id)) vec.set(e.id, embedTokens(tokens(e.verbatim))); return vec.get(e.id)!; };
for (const p of labels.pairs) {
  const h = held.get(pairKey(p));
  if (!h) continue;
  const s = stemmedUnit(h.e);
  const keys = h.keys.filter((k) => mentions(s, k));
  const toks = tokens(h.e.verbatim);
  const words = toks.filter((t) => t.type === 'word');
  const content = words.filter(isContent).length;
  const flags = topicFlags(toks);
  const count = keys.reduce((n, k) => n + (s.split(` ${k} `).length - 1), 0);
  const topicCount = toks.filter((t, i) => flags[i] && keys.includes(stem(t.text))).length;
  // concept after a preposition (within its noun phrase)
  let prep = 0, det = 0;
  for (let i = 0; i < words.length; i++) {
    if (!keys.includes(stem(words[i]!.text))) continue;
    let j = i - 1;
    while (j >= 0 && ['DET', 'ADJ', 'NUM', 'NOUN', 'PROPN', 'PRON'].includes(words[j]!.pos)) j--;
    if (j >= 0 && words[j]!.pos === 'ADP') prep++;
    if (i > 0 && words[i - 1]!.pos === 'DET') det++;
  }
  const uv = v(h.e);
  const cvs = keys.map(conceptVector).filter((x): x is Float32Array => !!x);
  const cos = uv && cvs.length ? Math.max(...cvs.map((c) => cosine(uv, c))) : NaN;
  // closeness to the theme's other members (mean cosine of sentence vectors)
  const others = h.members.filter((id) => id !== h.e.id).map((id) => v(byId.get(id)!)).filter((x): x is Float32Array => !!x);
  const memb = uv && others.length ? others.reduce((s2, o) => s2 + cosine(uv, o), 0) / others.length : NaN;
  const rest = embedTokens(toks.filter((t) => !keys.includes(stem(t.text))));
  const restC = rest ? minus(rest) : null;
  const cosRest = restC && cvs.length ? Math.max(...cvs.map((c) => cosine(restC, c))) : NaN;
  const cosRaw = rest && cvs.length ? Math.max(...cvs.map((c) => cosine(rest, c))) : NaN;
  const mine = centred.get(h.e.id);
  const oc = h.members.filter((id) => id !== h.e.id).flatMap((id) => centred.get(id) ?? []);
  const membC = mine && oc.length ? cosine(mine, centroid(oc)) : NaN;
  rows.push({ fits: p.fits, theme: p.theme, f: {
    words: words.length, content, count, topicCount, share: count / Math.max(1, content), prep, allPrep: prep === count && count > 0, det,
    subject: keys.some((k) => saidAsSubject(toks, k)), governed: keys.some((k) => !!governingVerb(toks, k)), cos, memb, cosRest, cosRaw, membC, nkeys: keys.length,
  } });
  if (process.argv.includes('--list')) console.log(`${p.fits ? 'FIT ' : 'NOT '} ${p.theme} | w=${words.length} c=${count} prep=${prep} subj=${rows.at(-1)!.f.subject} gov=${rows.at(-1)!.f.governed} cos=${cos.toFixed(2)} memb=${memb.toFixed(3)} rest=${cosRest.toFixed(2)} raw=${cosRaw.toFixed(2)} mc=${membC.toFixed(2)} | ${h.e.verbatim.slice(0, 140).replace(/\s+/g, ' ')}`);
}
const n = rows.length, k = rows.filter((r) => r.fits).length;
console.log(`${name}: ${n} labelled pairs held, ${k} fit (${(k / n).toFixed(3)})`);
const show = (label: string, pred: (r: Row) => boolean) => {
  const a = rows.filter(pred), b = rows.filter((r) => !pred(r));
  const fr = (xs: Row[]) => `${xs.filter((r) => r.fits).length}/${xs.length}=${xs.length ? (xs.filter((r) => r.fits).length / xs.length).toFixed(2) : '-'}`;
  console.log(`${label.padEnd(28)} yes ${fr(a).padEnd(14)} no ${fr(b)}`);
};
for (const w of [20, 30, 40, 60]) show(`words>${w}`, (r) => (r.f.words as number) > w);
show('count==1', (r) => r.f.count === 1);
for (const w of [20, 30, 40]) show(`count==1&&words>${w}`, (r) => r.f.count === 1 && (r.f.words as number) > w);
show('topicCount==0', (r) => r.f.topicCount === 0);
show('allPrep', (r) => r.f.allPrep as boolean);
show('prep>0', (r) => (r.f.prep as number) > 0);
show('subject', (r) => r.f.subject as boolean);
show('governed', (r) => r.f.governed as boolean);
show('subject||governed', (r) => (r.f.subject as boolean) || (r.f.governed as boolean));
for (const c of [0.1, 0.15, 0.2, 0.25, 0.3]) show(`cos<${c}`, (r) => (r.f.cos as number) < c);
for (const c of [0, 0.02, 0.05, 0.08]) show(`memb<${c}`, (r) => (r.f.memb as number) < c);
for (const c of [0.03, 0.05, 0.08]) show(`share<${c}`, (r) => (r.f.share as number) < c);
for (const c of [0, 0.05, 0.1, 0.15, 0.2]) show(`cosRest<${c}`, (r) => (r.f.cosRest as number) < c);
for (const c of [0.2, 0.3, 0.35, 0.4, 0.45]) show(`cosRaw<${c}`, (r) => (r.f.cosRaw as number) < c);
for (const c of [0, 0.05, 0.1, 0.15, 0.2]) show(`membC<${c}`, (r) => (r.f.membC as number) < c);
// the theme's name: a topic ("Experiences with X"), a frame ("Problems with X", "Why X matter") or else an action or clause
show('named as a topic', (r) => saysNothing(r.theme));
show('named by a frame', (r) => !saysNothing(r.theme) && conceptOfName(r.theme) !== null);
show('nkeys>1', (r) => (r.f.nkeys as number) > 1);
// --dump FILE: every (theme, unit key, quote) the synthesis holds, to compare two rules' outputs;
// --sample FILE: the pairs theme-pairs.ts would write (quality.ts samplePairs) not in the label file
const dump = process.argv.indexOf('--dump');
if (dump > 0) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.argv[dump + 1]!, syn.themes.flatMap((t) => t.evidence.map((x) => { const e = byId.get(x.evidenceId)!; return JSON.stringify({ theme: t.name, evidenceKey: e.key, role: x.role, quote: e.verbatim }); })).join('\n') + '\n');
}
const sample = process.argv.indexOf('--sample');
if (sample > 0) {
  const { writeFileSync } = await import('node:fs');
  const labelled = new Set(labels.pairs.map(pairKey));
  const top = [...syn.themes].sort((a, b) => b.participants - a.participants || (a.name < b.name ? -1 : 1)).slice(0, 20);
  const pairs = top.flatMap((t) => {
    const sup = t.evidence.filter((x) => x.role === 'supporting');
    return Array.from({ length: Math.min(3, sup.length) }, (_, i) => { const e = byId.get(sup[Math.floor((i * sup.length) / 3)]!.evidenceId)!; return { theme: t.name, evidenceKey: e.key, quote: e.verbatim }; });
  }).filter((p) => !labelled.has(pairKey(p)));
  writeFileSync(process.argv[sample + 1]!, pairs.map((p) => JSON.stringify(p)).join('\n') + '\n');
}
