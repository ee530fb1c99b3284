import v8 from 'node:v8';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * Server settings of the embedded database, sized for a laptop running one process: PGlite's
 * defaults come from a server build (shared_buffers 128 MB and more, all of it WASM memory
 * that stays resident). One connection and small interview-sized transactions need far less.
 * Measured (npm run bench, quick start): about 120 MB less resident memory than the defaults.
 */
export const EMBEDDED_SERVER_SETTINGS: Record<string, string> = {
  shared_buffers: '8MB',
  wal_buffers: '1MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
  work_mem: '2MB',
  // single-user mode: the lock and process tables need not be sized for 100 backends
  max_connections: '8',
};

export function embeddedPgliteOptions(): Pick<PGliteOptions, 'startParams'> {
  const settings = Object.entries(EMBEDDED_SERVER_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  return { startParams: [...PGlite.defaultStartParams, ...settings] };
}

/**
 * Compiles PGlite's WebAssembly (8.7 MB) with V8's baseline compiler only (Liftoff), no optimising
 * tier-up (TurboFan). Measured on the quick start (`process examples/`): peak RSS about 40 MB lower
 * (the optimised code and its compilation buffers), the same wall time, and opening the database
 * takes seconds less on a loaded machine; queries of interview-sized steps do not notice the
 * slower code. Only WebAssembly compiled after this call is affected; the process has no other.
 */
export function compileEmbeddedWasmForMemory(): void {
  v8.setFlagsFromString('--liftoff-only');
}
