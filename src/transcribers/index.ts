import type { Config } from '../config/index.js';
import type { Transcriber } from '../ports/transcriber.js';
import { PermanentError } from '../domain/errors.js';

/**
 * Transcriber registry. (Placeholder until the media adapters land: refuses media clearly.)
 */
export async function createTranscriber(_config: Config): Promise<Transcriber> {
  return {
    name: 'none',
    async transcribe() {
      throw new PermanentError('media transcription is not configured in this build');
    },
  };
}
