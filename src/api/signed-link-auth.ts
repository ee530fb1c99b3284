import type { RequestHandler } from 'express';
import type { Runtime } from '../runtime/runtime.js';
import type { OwnedResource } from '../ports/store.js';
import type { LinkSigner } from '../auth/signed-links.js';
import { HttpError } from './errors.js';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** The only resources a signed link opens: the reports and the recordings they play. */
const SIGNABLE: { pattern: RegExp; kind: OwnedResource }[] = [
  { pattern: new RegExp(`^/v1/projects/(${UUID})/report$`), kind: 'project' },
  { pattern: new RegExp(`^/v1/interviews/(${UUID})/report$`), kind: 'interview' },
  { pattern: new RegExp(`^/v1/interviews/(${UUID})/media$`), kind: 'interview' },
];

/** The resource a signed link may open at `path`, or null. */
export function signableResource(path: string): { kind: OwnedResource; id: string } | null {
  for (const s of SIGNABLE) {
    const m = s.pattern.exec(path);
    if (m) return { kind: s.kind, id: m[1]! };
  }
  return null;
}

/**
 * Before `authenticate`: a request carrying `sig` (a signed link) is authenticated by it alone,
 * as the resource's owner with the `read` scope, for that GET only. Expired: 401; tampered,
 * another path or another method: 403. Requests without `sig` pass on to the usual credentials.
 */
export function signedLinkAuth(rt: Runtime, signer: LinkSigner): RequestHandler {
  return async (req, res, next) => {
    const { sig, exp } = req.query as Record<string, unknown>;
    if (sig === undefined) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(403, 'invalid_signature', 'a signed link is only good for reading (GET)');
    const target = signableResource(req.path);
    if (!target) throw new HttpError(403, 'invalid_signature', 'signed links open only a report or a recording');
    if (typeof sig !== 'string' || typeof exp !== 'string') throw new HttpError(403, 'invalid_signature', 'a signed link needs one `exp` and one `sig`');
    const owner = await rt.store.resourceAccount(target.kind, target.id);
    const verdict = owner ? await signer.verify(req.path, owner, exp, sig) : 'invalid';
    if (verdict === 'expired') throw new HttpError(401, 'link_expired', 'this link has expired: ask the API for a new one (links.report of the analysis job)');
    if (verdict !== 'ok') throw new HttpError(403, 'invalid_signature', 'the link\'s signature does not match (altered or for another resource)');
    res.locals.auth = { accountId: owner!, scopes: new Set(['read']), kind: 'signed-link', principal: `link:${target.kind}:${target.id}` };
    next();
  };
}
