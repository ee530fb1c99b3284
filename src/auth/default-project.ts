import { createHash } from 'node:crypto';

/**
 * The project a submission goes to when it names none. The default account keeps
 * DEFAULT_PROJECT_ID (what single-account installs have always used); every other account gets
 * its own stable id derived from it (a name-based UUID, RFC 9562 version 5 layout), since a
 * project belongs to exactly one account.
 */
export function defaultProjectFor(accountId: string, config: { defaultAccountId: string; defaultProjectId: string }): string {
  if (accountId.toLowerCase() === config.defaultAccountId.toLowerCase()) return config.defaultProjectId;
  const ns = Buffer.from(config.defaultProjectId.replaceAll('-', ''), 'hex');
  const h = createHash('sha1').update(ns).update(accountId.toLowerCase()).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
