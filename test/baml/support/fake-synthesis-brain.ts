/**
 * The fake model's answers to the study-level synthesis prompts (baml_src/synthesize_*.baml),
 * computed from what the prompt lists: codes with their quotes, partial themes, a question with
 * quotes, findings, participant profiles, partial personas. Like a real model it groups by
 * meaning it reads from the text (here: code names, facet kinds, words shared with the
 * question) and, with `inventIds`, cites ids it was never given.
 *
 * It depends on the prompt layout (section headings and id brackets) of those files.
 */
import { randomUUID } from 'node:crypto';

export type SynthesisTaskName = 'consolidate-themes' | 'merge-themes' | 'answer-question' | 'merge-answer' | 'cluster-personas' | 'merge-personas';

export interface SynthesisBrainOptions {
  /** Cite ids that were never in the prompt (default true). */
  inventIds?: boolean;
}

const on = (v: boolean | undefined) => v !== false;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const SYNTHESIS_TASKS: readonly SynthesisTaskName[] = ['consolidate-themes', 'merge-themes', 'answer-question', 'merge-answer', 'cluster-personas', 'merge-personas'];

export function isSynthesisTask(task: string): boolean {
  return (SYNTHESIS_TASKS as readonly string[]).includes(task);
}

export function detectSynthesisTask(prompt: string): SynthesisTaskName | undefined {
  if (prompt.includes('## Codes')) return 'consolidate-themes';
  if (prompt.includes('## Partial themes')) return 'merge-themes';
  if (prompt.includes('## Partial findings')) return 'merge-answer';
  if (prompt.includes('## Question') && prompt.includes('## Quotes')) return 'answer-question';
  if (prompt.includes('## Participant profiles')) return 'cluster-personas';
  if (prompt.includes('## Partial personas')) return 'merge-personas';
  return undefined;
}

export function answerSynthesis(task: SynthesisTaskName, prompt: string, options: SynthesisBrainOptions = {}): unknown {
  switch (task) {
    case 'consolidate-themes': return { themes: consolidate(prompt, options) };
    case 'merge-themes': return { themes: mergeByName(parseNamed(prompt, 'theme'), 'themeIds', options) };
    case 'answer-question': return answerQuestion(prompt, options);
    case 'merge-answer': return mergeAnswer(prompt, options);
    case 'cluster-personas': return { personas: cluster(prompt, options) };
    case 'merge-personas': return { personas: mergeByName(parseNamed(prompt, 'persona'), 'personaIds', options) };
  }
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

interface Code { id: string; name: string; statement: string; quotes: string[] }

function consolidate(prompt: string, options: SynthesisBrainOptions) {
  const codes: Code[] = [];
  for (const line of prompt.split('\n')) {
    const c = /^\s*\[code (\S+)\] interview \S+: "(.*?)": (.*) \(\d+ quotes\)\s*$/.exec(line);
    if (c) { codes.push({ id: c[1]!, name: c[2]!, statement: c[3]!, quotes: [] }); continue; }
    const q = new RegExp(`^\\s*\\[evidence (${UUID})\\]`).exec(line);
    if (q && codes.length) codes[codes.length - 1]!.quotes.push(q[1]!);
  }
  const groups = new Map<string, Code[]>();
  for (const c of codes) groups.set(norm(c.name), [...(groups.get(norm(c.name)) ?? []), c]);
  return [...groups.values()].map((cs, i) => ({
    name: cs[0]!.name,
    statement: `Across interviews, participants describe ${cs[0]!.name.toLowerCase()}.`,
    codeIds: [...cs.map((c) => c.id), ...(on(options.inventIds) && i === 0 ? ['c999999'] : [])],
    quoteEvidenceId: cs[0]!.quotes[0] ?? null,
    counterEvidenceIds: on(options.inventIds) && i === 0 ? [randomUUID()] : [],
  }));
}

function parseNamed(prompt: string, tag: string): Array<{ id: string; name: string; text: string }> {
  const re = new RegExp(`^\\s*\\[${tag} (\\S+)\\] "(.*?)": (.*)$`, 'gm');
  return [...prompt.matchAll(re)].map((m) => ({ id: m[1]!, name: m[2]!, text: m[3]! }));
}

function mergeByName(items: Array<{ id: string; name: string; text: string }>, idsKey: string, options: SynthesisBrainOptions) {
  const groups = new Map<string, typeof items>();
  for (const it of items) groups.set(norm(it.name), [...(groups.get(norm(it.name)) ?? []), it]);
  return [...groups.values()].map((g, i) => ({
    name: g[0]!.name,
    [idsKey === 'themeIds' ? 'statement' : 'description']: `${g[0]!.text.split(' (')[0]}`,
    [idsKey]: [...g.map((x) => x.id), ...(on(options.inventIds) && i === 0 ? ['x999999'] : [])],
  }));
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);
}

function answerQuestion(prompt: string, options: SynthesisBrainOptions) {
  const question = /\[question \S+\] (.*)$/m.exec(prompt)?.[1] ?? '';
  const qWords = words(question);
  const quotes = [...prompt.matchAll(new RegExp(`^\\s*\\[evidence (${UUID})\\] participant (\\S+): "(.*)"\\s*$`, 'gm'))]
    .map((m) => ({ id: m[1]!, participant: m[2]!, verbatim: m[3]! }));
  if (quotes.length < 2) return { status: 'not_enough_evidence', headline: 'The quotes hold too little to answer this.', sentences: [] };
  // findings: quotes that share words with the question first, grouped by their wording after the speaker
  const topic = (v: string) => norm(v.replace(/^[^:]*:\s*/, '')).split(' ').slice(0, 4).join(' ');
  const groups = new Map<string, typeof quotes>();
  const ranked = [...quotes].sort((a, b) => [...words(b.verbatim)].filter((w) => qWords.has(w)).length - [...words(a.verbatim)].filter((w) => qWords.has(w)).length);
  for (const q of ranked) groups.set(topic(q.verbatim), [...(groups.get(topic(q.verbatim)) ?? []), q]);
  const sentences = [...groups.values()].slice(0, 4).map((g, i) => ({
    text: `Participants say that ${g[0]!.verbatim.replace(/^[^:]*:\s*/, '').slice(0, 80)}`,
    evidenceIds: [...g.slice(0, 6).map((q) => q.id), ...(on(options.inventIds) && i === 0 ? [randomUUID()] : [])],
  }));
  return { status: 'answered', headline: `Participants answer: ${sentences[0]!.text.slice(22, 80)}`, sentences };
}

function mergeAnswer(prompt: string, options: SynthesisBrainOptions) {
  const findings = [...prompt.matchAll(/^\s*\[finding (\S+)\] (.*)$/gm)].map((m) => ({ id: m[1]!, text: m[2]! }));
  const groups = new Map<string, typeof findings>();
  for (const f of findings) groups.set(norm(f.text), [...(groups.get(norm(f.text)) ?? []), f]);
  const sentences = [...groups.values()].slice(0, 5).map((g, i) => ({
    text: g[0]!.text,
    findingIds: [...g.map((f) => f.id), ...(on(options.inventIds) && i === 0 ? ['f999999'] : [])],
  }));
  return { status: sentences.length ? 'answered' : 'not_enough_evidence', headline: sentences[0]?.text ?? 'Too little to answer.', sentences };
}

function cluster(prompt: string, options: SynthesisBrainOptions) {
  const people: Array<{ id: string; top: string; quotes: string[] }> = [];
  for (const line of prompt.split('\n')) {
    const p = new RegExp(`^\\s*\\[participant (${UUID})\\] interview \\S+; facets: (.*)$`).exec(line);
    if (p) {
      const counts = [...p[2]!.matchAll(/(\w+) (\d+)/g)].map((m) => ({ kind: m[1]!, n: Number(m[2]) }))
        .filter((c) => c.kind !== 'goal').sort((a, b) => b.n - a.n || a.kind.localeCompare(b.kind));
      people.push({ id: p[1]!, top: counts[0]?.kind ?? 'context', quotes: [] });
      continue;
    }
    const q = new RegExp(`^\\s*\\[evidence (${UUID})\\]`).exec(line);
    if (q && people.length) people[people.length - 1]!.quotes.push(q[1]!);
  }
  const groups = new Map<string, typeof people>();
  for (const p of people) groups.set(p.top, [...(groups.get(p.top) ?? []), p]);
  return [...groups.entries()].map(([kind, members], i) => ({
    name: `The ${kind}-driven researcher`,
    description: `Participants whose quotes are mostly about ${kind}.`,
    goalEvidenceIds: [members[0]!.quotes[0], ...(on(options.inventIds) && i === 0 ? [randomUUID()] : [])].filter(Boolean),
    painEvidenceIds: members.slice(0, 2).map((m) => m.quotes[1]).filter(Boolean),
    members: [
      ...members.map((m) => ({ personId: m.id, reason: `Most of their quotes are about ${kind}.` })),
      ...(on(options.inventIds) && i === 0 ? [{ personId: randomUUID(), reason: 'invented' }] : []),
    ],
  }));
}
