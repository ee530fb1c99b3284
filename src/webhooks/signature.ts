import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>` (Stripe's scheme). */
export const SIGNATURE_HEADER = 'X-Interview-Flow-Signature';

/** A new endpoint secret: 32 random bytes, shown once when the endpoint is created. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** HMAC-SHA256 over `<timestamp>.<raw body>` with the endpoint's secret, hex. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

/**
 * What a receiver does (and the README shows): recompute the HMAC over the raw body with the
 * timestamp from the header, compare in constant time, and refuse old timestamps (replays).
 */
export function verifySignature(secret: string, header: string | undefined, body: string, opts: { toleranceS?: number; nowS?: number } = {}): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((kv) => { const i = kv.indexOf('='); return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()] as const; }));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = opts.nowS ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceS ?? 300)) return false;
  return timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(computeSignature(secret, t, body), 'hex'));
}
