import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';

/**
 * Docker cannot run here, so this checks docker-compose.yml and the Dockerfile statically: the
 * file parses, every `interview-flow <command>` it runs exists in the CLI, and the services have
 * the properties the design relies on.
 */

/** The CLI's commands (src/cli/main.ts registers exactly these). */
const CLI_COMMANDS = ['migrate', 'api', 'worker', 'process', 'status', 'resume'];

const root = new URL('../', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, root), 'utf8');

interface Service {
  image?: string; build?: unknown; command?: string[] | string; entrypoint?: string[] | string;
  environment?: Record<string, string>; ports?: string[]; container_name?: string; restart?: string;
  depends_on?: Record<string, { condition: string }> | string[]; deploy?: unknown;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; configs?: Record<string, { content?: string }> };
const services = compose.services;
const dockerfile = read('Dockerfile');

const argv = (v: string[] | string | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : v.split(/\s+/));

/** Every `interview-flow <cmd>` invocation in a command line (argv array or shell string). */
function cliInvocations(words: string[]): string[] {
  const out: string[] = [];
  words.forEach((w, i) => {
    if (/(^|\/)interview-flow(\.js)?$/.test(w)) out.push(words[i + 1] ?? '');
  });
  return out;
}

describe('docker-compose.yml', () => {
  it('runs only commands that exist in the CLI', () => {
    const used: string[] = [];
    for (const [name, svc] of Object.entries(services)) {
      const words = [...argv(svc.entrypoint), ...argv(svc.command)];
      for (const cmd of cliInvocations(words)) {
        expect(CLI_COMMANDS, `${name} runs "interview-flow ${cmd}"`).toContain(cmd);
        used.push(cmd);
      }
    }
    const cmdLine = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile);
    expect(cmdLine, 'Dockerfile CMD').not.toBeNull();
    for (const cmd of cliInvocations(JSON.parse(cmdLine![1]!) as string[])) {
      expect(CLI_COMMANDS).toContain(cmd);
      used.push(cmd);
    }
    expect(new Set(used)).toEqual(new Set(['migrate', 'api', 'worker']));
    // and the CLI really has them (one file per command)
    for (const cmd of CLI_COMMANDS) expect(existsSync(new URL(`src/cli/commands/${cmd}.ts`, root)), cmd).toBe(true);
  });

  it('has the services the stack needs', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'gateway', 'migrate', 'postgres', 'postgrest', 'redis', 'worker']);
    for (const s of ['migrate', 'api', 'worker']) expect(services[s]!.build, s).toBeDefined();
  });

  it('runs Redis with AOF and noeviction', () => {
    const cmd = argv(services.redis!.command).join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
  });

  it('migrates once before the api, workers and PostgREST start', () => {
    expect(services.migrate!.restart).toBe('no');
    for (const s of ['api', 'worker', 'postgrest']) {
      expect((services[s]!.depends_on as Record<string, { condition: string }>).migrate, s)
        .toEqual({ condition: 'service_completed_successfully' });
    }
    for (const s of ['migrate', 'api', 'worker']) {
      expect(services[s]!.environment!.DATABASE_URL, s).toMatch(/@postgres:5432\//);
      expect(services[s]!.environment!.REDIS_URL, s).toBe('redis://redis:6379');
    }
    expect(services.api!.environment!.HOST).toBe('0.0.0.0');
  });

  it('publishes the API and the gateway on the host\'s loopback unless told otherwise', () => {
    expect(services.api!.ports).toEqual(['${API_BIND:-127.0.0.1}:${API_PORT:-3000}:3000']);
    expect(services.gateway!.ports).toEqual(['${GATEWAY_BIND:-127.0.0.1}:${GATEWAY_PORT:-8000}:8000']);
  });

  it('lets the worker scale (no fixed name, no host port)', () => {
    expect(services.worker!.container_name).toBeUndefined();
    expect(services.worker!.ports).toBeUndefined();
  });

  it('runs the official PostgREST image against the postgres service, behind /rest/v1', () => {
    const pgrst = services.postgrest!;
    expect(pgrst.image).toMatch(/^postgrest\/postgrest:v\d+/);
    expect(pgrst.environment!.PGRST_DB_URI).toMatch(/^postgres:\/\/authenticator:.*@postgres:5432\//);
    expect(pgrst.environment!.PGRST_DB_ANON_ROLE).toBe('anon');
    expect(pgrst.environment!.PGRST_JWT_SECRET).toBeTruthy();
    expect(compose.configs!['gateway-caddyfile']!.content).toMatch(/handle_path \/rest\/v1\/\*[\s\S]*reverse_proxy postgrest:3000/);
    const roles = compose.configs!['postgrest-roles']!.content!;
    for (const r of ['anon', 'authenticated', 'service_role']) expect(roles).toContain(`create role ${r} `);
    expect(roles).toMatch(/grant anon, authenticated, service_role to authenticator/);
  });

  it('ships development keys signed with the default JWT secret', () => {
    const secret = /PGRST_JWT_SECRET: \$\{JWT_SECRET:-([^}]+)\}/.exec(read('docker-compose.yml'))![1]!;
    const keys = (parse(read('docker-compose.yml')) as { 'x-dev-keys': Record<string, string> })['x-dev-keys'];
    for (const [role, jwt] of Object.entries(keys)) {
      const [h, b, s] = jwt.split('.') as [string, string, string];
      expect(createHmac('sha256', secret).update(`${h}.${b}`).digest('base64url'), role).toBe(s);
      expect(JSON.parse(Buffer.from(b, 'base64url').toString()).role).toBe(role);
    }
  });
});

describe('Dockerfile', () => {
  // instructions only (comments are not instructions), continuation lines joined by the parser
  const instructions = DockerfileParser.parse(dockerfile).getInstructions()
    .map((i) => ({ keyword: i.getKeyword(), args: (i.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ') }));
  const indexOf = (keyword: string, args: RegExp) => instructions.findIndex((i) => i.keyword === keyword && args.test(i.args));

  it('builds on node:22-slim with the Debian package list, installs from the lock, then builds', () => {
    expect(instructions[0]).toEqual({ keyword: 'FROM', args: 'node:22-slim' });
    // the apt list it installs is the project's Debian package list, which has ffmpeg
    const copyList = indexOf('COPY', /^scripts\/debian-packages\.txt\s/);
    const apt = indexOf('RUN', /apt-get install/);
    expect(copyList).toBeGreaterThan(0);
    expect(apt).toBeGreaterThan(copyList);
    expect(instructions[apt]!.args).toContain('debian-packages.txt');
    expect(read('scripts/debian-packages.txt').split('\n').map((l) => l.trim())).toContain('ffmpeg');
    // dependencies from package.json + package-lock.json before the sources (cached layer)
    const copyManifests = indexOf('COPY', /^package\.json package-lock\.json \.\/$/);
    const install = indexOf('RUN', /\bnpm (ci|install)\b/);
    const copySources = indexOf('COPY', /^\. \.$/);
    const build = indexOf('RUN', /\bnpm run build\b/);
    expect(copyManifests).toBeGreaterThan(apt);
    expect(install).toBeGreaterThan(copyManifests);
    expect(copySources).toBeGreaterThan(install);
    expect(build).toBeGreaterThan(copySources);
    expect(instructions[build]!.args).toMatch(/\/usr\/local\/bin\/interview-flow/);
    // test-only packages (vitest, tsx, fast-check, ...) leave the image after the build
    expect(instructions[build]!.args).toMatch(/npm prune --omit=dev/);
  });

  it('keeps the migrations in the image (the migrate job reads supabase/migrations)', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter(Boolean);
    expect(ignored).not.toContain('supabase');
    expect(ignored).toContain('node_modules');
  });
});
