import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SourceTurn } from '../../transcribers/support/synthesize-interview.js';

/** The vendored creatives interview (test/analysis/fixtures, attribution in its README). */
export const CREATIVES_0 = fileURLToPath(new URL('../../analysis/fixtures/creatives-0.txt', import.meta.url));

/** Turns of the vendored interview (after the first `skip`), each cut to about `words` words, to speak with espeak-ng. */
export async function shortTurns(count = 6, words = 18, skip = 0): Promise<SourceTurn[]> {
  const text = await readFile(CREATIVES_0, 'utf8');
  const turns: SourceTurn[] = [];
  let seen = 0;
  for (const block of text.split(/\n(?=(?:Assistant|AI|User):)/)) {
    const m = /^(Assistant|AI|User):\s*([\s\S]*)$/.exec(block.trim());
    if (!m || seen++ < skip) continue;
    const sentences = m[2]!.replace(/\s*—\s*/g, ', ').replace(/\s+/g, ' ').match(/[^.!?]+[.!?]*/g) ?? [];
    let out = '';
    for (const s of sentences) {
      if (out && out.split(' ').length + s.trim().split(' ').length > words) break;
      out = `${out} ${s.trim()}`.trim();
    }
    turns.push({ speaker: m[1] === 'User' ? 'participant' : 'interviewer', text: out });
    if (turns.length >= count) break;
  }
  return turns;
}
