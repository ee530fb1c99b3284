/**
 * A small local stand-in for PostgREST (no PostgREST binary can be installed on these machines),
 * speaking the subset of its protocol that supabase-js uses for our Store, over the real Postgres.
 *
 * Implemented (as PostgREST 12 does it):
 * - `POST /rest/v1/rpc/<fn>` with a JSON object of named arguments. The function is looked up in
 *   pg_catalog (schema `public` only); the keys must name its parameters (parameters with defaults
 *   may be omitted). Arguments are typed by the function's own signature through
 *   `json_to_record`, like PostgREST does, so uuid, integer, boolean, text[] and jsonb all arrive
 *   typed. Scalar results are returned as JSON (`null` included); `void` functions answer 204.
 * - `GET /rest/v1/<table or view>?select=*|a,b&<col>=eq.<value>&order=<col>.asc|desc&limit=N`
 *   (only the `eq` operator, no embedding): enough for supabase-js `from(x).select().eq()`.
 * - Authentication: `Authorization: Bearer <HS256 JWT>` verified with the configured secret;
 *   the `role` claim becomes the transaction's role (`set_config('role', ...)`) and all claims go
 *   to `request.jwt.claims` (transaction-local), so RLS policies see them. No token → `anon`.
 *   Bad signature → 401 PGRST301, expired → 401 PGRST303.
 * - Schema profiles: `Content-Profile` / `Accept-Profile` must be `public` (else 406 PGRST106).
 * - Errors: the body is `{code, message, details, hint}` and the status follows PostgREST's
 *   SQLSTATE table (P0001 → 400, 23505/23503 → 409, 42883/42P01 → 404, 42501 → 401 for anon /
 *   403 otherwise, 08* → 503, 53* → 503, 40*, XX* and P0* → 500, anything else including our custom
 *   codes IFNFD/IFSTL/... → 400). A missing function is 404 PGRST202, a missing relation 404
 *   PGRST205, invalid JSON 400 PGRST102.
 *
 * Not implemented: other filter operators, embedding, inserts/updates/deletes through tables,
 * `Prefer` handling (return=, count=, params=single-object, tx=rollback), GET/HEAD rpc calls,
 * functions with unnamed or OUT parameters, set-returning functions, CSV, pagination ranges,
 * JWKS/asymmetric keys, db-pre-request hooks, Kong's apikey check (the apikey header is ignored).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

export interface PostgrestServer {
  url: string;
  /** requests served, by path (lets tests prove calls went over HTTP) */
  hits: Map<string, number>;
  close(): Promise<void>;
}

interface RestError { status: number; code: string; message: string; details?: string | null; hint?: string | null }

class HttpError extends Error {
  constructor(readonly body: RestError) { super(body.message); }
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Signs an HS256 JWT, as Supabase does for its anon / service_role keys and user sessions. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ iat: Math.floor(Date.now() / 1000), ...claims }));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

function verifyJwt(token: string, secret: string): Record<string, unknown> {
  const parts = token.split('.');
  const bad = (message: string, code = 'PGRST301'): never => { throw new HttpError({ status: 401, code, message }); };
  if (parts.length !== 3) bad('Expected 3 parts in JWT; got ' + parts.length);
  const [h, b, s] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${h}.${b}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) bad('JWSError JWSInvalidSignature');
  let header: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string };
    claims = JSON.parse(Buffer.from(b, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return bad('JWT cryptographic operation failed');
  }
  if (header.alg !== 'HS256') bad('JWT algorithm not supported');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) bad('JWT expired', 'PGRST303');
  return claims;
}

/** PostgREST's SQLSTATE → HTTP status table. */
export function statusForSqlState(code: string, role: string): number {
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === '42883' || code === '42P01') return 404;
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (code === 'P0001') return 400;
  if (code === '53400') return 500;
  const cls = code.slice(0, 2);
  if (cls === '08' || cls === '53') return 503;
  if (['0L', '0P', '28'].includes(cls)) return 403;
  if (['09', '25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(cls)) return 500;
  return 400;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

interface FnInfo { names: string[]; types: string[]; defaults: number; isVoid: boolean; retset: boolean }

export async function startPostgrestServer(opts: { databaseUrl: string; jwtSecret: string; anonRole?: string }): Promise<PostgrestServer> {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 8 });
  pool.on('error', () => {});
  const anonRole = opts.anonRole ?? 'anon';
  const hits = new Map<string, number>();

  async function findFunction(name: string, keys: string[]): Promise<FnInfo> {
    const { rows } = await pool.query<FnInfo>(`
      select coalesce(p.proargnames, '{}') as names,
             array(select format_type(t, null) from unnest(p.proargtypes::oid[]) with ordinality u(t, i) order by i) as types,
             p.pronargdefaults as defaults, p.prorettype = 'void'::regtype as "isVoid", p.proretset as retset
      from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = $1 and p.prokind = 'f'`, [name]);
    const match = rows.find((f) => {
      const required = f.names.slice(0, f.names.length - f.defaults);
      return f.names.length === f.types.length && keys.every((k) => f.names.includes(k)) && required.every((r) => keys.includes(r));
    });
    if (!match) {
      throw new HttpError({
        status: 404, code: 'PGRST202',
        message: `Could not find the function public.${name}(${[...keys].sort().join(', ')}) in the schema cache`,
        details: `Searched for the function public.${name} with parameters ${[...keys].sort().join(', ') || 'without parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
        hint: null,
      });
    }
    return match;
  }

  /** One request = one transaction with the JWT's role and claims, like PostgREST. */
  async function inTransaction<T>(role: string, claims: Record<string, unknown>, method: string, path: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('begin');
      await c.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
                            set_config('request.method', $3, true), set_config('request.path', $4, true)`,
        [role, JSON.stringify(claims), method, path]);
      const out = await fn(c);
      await c.query('commit');
      return out;
    } catch (err) {
      await c.query('rollback').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  async function rpc(name: string, body: Record<string, unknown>, role: string, claims: Record<string, unknown>, path: string) {
    const keys = Object.keys(body);
    const f = await findFunction(name, keys);
    const cols = keys.map((k) => `${k} ${f.types[f.names.indexOf(k)]}`);
    const call = `public.${name}(${keys.map((k) => `${k} => _.${k}`).join(', ')})`;
    const sql = keys.length
      ? `select ${call} as r from json_to_record($1::json) as _(${cols.join(', ')})`
      : `select ${call} as r`;
    const res = await inTransaction(role, claims, 'POST', path, (c) => c.query(sql, keys.length ? [JSON.stringify(body)] : []));
    return f.isVoid ? undefined : (res.rows[0]?.r ?? null);
  }

  async function read(relation: string, query: URLSearchParams, role: string, claims: Record<string, unknown>, path: string) {
    const { rows: rel } = await pool.query(`select 1 from pg_class where relnamespace = 'public'::regnamespace and relname = $1 and relkind in ('r','v','m','p')`, [relation]);
    if (!rel.length) throw new HttpError({ status: 404, code: 'PGRST205', message: `Could not find the table 'public.${relation}' in the schema cache`, hint: null, details: null });
    const select = query.get('select') ?? '*';
    const columns = select === '*' ? '*' : select.split(',').map((c) => {
      if (!IDENT.test(c.trim())) throw new HttpError({ status: 400, code: 'PGRST100', message: `"failed to parse select parameter (${select})"` });
      return `"${c.trim()}"`;
    }).join(', ');
    const where: string[] = [];
    const params: unknown[] = [];
    let order = '';
    let limit = '';
    for (const [k, v] of query) {
      if (k === 'select') continue;
      if (k === 'order') {
        const [col, dir] = v.split('.');
        if (!col || !IDENT.test(col) || (dir && !['asc', 'desc'].includes(dir))) throw new HttpError({ status: 400, code: 'PGRST100', message: `"failed to parse order (${v})"` });
        order = ` order by "${col}" ${dir ?? 'asc'}`;
      } else if (k === 'limit') {
        limit = ` limit ${Number.parseInt(v, 10)}`;
      } else {
        if (!IDENT.test(k) || !v.startsWith('eq.')) {
          throw new HttpError({ status: 400, code: 'PGRST100', message: `"failed to parse filter (${v})" (operator not supported by the test server)` });
        }
        params.push(v.slice(3));
        where.push(`"${k}"::text = $${params.length}`);
      }
    }
    const sql = `select coalesce(json_agg(x), '[]') as r from (select ${columns} from public."${relation}"${where.length ? ` where ${where.join(' and ')}` : ''}${order}${limit}) x`;
    const res = await inTransaction(role, claims, 'GET', path, (c) => c.query(sql, params));
    return res.rows[0]!.r;
  }

  function authenticate(req: IncomingMessage): { role: string; claims: Record<string, unknown> } {
    const auth = req.headers.authorization;
    if (!auth) return { role: anonRole, claims: {} };
    const m = /^Bearer (.+)$/i.exec(auth);
    if (!m) throw new HttpError({ status: 401, code: 'PGRST301', message: 'Invalid Authorization header' });
    const claims = verifyJwt(m[1]!, opts.jwtSecret);
    const role = typeof claims.role === 'string' ? claims.role : anonRole;
    return { role, claims };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/rest\/v1/, '');
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const profile = req.headers['content-profile'] ?? req.headers['accept-profile'];
    if (profile && profile !== 'public') {
      throw new HttpError({ status: 406, code: 'PGRST106', message: `Invalid schema: ${String(profile)}`, hint: 'Only the following schemas are exposed: public' });
    }
    const { role, claims } = authenticate(req);
    const rpcMatch = /^\/rpc\/([^/]+)$/.exec(path);
    if (rpcMatch && req.method === 'POST') {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        throw new HttpError({ status: 400, code: 'PGRST102', message: 'Empty or invalid json' });
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError({ status: 400, code: 'PGRST102', message: 'Expected a JSON object of named arguments (test server subset)' });
      }
      const name = decodeURIComponent(rpcMatch[1]!);
      if (!IDENT.test(name) || Object.keys(body).some((k) => !IDENT.test(k))) {
        throw new HttpError({ status: 404, code: 'PGRST202', message: `Could not find the function public.${name} in the schema cache` });
      }
      const out = await rpc(name, body as Record<string, unknown>, role, claims, path);
      if (out === undefined) {
        res.writeHead(204).end();
      } else {
        send(res, 200, out);
      }
      return;
    }
    const relMatch = /^\/([a-z_][a-z0-9_]*)$/.exec(path);
    if (relMatch && req.method === 'GET') {
      send(res, 200, await read(relMatch[1]!, url.searchParams, role, claims, path));
      return;
    }
    throw new HttpError({ status: 405, code: 'PGRST117', message: `Unsupported HTTP method or path for the test server: ${req.method} ${url.pathname}` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        const { status, ...body } = err.body;
        send(res, status, { code: body.code, details: body.details ?? null, hint: body.hint ?? null, message: body.message });
        return;
      }
      const e = err as { code?: string; message?: string; detail?: string; hint?: string };
      const code = e.code ?? 'XX000';
      let role = anonRole;
      try { role = authenticate(req).role; } catch { /* already reported */ }
      send(res, statusForSqlState(code, role), { code, details: e.detail ?? null, hint: e.hint ?? null, message: e.message ?? String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
