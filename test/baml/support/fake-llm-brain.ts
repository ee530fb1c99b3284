/**
 * The "model" behind the fake OpenAI/Anthropic servers: answers our four BAML prompts from what
 * the prompt lists (utterances `[u12] Speaker (role): text`, `[evidence <uuid>] ...`,
 * `[person <uuid>] ...`, `[question <uuid>] ...`), so the pipeline gets realistic data that
 * really comes from the transcript. Like a real model it is a bit sloppy, on purpose:
 * markdown-fenced JSON with prose around it, trailing commas, one quote changed, one quote
 * invented, optional fields missing, ids that were never given.
 *
 * It depends on the prompt layout in baml_src/*.baml (section headings and id brackets).
 */
import { randomUUID } from 'node:crypto';
import { answerSynthesis, detectSynthesisTask, type SynthesisTaskName } from './fake-synthesis-brain.js';

export type TaskName = 'evidence' | 'insights' | 'personas' | 'answers' | SynthesisTaskName;

export interface BrainOptions {
  /** Wrap the JSON in prose and a ```json fence (default true). */
  fence?: boolean;
  /** Put trailing commas after the last item of arrays and objects (default true). */
  trailingCommas?: boolean;
  /** Change one word of the first quote, as models like to do (default true). */
  changeOneQuote?: boolean;
  /** Add one quote that is not in the transcript at all (default true). */
  inventQuote?: boolean;
  /** Leave out optional fields (confidence, inclusionCriteria) on some items (default true). */
  omitOptional?: boolean;
  /** Add ids that were never in the prompt (evidence ids, a person id, an utterance id) (default true). */
  inventIds?: boolean;
  /** Most evidence units per answer (default 60). */
  maxEvidence?: number;
}

/** Quote the fake invents; it appears in no transcript, so the verbatim guard must drop it. */
export const INVENTED_QUOTE = 'Honestly this product changed my whole life and I would pay anything for it.';
/** Utterance id the fake invents when inventIds is on. */
export const INVENTED_UTTERANCE_ID = 'u99999';

const on = (v: boolean | undefined) => v !== false;

export function detectTask(prompt: string): TaskName | 'unknown' {
  const synthesis = detectSynthesisTask(prompt);
  if (synthesis) return synthesis;
  if (prompt.includes('## Utterances')) return 'evidence';
  if (prompt.includes('## Research questions')) return 'answers';
  if (prompt.includes('## Participants')) return 'personas';
  if (prompt.includes('## Evidence')) return 'insights';
  if (prompt.includes('## Utterances')) return 'evidence';
  return 'unknown';
}

export function answerFromPrompt(prompt: string, options: BrainOptions = {}): { task: TaskName | 'unknown'; text: string; items: number } {
  const task = detectTask(prompt);
  let value: unknown;
  switch (task) {
    case 'evidence': value = { evidence: evidenceFor(parseUtterances(prompt), options) }; break;
    case 'insights': value = { themes: themesFor(parseEvidence(prompt), parseBracketed(prompt, 'theme'), options) }; break;
    case 'personas': value = { personas: personasFor(parsePeople(prompt), parseEvidence(prompt), parseBracketed(prompt, 'persona'), options) }; break;
    case 'answers': value = { answers: answersFor(parseBracketed(prompt, 'question'), parseEvidence(prompt), options) }; break;
    case 'unknown': value = { message: 'I do not know what you want me to do.' }; break;
    default: value = answerSynthesis(task, prompt, options);
  }
  const items = Object.values(value as Record<string, unknown>).find(Array.isArray)?.length ?? 0;
  return { task, text: render(value, options), items };
}

function render(value: unknown, options: BrainOptions): string {
  let json = JSON.stringify(value, null, 2);
  // Trailing commas: a comma before every closing bracket that ends a non-empty block.
  if (on(options.trailingCommas)) json = json.replace(/([^[{\s])(\n\s*[\]}])/g, '$1,$2');
  if (!on(options.fence)) return json;
  return `Here is the JSON you asked for:\n\n\`\`\`json\n${json}\n\`\`\`\n\nLet me know if you need anything else.`;
}

// ---- parsing the prompt ----

interface PromptUtterance { id: string; speaker: string; role: string; text: string }

function section(prompt: string, heading: string): string {
  const start = prompt.indexOf(heading);
  if (start < 0) return '';
  const rest = prompt.slice(start + heading.length);
  const next = rest.search(/\n## /);
  return next < 0 ? rest : rest.slice(0, next);
}

function parseUtterances(prompt: string): PromptUtterance[] {
  const out: PromptUtterance[] = [];
  for (const line of section(prompt, '## Utterances').split('\n')) {
    const m = /^\s*\[(u\d+)\] (.+?) \((interviewer|participant)\): (.*)$/.exec(line);
    if (m) out.push({ id: m[1]!, speaker: m[2]!, role: m[3]!, text: m[4]! });
    else if (out.length > 0 && line.trim() && !line.trim().startsWith('</transcript>')) out[out.length - 1]!.text += `\n${line.trim()}`;
  }
  return out;
}

interface PromptEvidence { id: string; participantId: string; speaker: string; verbatim: string; facetKinds: string[] }

function parseEvidence(prompt: string): PromptEvidence[] {
  const out: PromptEvidence[] = [];
  const re = /^\s*\[evidence ([0-9a-f-]{36})\] participant (\S+) \((.*?)\): "(.*)" \(gist: (.*)\)\s*$/gm;
  for (const m of section(prompt, '## Evidence').matchAll(re)) {
    const facetKinds = [...m[5]!.matchAll(/; (\w+): /g)].map((f) => f[1]!);
    out.push({ id: m[1]!, participantId: m[2]!, speaker: m[3]!, verbatim: m[4]!, facetKinds });
  }
  return out;
}

function parseBracketed(prompt: string, tag: string): Array<{ id: string; text: string }> {
  const re = new RegExp(`^\\s*\\[${tag} ([0-9a-f-]{36})\\] (.*)$`, 'gm');
  return [...prompt.matchAll(re)].map((m) => ({ id: m[1]!, text: m[2]!.trim() }));
}

function parsePeople(prompt: string) {
  const re = /^\s*\[person ([0-9a-f-]{36})\] (.*?) \(speaker "(.*)", (interviewer|participant)\)\s*$/gm;
  return [...section(prompt, '## Participants').matchAll(re)]
    .map((m) => ({ id: m[1]!, name: m[2]!, speaker: m[3]!, role: m[4]! }));
}

// ---- answering ----

const FACET_RULES: Array<[string, RegExp]> = [
  ['pain', /frustrat|annoy|hard|difficult|problem|struggl|worr|fear|hate|tedious|scary/i],
  ['tool', /\bAI\b|ChatGPT|Claude|tool|software|\bapp\b|Midjourney|Photoshop|plugin/i],
  ['goal', /\bwant|\bhope|\bgoal|\baim\b|\bwish|trying to/i],
  ['emotion', /\bfeel|\blove|excit|happy|\bsad\b|anxious|enjoy/i],
  ['workflow', /process|workflow|\bstep|usually|typically|draft|first I/i],
  ['value', /important|valu|matter|believ|authentic/i],
  ['gain', /help|save|faster|easier|better/i],
];

function facetKind(text: string): string {
  return FACET_RULES.find(([, re]) => re.test(text))?.[0] ?? 'context';
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
}

function pickQuote(text: string): string | undefined {
  return sentences(text).find((s) => s.split(/\s+/).length >= 6 && s.length <= 300);
}

function evidenceFor(utterances: PromptUtterance[], options: BrainOptions) {
  const items: Array<Record<string, unknown>> = [];
  for (const u of utterances) {
    if (u.role !== 'participant') continue;
    const quote = pickQuote(u.text);
    if (!quote) continue;
    const kind = facetKind(quote);
    const item: Record<string, unknown> = {
      utteranceId: u.id,
      verbatim: quote,
      gist: `${u.speaker} says: ${quote.split(/\s+/).slice(0, 8).join(' ')}...`,
      confidence: 0.8,
      facets: [{ kind, value: quote.split(/\s+/).slice(0, 4).join(' ') }],
    };
    if (on(options.omitOptional) && items.length % 2 === 1) delete item.confidence;
    items.push(item);
    if (items.length >= (options.maxEvidence ?? 60)) break;
  }
  const first = items[0];
  if (on(options.changeOneQuote) && first) {
    // Drop one word from the middle of the first quote: a typical "almost verbatim" quote.
    const words = String(first.verbatim).split(' ');
    if (words.length > 4) words.splice(Math.floor(words.length / 2), 1);
    first.verbatim = words.join(' ');
  }
  if (on(options.inventQuote) && first) {
    items.push({ utteranceId: first.utteranceId, verbatim: INVENTED_QUOTE, gist: 'Participant loves the product.', confidence: 0.9, facets: [{ kind: 'gain', value: 'life changing' }] });
  }
  if (on(options.inventIds) && first) {
    items.push({ utteranceId: INVENTED_UTTERANCE_ID, verbatim: String(first.verbatim), gist: 'Repeated from an utterance that does not exist.', facets: [] });
  }
  return items;
}

const THEME_NAMES: Record<string, string> = {
  pain: 'Friction in creative work', tool: 'AI tools in the workflow', goal: 'What creatives aim for',
  emotion: 'Feelings about AI', workflow: 'How the work gets done', value: 'What matters to creatives',
  gain: 'Where AI helps', context: 'Working context', behavior: 'Habits',
};

function themesFor(evidence: PromptEvidence[], existing: Array<{ id: string; text: string }>, options: BrainOptions) {
  const groups = new Map<string, PromptEvidence[]>();
  for (const e of evidence) {
    const kind = e.facetKinds[0] ?? facetKind(e.verbatim);
    groups.set(kind, [...(groups.get(kind) ?? []), e]);
  }
  const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 4);
  return ranked.map(([kind, items], i) => {
    const existingName = i === 0 ? existing[0]?.text.split(':')[0] : undefined;
    const theme: Record<string, unknown> = {
      name: existingName ?? THEME_NAMES[kind] ?? kind,
      statement: `Participants talk about ${kind}: "${items[0]!.verbatim.slice(0, 60)}"`,
      inclusionCriteria: `Evidence with a ${kind} facet`,
      evidence: items.map((e, j) => (on(options.omitOptional) && j % 2 === 1 ? { evidenceId: e.id } : { evidenceId: e.id, confidence: 0.7 })),
    };
    if (on(options.omitOptional) && i === 1) delete theme.inclusionCriteria;
    if (on(options.inventIds) && i === 0) (theme.evidence as unknown[]).push({ evidenceId: randomUUID(), confidence: 0.9 });
    return theme;
  });
}

function personasFor(
  people: Array<{ id: string; name: string; speaker: string; role: string }>,
  evidence: PromptEvidence[],
  existing: Array<{ id: string; text: string }>,
  options: BrainOptions,
) {
  const participants = people.filter((p) => p.role === 'participant');
  const assignments = participants.map((p) => {
    const ids = evidence.filter((e) => e.participantId === p.id || e.speaker === p.speaker).slice(0, 3).map((e) => e.id);
    if (on(options.inventIds)) ids.push(randomUUID());
    return on(options.omitOptional) ? { personId: p.id, evidenceIds: ids } : { personId: p.id, confidence: 0.75, evidenceIds: ids };
  });
  if (on(options.inventIds)) assignments.push({ personId: randomUUID(), evidenceIds: [] });
  const tools = evidence.filter((e) => e.facetKinds.includes('tool')).length;
  return [{
    name: existing[0]?.text.split(':')[0] ?? (tools > 0 ? 'Pragmatic AI-assisted creative' : 'Hands-on traditional creative'),
    description: `A creative professional (${evidence.length} quotes) who weighs AI help against craft and authenticity.`,
    goals: ['Keep creative control', 'Spend less time on tedious tasks'],
    pains: ['Unreliable AI output', 'Worries about authenticity'],
    assignments,
  }];
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);
}

function answersFor(questions: Array<{ id: string; text: string }>, evidence: PromptEvidence[], options: BrainOptions) {
  return questions.map((q, i) => {
    const qWords = words(q.text);
    const scored = evidence
      .map((e) => ({ e, score: [...words(e.verbatim)].filter((w) => qWords.has(w)).length }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score);
    const best = scored[0]?.score ?? 0;
    const status = best >= 2 ? 'answered' : best === 1 ? 'partially_answered' : 'not_addressed';
    const ids = status === 'not_addressed' ? [] : scored.slice(0, 2).map((s) => s.e.id);
    if (on(options.inventIds) && i === 0) ids.push(randomUUID());
    const answer: Record<string, unknown> = {
      questionId: q.id,
      status,
      sentences: status === 'not_addressed' ? [] : [{ text: `From the interview: "${scored[0]!.e.verbatim.slice(0, 80)}"`, evidenceIds: ids }],
      confidence: 0.6,
    };
    if (on(options.omitOptional) && i % 2 === 1) delete answer.confidence;
    return answer;
  });
}
