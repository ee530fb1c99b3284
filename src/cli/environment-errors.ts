/**
 * The database is missing, unreachable or not migrated: one line saying what to do, instead of
 * a driver's stack trace. Returns null for anything else.
 */
export function explainDatabaseError(err: unknown): string | null {
  const e = err as { code?: string; errors?: { code?: string }[]; message?: string };
  const code = e?.code ?? e?.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return `cannot reach Postgres (${code}): start it (bash scripts/ensure-services.sh) or fix DATABASE_URL; unset DATABASE_URL to use the embedded database`;
    case '3D000':
      return `the database in DATABASE_URL does not exist (${e.message}): create it, then run \`interview-flow migrate\``;
    case '28P01':
    case '28000':
      return `Postgres refused the credentials in DATABASE_URL (${e.message})`;
    case '42883': // undefined function
    case '42P01': // undefined table
      return `the database is not migrated (${e.message}): run \`interview-flow migrate\` with the same DATABASE_URL`;
    default:
      return null;
  }
}
