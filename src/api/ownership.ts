import type { Response } from 'express';
import type { Runtime } from '../runtime/runtime.js';
import type { OwnedResource } from '../ports/store.js';
import { authOf } from './auth-middleware.js';
import { HttpError } from './errors.js';

const LABEL: Record<OwnedResource, string> = { project: 'project', interview: 'interview', analysis_job: 'analysis job' };

/**
 * 404 unless the resource exists and belongs to the caller's account. Absent and foreign read
 * the same, so ids cannot be probed across tenants. Call it first in any route taking an id.
 */
export async function assertOwned(rt: Runtime, res: Response, kind: OwnedResource, id: string): Promise<void> {
  const owner = await rt.store.resourceAccount(kind, id);
  if (!owner || owner.toLowerCase() !== authOf(res).accountId.toLowerCase()) {
    throw new HttpError(404, 'not_found', `${LABEL[kind]} ${id} not found`);
  }
}
