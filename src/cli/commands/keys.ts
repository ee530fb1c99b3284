import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/index.js';
import { openStore } from '../../store/index.js';
import { generateApiKey } from '../../auth/api-key.js';
import { Scope, type ApiKeyRecord } from '../../domain/auth.js';
import { CliError } from '../cli-error.js';

const Uuid = z.uuid();

async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>['store']) => Promise<T>): Promise<T> {
  const opened = await openStore(loadConfig().database);
  try {
    return await fn(opened.store);
  } finally {
    await opened.store.close();
  }
}

function uuidOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!Uuid.safeParse(value).success) throw new CliError(`${name} must be a UUID, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

function line(k: ApiKeyRecord): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : k.lastUsedAt ? `last used ${k.lastUsedAt}` : 'never used';
  return `${k.id}  ${k.prefix}…  account ${k.accountId}  [${k.scopes.join(',')}]  ${k.name}  (${state})`;
}

/** `keys create|list|revoke`: API keys are shown once at creation and stored only as a hash. */
export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys (create, list, revoke)');

  keys.command('create')
    .description('create an API key; it is printed once and cannot be shown again')
    .requiredOption('--account <uuid>', 'the account the key acts for (the default account: DEFAULT_ACCOUNT_ID)')
    .option('--name <name>', 'a label for listings', 'api key')
    .option('--scopes <list>', 'comma-separated: interviews:write, read, admin, admin:write', 'interviews:write,read')
    .option('--json', 'print JSON')
    .action(async (opts: { account: string; name: string; scopes: string; json?: boolean }) => {
      const accountId = uuidOption('--account', opts.account)!;
      const scopes = opts.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      const parsed = z.array(Scope).min(1).safeParse(scopes);
      if (!parsed.success) throw new CliError(`--scopes: use interviews:write, read, admin, admin:write (got ${JSON.stringify(opts.scopes)})`);
      if (!opts.name.trim() || opts.name.length > 200) throw new CliError('--name must be 1 to 200 characters');
      const { key, hash, prefix } = generateApiKey();
      const record = await withStore((store) => store.createApiKey({ accountId, name: opts.name.trim(), prefix, hash, scopes: [...new Set(parsed.data)] }));
      if (opts.json) {
        console.log(JSON.stringify({ ...record, key }, null, 2));
      } else {
        console.log(line(record));
        console.log(`\n${key}\n\nStore this key now: only its hash is kept, it cannot be shown again.`);
      }
    });

  keys.command('list')
    .description('list API keys (never the keys themselves)')
    .option('--account <uuid>', 'only this account\'s keys')
    .option('--json', 'print JSON')
    .action(async (opts: { account?: string; json?: boolean }) => {
      const accountId = uuidOption('--account', opts.account);
      const list = await withStore((store) => store.listApiKeys(accountId));
      if (opts.json) console.log(JSON.stringify(list, null, 2));
      else console.log(list.length ? list.map(line).join('\n') : 'no API keys');
    });

  keys.command('revoke <id>')
    .description('revoke an API key at once (running API processes refuse it from the next request)')
    .action(async (id: string) => {
      const keyId = uuidOption('key id', id)!;
      const record = await withStore((store) => store.revokeApiKey(keyId));
      console.log(line(record));
    });
}
