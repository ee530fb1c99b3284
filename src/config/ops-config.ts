import { z } from 'zod';

/**
 * Operations settings (recovery, reconciler, logs, metrics), validated like the rest of the
 * config. Kept apart from src/config/index.ts so that file stays about the pipeline.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const int = (min = 0) => z.coerce.number().int().min(min);

export const OpsEnvSchema = z.object({
  /** How long a finished step keeps retrying its commit while the database is unreachable. */
  COMMIT_RETRY_MS: int(0).default(10 * 60_000),
  /** Longest wait between two tries of a step that could not reach the database. */
  STORE_RETRY_MAX_DELAY_MS: int(100).default(15_000),
  /** Run the reconciler in this process (workers and `api --with-workers`; one runs at a time). */
  RECONCILER: bool.default(true),
  /** How often the reconciler looks for runs with no work behind them. */
  RECONCILE_EVERY_MS: int(1000).default(30_000),
  /** A run younger than this is never rebuilt: its flow may still be on its way into Redis. */
  RECONCILE_GRACE_MS: int(0).default(30_000),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` (production), `pretty` (terminals), `auto`: pretty when stderr is a TTY. */
  LOG_FORMAT: z.enum(['json', 'pretty', 'auto']).default('auto'),
  /** Port of a worker's /metrics, /healthz, /readyz (0: any free port; unset: not served). */
  METRICS_PORT: int(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Trace exporters of `api` and `worker` (OpenTelemetry's variable): `otlp`, `console`, both
   * comma-separated, or `none`. Unset: `otlp` when an OTLP endpoint is set, else `none`.
   */
  OTEL_TRACES_EXPORTER: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['otlp', 'console', 'none'])).min(1)).optional(),
  /** Read by the OTLP exporter itself (with OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, ...): validated here. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SDK_DISABLED: bool.default(false),
});

export interface OpsConfig {
  commitRetryMs: number;
  storeRetryMaxDelayMs: number;
  reconciler: { enabled: boolean; everyMs: number; graceMs: number };
  log: { level: string; format: 'json' | 'pretty' | 'auto' };
  metrics: { port: number | undefined; host: string };
  /** Where `api` and `worker` send their spans (src/ops/trace-export.ts); empty: nowhere. */
  traces: { exporters: ('otlp' | 'console')[] };
}

function traceExporters(e: z.infer<typeof OpsEnvSchema>): ('otlp' | 'console')[] {
  if (e.OTEL_SDK_DISABLED) return [];
  const chosen = e.OTEL_TRACES_EXPORTER ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? ['otlp'] : ['none']);
  return [...new Set(chosen.filter((x) => x !== 'none'))] as ('otlp' | 'console')[];
}

export function opsConfig(e: z.infer<typeof OpsEnvSchema>): OpsConfig {
  return {
    commitRetryMs: e.COMMIT_RETRY_MS,
    storeRetryMaxDelayMs: e.STORE_RETRY_MAX_DELAY_MS,
    reconciler: { enabled: e.RECONCILER, everyMs: e.RECONCILE_EVERY_MS, graceMs: e.RECONCILE_GRACE_MS },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST },
    traces: { exporters: traceExporters(e) },
  };
}
