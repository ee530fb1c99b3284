import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredEvidence } from '../../src/domain/analysis.js';
import type { Utterance } from '../../src/domain/transcript.js';
import type { AnchoredEvidence } from '../../src/verbatim-guard/verbatim.js';
import type { AnalyzerContext } from '../../src/ports/analyzer.js';

/** Tiny `Speaker: text` parser for fixtures (AI/Assistant interview, User answers), 400 ms/word. */
export function fixtureUtterances(name: string): Utterance[] {
  const text = readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
  const turns: { speaker: string; text: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^(AI|Assistant|User):\s?(.*)$/.exec(line);
    if (m) turns.push({ speaker: m[1]!, text: m[2]! });
    else if (turns.length > 0) turns[turns.length - 1]!.text += `\n${line}`;
  }
  let clock = 0;
  return turns.map((t, index) => {
    const body = t.text.trim();
    const startMs = clock;
    const endMs = startMs + 400 * body.split(/\s+/).length;
    clock = endMs + 600;
    return { id: `u${index}`, index, speaker: t.speaker, role: t.speaker === 'User' ? 'participant' : 'interviewer', startMs, endMs, text: body, timing: 'estimated' };
  });
}

export function ctx(signal = new AbortController().signal): AnalyzerContext {
  return { signal, recordUsage() {}, async progress() {} };
}

/** Evidence as the store would return it: deterministic fake uuids derived from the index. */
export function stored(units: AnchoredEvidence[], personId: string | null = null, offset = 0): StoredEvidence[] {
  return units.map((u, i) => {
    const { utteranceIdx: _idx, ...rest } = u;
    return { ...rest, id: uuid(offset + i), personId };
  });
}

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
