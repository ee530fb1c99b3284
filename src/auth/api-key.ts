import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'iflow_';
const KEY_RE = /^iflow_[A-Za-z0-9_-]{43}$/;

/** A new random key (256 bits), its hash for storage and a short prefix for listings. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6) };
}

/**
 * SHA-256 of the key. A slow password hash buys nothing here: the key is 256 random bits, and
 * a fast hash lets the lookup be one indexed equality per request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(token: string): boolean {
  return KEY_RE.test(token);
}
