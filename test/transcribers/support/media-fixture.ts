import { dirname } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { LocalDirMediaStore } from '../../../src/media/local-dir/local-dir-media-store.js';
import type { MediaAccess } from '../../../src/transcribers/media-input.js';
import { loadCreativeTurns, synthesizeInterview, type SynthesizedInterview } from './synthesize-interview.js';

/**
 * For a provider test file: the synthesised interview, media access to its folder, and a slot
 * for the file's fake provider server, closed after each test.
 */
export function useSynthesizedInterview<F extends { close(): Promise<void> }>() {
  const state = {
    interview: undefined as unknown as SynthesizedInterview,
    access: undefined as unknown as MediaAccess,
    fake: undefined as F | undefined,
  };
  beforeAll(async () => {
    state.interview = await synthesizeInterview(await loadCreativeTurns('creativity_0000', 5));
    state.access = { mediaStore: new LocalDirMediaStore(dirname(state.interview.wav)), download: { maxBytes: 10_000_000, timeoutMs: 5000 } };
  }, 60_000);
  afterEach(async () => {
    await state.fake?.close();
    state.fake = undefined;
  });
  return state;
}
