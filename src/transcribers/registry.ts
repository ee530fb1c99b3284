import type { Transcriber } from '../ports/transcriber.js';
import { AssemblyAITranscriber } from './assemblyai/assemblyai-transcriber.js';
import type { MediaAccess } from './media-input.js';
import { OpenAITranscriber } from './openai/openai-transcriber.js';
import { PocketsphinxTranscriber } from './pocketsphinx/pocketsphinx-transcriber.js';
import type { TranscriberConfig } from './transcriber-config.js';

/** The transcriber for a configuration; all of them read media through `access`. */
export function buildTranscriber(config: TranscriberConfig, access: MediaAccess): Transcriber {
  switch (config.provider) {
    case 'assemblyai':
      return new AssemblyAITranscriber(access, config);
    case 'openai':
      return new OpenAITranscriber(access, config);
    case 'pocketsphinx':
      return new PocketsphinxTranscriber(access, config);
  }
}
