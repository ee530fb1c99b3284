import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Loopback addresses let through when a test explicitly allows it. */
export const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'];

export interface UrlPolicyOptions {
  /** Explicit test setting: allow 127.0.0.1 / ::1 (never any other private range). */
  allowLoopback?: boolean | undefined;
  /** DNS resolver (defaults to the system's); tests inject one to map a name to 127.0.0.1. */
  lookup?: LookupFunction | undefined;
  /** What the URL is, in refusals ("media URL" by default). */
  label?: string | undefined;
}

export type UrlVerdict =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; kind: 'invalid' | 'scheme' | 'address'; reason: string }
  | { ok: false; kind: 'dns'; reason: string };

/**
 * Decides whether a URL may be fetched on a caller's behalf: http/https only, and every address
 * the host name resolves to must be a public unicast address (ipaddr.js classifies the ranges:
 * loopback, RFC 1918 private, link-local including the 169.254.169.254 metadata service, CGNAT,
 * IPv6 unique-local, IPv4-mapped forms of all these...). The connect-time check is done again by
 * request-filtering-agent, so a DNS answer that changes between the two is still caught.
 */
export async function inspectUrl(raw: string, options: UrlPolicyOptions = {}): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, kind: 'invalid', reason: `not a valid URL: ${truncate(raw)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, kind: 'scheme', reason: `only http and https ${options.label ?? 'media URL'}s are allowed, not ${url.protocol.replace(/:$/, '')}:` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await resolveAll(host, options.lookup)).map((a) => a.address);
    } catch (err) {
      return { ok: false, kind: 'dns', reason: `the host ${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
    }
  }
  for (const address of addresses) {
    const refusal = refuseAddress(address, options.allowLoopback ?? false);
    if (refusal) {
      const via = address === host ? '' : ` (${host} resolves to ${address})`;
      return { ok: false, kind: 'address', reason: `the ${options.label ?? 'media URL'} points to ${refusal}${via}; only public internet addresses are allowed` };
    }
  }
  return { ok: true, url, addresses };
}

/** Why an address may not be fetched, or undefined when it is a public unicast address. */
export function refuseAddress(address: string, allowLoopback: boolean): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address); // unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1)
  } catch {
    return `an unparseable address ${address}`;
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && allowLoopback) return undefined;
  const normal = parsed.toString();
  if (normal === '169.254.169.254' || normal === 'fd00:ec2::254') return `the cloud metadata service address ${normal}`;
  return `${RANGE_LABELS[range] ?? `a reserved (${range})`} address ${normal}`;
}

const RANGE_LABELS: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private network',
  linkLocal: 'a link-local',
  uniqueLocal: 'a private network (IPv6 unique local)',
  unspecified: 'an unspecified',
  carrierGradeNat: 'a carrier-grade NAT',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  reserved: 'a reserved',
};

function resolveAll(host: string, lookup: LookupFunction | undefined): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const fn = (lookup ?? dnsLookup) as (h: string, o: { all: true }, cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[] | string, f?: number) => void) => void;
    fn(host, { all: true }, (err, addresses, family) => {
      if (err) reject(err);
      else if (typeof addresses === 'string') resolve([{ address: addresses, family: family ?? 4 }]);
      else if (addresses.length === 0) reject(new Error('no addresses'));
      else resolve(addresses);
    });
  });
}

function truncate(s: string): string {
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}
