import { describe, expect, it } from 'vitest';
import { inferRoles, parseTranscript, readTranscriptCsv, toUtterances } from '../../src/transcript-formats/index.js';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { creativesSampleCsv, examplesDir, fullCreativesCsv } from './data.js';
import { NEEDS_FULL_DATA } from '../support/creatives.js';

/** The vendored 24 interviews always; all 125 of the tuning set when INTERVIEW_DATA_DIR has them. */
const SETS = [
  { name: 'the vendored 24 interviews', file: creativesSampleCsv as string | undefined, count: 24 },
  { name: `all 125 interviews ${fullCreativesCsv ? '' : NEEDS_FULL_DATA}`.trim(), file: fullCreativesCsv, count: 125 },
];

describe.each(SETS)('Anthropic Interviewer creatives (tuning set): $name', ({ file, count }) => {
  it.skipIf(!file)('parses every interview: each has interviewer and participant turns, estimated timings', async () => {
    const rows = await readTranscriptCsv(file!);
    expect(rows).toHaveLength(count);
    for (const row of rows) {
      const parsed = parseTranscript(row.text);
      expect(parsed.format, row.id).toBe('plain');
      const { utterances, timing, durationMs } = toUtterances(parsed.utterances, inferRoles(parsed.utterances));
      expect(timing).toBe('estimated');
      expect(utterances.filter((u) => u.role === 'interviewer').length, row.id).toBeGreaterThanOrEqual(1);
      expect(utterances.filter((u) => u.role === 'participant').length, row.id).toBeGreaterThanOrEqual(1);
      expect(new Set(utterances.map((u) => u.speaker)), row.id).toEqual(new Set(['Assistant', 'AI', 'User'].filter((s) => row.text.includes(`${s}:`))));
      // about 10-minute interviews: estimates land in a plausible range
      expect(durationMs, row.id).toBeGreaterThan(3 * 60_000);
      expect(durationMs, row.id).toBeLessThan(25 * 60_000);
      // nothing lost: every non-empty turn in the source is one utterance (creativity_0027 has an
      // empty "AI:" turn, which carries no utterance)
      const nonEmptyTurns = row.text.split(/^(?:Assistant|AI|User):/m).slice(1).filter((t) => t.trim() !== '');
      expect(utterances.length, row.id).toBe(nonEmptyTurns.length);
      const squash = (t: string) => t.replace(/\s+/g, ' ').trim(); // only whitespace is normalised
      expect(utterances.map((u) => squash(u.text)), row.id).toEqual(nonEmptyTurns.map(squash));
    }
  });

  it.skipIf(!file)('role inference without the AI/User labels is right on every interview', async () => {
    const rows = await readTranscriptCsv(file!);
    let twoNames = 0;
    let threeNames = 0;
    for (const row of rows) {
      const { utterances } = parseTranscript(row.text);
      // Assistant and AI are the same interviewer: one name, then two different names
      const two = utterances.map((u) => ({ ...u, speaker: u.speaker === 'User' ? 'Jordan' : 'Sam' }));
      const r2 = inferRoles(two);
      if (r2.get('Sam') === 'interviewer' && r2.get('Jordan') === 'participant') twoNames++;
      const names: Record<string, string> = { Assistant: 'Sam', AI: 'Alex', User: 'Jordan' };
      const three = utterances.map((u) => ({ ...u, speaker: names[u.speaker]! }));
      const r3 = inferRoles(three);
      if (r3.get('Alex') === 'interviewer' && r3.get('Jordan') === 'participant' && (r3.get('Sam') ?? 'interviewer') === 'interviewer') threeNames++;
    }
    expect(twoNames).toBe(count);
    expect(threeNames).toBe(count);
  });
});

describe('the bundled examples', () => {
  it('are verbatim rows of the tuning set', async () => {
    const rows = new Map((await readTranscriptCsv(creativesSampleCsv)).map((r) => [r.id, r.text]));
    const readme = readFileSync(resolve(examplesDir, 'README.md'), 'utf8');
    const files = readdirSync(examplesDir).filter((f) => /^creative-\d+\.txt$/.test(f));
    expect(files).toHaveLength(3);
    for (const f of files) {
      const id = new RegExp('`' + f.replace('.', '\\.') + '` \\| `([^`]+)`').exec(readme)?.[1];
      expect(id, f).toBeDefined();
      expect(readFileSync(resolve(examplesDir, f), 'utf8')).toBe(rows.get(id!)!.replace(/\n*$/, '\n'));
    }
  });
});
