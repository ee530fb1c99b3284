// Word-sense hypothesis on labelled theme-quote pairs (issue 15, TUNING sets only): for each labelled
// pair the current study-level synthesis still holds, is the unit's mention of the theme's concept
// (a) in another part of speech than the theme's other members use it in, (b) inside a general
// English discourse idiom or a phrase frequent across many interviews, (c) absent (the unit is held by
// word-vector closeness of another lemma), (d) in another sense as measured by its context words'
// vector against the theme's other members' contexts? Prints fit rates with and without each feature.
// Reads the synthesis input theme-synth.ts caches (run it first, same TMPDIR).
//   tsx scripts/eval/theme-fit-sense.ts <tuning set> [--list]
import { stem } from '../../src/analyzers/local/semantic/concept.js';
import { tokens, type Token } from '../../src/analyzers/local/nlp.js';
import { cosine, embedTokens, isContent, normalise, centroid } from '../../src/analyzers/local/semantic/embed.js';
import { centring, heldPairs, pairKey } from './theme-fit-held.js';

const { name, input, labels, byId, held } = heldPairs(process.argv[2] ?? '');

// General English discourse idioms (multi-word expressions whose meaning is not their words'), as listed
// in grammars of spoken English (Biber et al. 1999, "lexical bundles" of conversation; Carter & McCarthy
// 2006, discourse markers). No topic words.
const IDIOMS = ['at the end of the day', 'in terms of', 'a little background', 'a little bit', 'on the other hand', 'at the same time', 'in the first place',
  'by the way', 'in a way', 'at this point', 'at some point', 'at that point', 'the fact that', 'for example', 'in the long run', 'in general', 'make sense',
  'makes sense', 'made sense', 'the whole thing', 'at the time', 'in the end', 'in the world', 'in my head', 'on the ground', 'on the side', 'on board',
  'at the moment', 'for the most part', 'the point is', 'to the point', 'in the process', 'as a matter of fact', 'in the meantime', 'from scratch',
  'on the fly', 'in the loop', 'on top of', 'a ton of', 'a lot of', 'kind of', 'sort of', 'the other day', 'the next day', 'the next level',
  'big picture', 'at the heart of', 'in the middle of', 'the way i see it', 'at all', 'in place', 'take place', 'take care', 'come up', 'talk about', 'figure out'].map((p) => ` ${p} `);

type Pos = string;
interface Mention { pos: Pos; idiom: boolean; prev: string; next: string; context: Float32Array | null }
const tokCache = new Map<string, readonly Token[]>();
const toks = (e: { id: string; verbatim: string }) => { let t = tokCache.get(e.id); if (!t) tokCache.set(e.id, (t = tokens(e.verbatim))); return t; };
const WIN = 6;
/** Mentions of a one-word (head) key in a unit: part of speech, idiom, neighbours, context-window vector. */
function mentionsOf(e: { id: string; verbatim: string }, key: string): Mention[] {
  const head = key.split(' ').at(-1)!;
  const ws = toks(e).filter((t) => t.type === 'word');
  const out: Mention[] = [];
  for (let i = 0; i < ws.length; i++) {
    if (stem(ws[i]!.text) !== head) continue;
    const win = ` ${ws.slice(Math.max(0, i - 5), i + 6).map((t) => t.text).join(' ')} `;
    const word = ws[i]!.text;
    const idiom = IDIOMS.some((p) => p.includes(` ${word} `) && win.includes(p));
    const ctx = ws.slice(Math.max(0, i - WIN), i + WIN + 1).filter((t, j) => stem(t.text) !== head && isContent(t) && j >= 0);
    out.push({ pos: ws[i]!.pos, idiom, prev: ws[i - 1]?.text ?? '^', next: ws[i + 1]?.text ?? '$', context: embedTokens(ctx) });
  }
  return out;
}
// bigrams with a stop-word neighbour: in how many interviews of the project each is said (any unit)
const interviewsOf = new Map<string, Set<string>>();
for (const e of input.evidence) {
  const ws = toks(e).filter((t) => t.type === 'word');
  for (let i = 0; i + 1 < ws.length; i++) {
    const bg = `${ws[i]!.text} ${ws[i + 1]!.text}`;
    let s = interviewsOf.get(bg); if (!s) interviewsOf.set(bg, (s = new Set())); s.add(e.interviewId);
  }
}
// the project's mean sentence direction, removed from context vectors (every context shares it)
const minus = centring(input.evidence.map((e) => embedTokens(toks(e))).filter((x): x is Float32Array => !!x));
const nInterviews = new Set(input.evidence.map((e) => e.interviewId)).size;

type Row = { fits: boolean; theme: string; f: Record<string, number | boolean>; q: string };
const rows: Row[] = [];
const NOUN = new Set(['NOUN', 'PROPN']);
for (const p of labels.pairs) {
  const h = held.get(pairKey(p));
  if (!h) continue;
  const mine = h.keys.flatMap((k) => mentionsOf(h.e, k).map((m) => ({ k, m })));
  const said = mine.length > 0;
  // the theme's sense: its other members' mentions of the same keys
  const others = h.members.filter((id) => id !== h.e.id).map((id) => byId.get(id)!);
  const theirs = others.flatMap((o) => h.keys.flatMap((k) => mentionsOf(o, k)));
  const nounShare = theirs.length ? theirs.filter((m) => NOUN.has(m.pos)).length / theirs.length : 1;
  const mineNoun = mine.filter(({ m }) => NOUN.has(m.pos)).length;
  const posOther = said && mineNoun === 0 && nounShare >= 0.5; // theme uses a noun, unit never does
  const posAnyOther = said && mine.some(({ m }) => !NOUN.has(m.pos)) && nounShare >= 0.5;
  const allIdiom = said && mine.every(({ m }) => m.idiom);
  const anyIdiom = said && mine.some(({ m }) => m.idiom);
  // phrase frequency: every mention is in a bigram with a stop-word neighbour said in >= share of interviews
  const freqPhrase = (share: number) => said && mine.every(({ m, k }) => {
    const w = k.split(' ').at(-1)!;
    const bgs = [`${m.prev} ${mineWord(h.e, w)}`, `${mineWord(h.e, w)} ${m.next}`];
    return bgs.some((b) => (interviewsOf.get(b)?.size ?? 0) >= share * nInterviews);
  });
  const cvs = mine.map(({ m }) => m.context).filter((x): x is Float32Array => !!x);
  const ocs = theirs.map((m) => m.context).filter((x): x is Float32Array => !!x);
  const ctxCos = cvs.length && ocs.length ? Math.max(...cvs.map((c) => cosine(c, normalise(centroid(ocs))!))) : NaN;
  const cc = cvs.map(minus).filter((x): x is Float32Array => !!x), oc = ocs.map(minus).filter((x): x is Float32Array => !!x);
  const ctxC = cc.length && oc.length ? Math.max(...cc.map((c) => cosine(c, normalise(centroid(oc))!))) : NaN;
  // rank of the unit's context closeness among all members of the theme (0 = least close)
  let ctxRank = NaN;
  if (cvs.length && ocs.length > 2) {
    const scores = others.map((o) => { const ms = h.keys.flatMap((k) => mentionsOf(o, k)).map((m) => m.context).filter((x): x is Float32Array => !!x); return ms.length ? Math.max(...ms.map((c) => cosine(c, normalise(centroid(ocs))!))) : NaN; }).filter((x) => !Number.isNaN(x));
    ctxRank = scores.filter((s) => s < ctxCos).length / Math.max(1, scores.length);
  }
  rows.push({ fits: p.fits, theme: p.theme, q: h.e.verbatim, f: { said, posOther, posAnyOther, allIdiom, anyIdiom, freq10: freqPhrase(0.1), freq20: freqPhrase(0.2), freq30: freqPhrase(0.3), ctxCos, ctxC, ctxRank, nounShare } });
  if (process.argv.includes('--list')) { const r = rows.at(-1)!; console.log(`${p.fits ? 'FIT ' : 'NOT '} ${p.theme} | keys=${h.keys.join(',')} said=${said} pos=${mine.map(({ m }) => m.pos).join(',')} ns=${nounShare.toFixed(2)} idiom=${anyIdiom} f20=${r.f.freq20} ctx=${ctxCos.toFixed(2)} rk=${ctxRank.toFixed(2)} | ${h.e.verbatim.slice(0, 150).replace(/\s+/g, ' ')}`); }
}
function mineWord(e: { id: string; verbatim: string }, head: string): string {
  return toks(e).find((t) => t.type === 'word' && stem(t.text) === head)?.text ?? head;
}
const n = rows.length, k = rows.filter((r) => r.fits).length;
console.log(`${name}: ${n} labelled pairs held, ${k} fit (${(k / n).toFixed(3)}), ${nInterviews} interviews`);
const show = (label: string, pred: (r: Row) => boolean) => {
  const a = rows.filter(pred), b = rows.filter((r) => !pred(r));
  const fr = (xs: Row[]) => `${xs.filter((r) => r.fits).length}/${xs.length}=${xs.length ? (xs.filter((r) => r.fits).length / xs.length).toFixed(2) : '-'}`;
  const nf = rows.filter((r) => !r.fits).length;
  console.log(`${label.padEnd(26)} yes ${fr(a).padEnd(14)} no ${fr(b).padEnd(14)} catches ${a.filter((r) => !r.fits).length}/${nf} non-fits, ${a.filter((r) => r.fits).length}/${k} fits`);
};
show('(c) concept not said', (r) => !r.f.said);
show('(a) never a noun (theme: noun)', (r) => r.f.posOther as boolean);
show('(a) some mention not noun', (r) => r.f.posAnyOther as boolean);
show('(b) every mention in idiom', (r) => r.f.allIdiom as boolean);
show('(b) some mention in idiom', (r) => r.f.anyIdiom as boolean);
show('(b) frequent bigram >=10%', (r) => r.f.freq10 as boolean);
show('(b) frequent bigram >=20%', (r) => r.f.freq20 as boolean);
show('(b) frequent bigram >=30%', (r) => r.f.freq30 as boolean);
for (const c of [0.2, 0.3, 0.4, 0.5]) show(`(d) context cos<${c}`, (r) => (r.f.ctxCos as number) < c);
for (const c of [0, 0.1, 0.2, 0.3]) show(`(d) centred context cos<${c}`, (r) => (r.f.ctxC as number) < c);
for (const c of [0.1, 0.2, 0.3]) show(`(d) context rank<${c}`, (r) => (r.f.ctxRank as number) < c);
// how often each of (a)-(c) happens at all, over every unit a study theme holds (labelled or not)
let all = 0, notSaid = 0, nonNoun = 0, idiom = 0;
for (const h of held.values()) {
  all++;
  const ms = h.keys.flatMap((k) => mentionsOf(h.e, k));
  if (!ms.length) notSaid++;
  else { if (ms.every((m) => !NOUN.has(m.pos))) nonNoun++; if (ms.every((m) => m.idiom)) { idiom++; if (process.argv.includes('--idioms')) console.log(`  idiom: ${h.keys.join(',')} | ${h.e.verbatim.slice(0, 160).replace(/\s+/g, ' ')}`); } }
}
console.log(`all held units ${all}: concept not said ${notSaid}, never said as a noun ${nonNoun}, every mention in a listed idiom ${idiom}`);
show('any of a,b(idiom),c', (r) => !r.f.said || (r.f.posOther as boolean) || (r.f.allIdiom as boolean));
