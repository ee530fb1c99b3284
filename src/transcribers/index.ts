import type { LookupFunction } from 'node:net';
import type { Config } from '../config/index.js';
import { createMediaStore, mediaSettings, type MediaStore } from '../media/index.js';
import type { Transcriber } from '../ports/transcriber.js';
import { buildTranscriber } from './registry.js';
import { transcriberConfigFromEnv } from './transcriber-config.js';

export { buildTranscriber } from './registry.js';
export { TranscriberConfig, transcriberConfigFromEnv } from './transcriber-config.js';
export type { MediaAccess } from './media-input.js';

export interface CreateTranscriberOptions {
  /** Share the API's media store instance (default: one built from the config). */
  mediaStore?: MediaStore;
  /** Explicit test setting: let mediaUrl downloads reach 127.0.0.1 / ::1. */
  allowLoopback?: boolean;
  /** Custom DNS resolver for downloads (tests). */
  lookup?: LookupFunction;
}

/**
 * Transcriber registry: TRANSCRIBER (auto | pocketsphinx | assemblyai | openai) and the
 * provider's variables (see transcriberConfigFromEnv) pick and configure the engine; media is
 * read from the media store or fetched safely within MEDIA_DOWNLOAD_* limits.
 */
export async function createTranscriber(config: Config, options: CreateTranscriberOptions = {}): Promise<Transcriber> {
  const settings = mediaSettings(config);
  return buildTranscriber(transcriberConfigFromEnv(config.transcriber, config.env), {
    mediaStore: options.mediaStore ?? createMediaStore(config),
    download: { ...settings.download, allowLoopback: options.allowLoopback, lookup: options.lookup },
  });
}
