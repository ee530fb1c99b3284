import type { ListQuery } from '../domain/lists.js';
import { HttpError } from './errors.js';

/** An opaque page cursor: the last row's (createdAt, id), base64url-encoded JSON. */
export function encodeCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt))
      && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { createdAt, id };
  } catch { /* fall through */ }
  throw new HttpError(400, 'invalid_cursor', 'cursor is not one this API returned');
}

/** A page of rows fetched with limit + 1: the extra row only says there is a next page. */
export function toPage<T extends { createdAt: string; id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(data[data.length - 1]!) : null };
}

/** The store query for one page: a row more than the page, so toPage can tell whether another follows. */
export function pageQuery(accountId: string, q: { limit: number; cursor?: string | undefined; status?: string | undefined }): ListQuery {
  return { accountId, limit: q.limit + 1, status: q.status, after: decodeCursor(q.cursor) };
}
