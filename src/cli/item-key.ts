import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { InputItem } from './inputs.js';

/**
 * The idempotency key of an input, so re-running `process` on the same files into a project
 * never adds an interview twice: a CSV row's transcript_id, else a hash of the content (the
 * transcript's text, a recording's bytes), or a URL as given.
 */
export async function inputKey(item: InputItem): Promise<string> {
  if (item.csvId !== undefined) return `csv:${item.csvId}`;
  if (item.transcript !== undefined) return `sha256:${createHash('sha256').update(item.transcript).digest('hex')}`;
  if (item.media?.kind === 'url') return `url:${item.media.url}`.slice(0, 255);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(item.media!.path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}
