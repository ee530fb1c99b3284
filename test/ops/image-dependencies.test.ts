import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../support/spawn-cli.js';

/**
 * The image keeps only `dependencies` (the Dockerfile runs `npm prune --omit=dev` after the
 * build, and .dockerignore leaves test/ and bench/ out), so every package the application
 * imports at run time must be a dependency, and the test tooling must not be one.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Package names a file loads at run time (type-only imports are erased by tsc). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue;
    const spec = m[3] ?? m[4] ?? m[5]!;
    if (spec.startsWith('.') || spec.startsWith('node:')) continue;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    if (!builtinModules.includes(name)) names.push(name);
  }
  return names;
}

describe('image dependencies', () => {
  it('every package src/ and bin/ load at run time is a dependency, not a devDependency', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'bin'))];
    const used = new Map<string, string>();
    for (const f of files) for (const name of runtimeImports(f)) used.set(name, f.slice(ROOT.length));
    // the check sees the imports it must (the OTLP exporter, BullMQ)
    expect(used.has('bullmq')).toBe(true);
    expect(used.has('@opentelemetry/exporter-trace-otlp-http')).toBe(true);
    const missing = [...used].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it('keeps the test tooling in devDependencies', () => {
    for (const name of ['vitest', 'tsx', 'fast-check', 's3rver', 'playwright-core', 'kubernetes-models', 'typescript']) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
  });
});
