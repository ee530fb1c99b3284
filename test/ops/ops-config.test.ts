import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

/** The Redis Cluster and trace-export settings: what each combination of variables means. */
describe('ops configuration: Redis Cluster and trace export', () => {
  it('connects to REDIS_URL unless REDIS_CLUSTER_NODES lists seed nodes', () => {
    expect(loadConfig({}).redis).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000, redis://:pw@10.0.0.2:7001' }).redis)
      .toEqual({ kind: 'cluster', nodes: ['redis://10.0.0.1:7000', 'redis://:pw@10.0.0.2:7001'] });
  });

  it('refuses a cluster with a queue prefix that has no hash tag, and bad node addresses', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000', QUEUE_PREFIX: 'iflow' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000', QUEUE_PREFIX: 'iflow' })).toThrow(/QUEUE_PREFIX must contain a \{hash tag\}/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toThrow(/REDIS_CLUSTER_NODES/);
    // without a cluster a plain prefix is fine
    expect(loadConfig({ QUEUE_PREFIX: 'iflow' }).queuePrefix).toBe('iflow');
  });

  it('gives each embedded database its own queue prefix unless QUEUE_PREFIX is set', () => {
    // two `process` runs with their own data directories on one Redis must not take each other's jobs
    const a = loadConfig({ DATA_DIR: '/tmp/iflow-a' }).queuePrefix;
    expect(a).toMatch(/^\{iflow-[0-9a-f]{12}\}$/);
    expect(loadConfig({ DATA_DIR: '/tmp/iflow-a' }).queuePrefix).toBe(a);
    expect(loadConfig({ DATA_DIR: '/tmp/iflow-b' }).queuePrefix).not.toBe(a);
    expect(loadConfig({ DATA_DIR: '/tmp/iflow-a', QUEUE_PREFIX: '{mine}' }).queuePrefix).toBe('{mine}');
    // a shared database: api and workers on several hosts must agree, so the fixed default
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).queuePrefix).toBe('{iflow}');
  });
  it('exports traces over OTLP when an endpoint is set, as OTEL_TRACES_EXPORTER says otherwise', () => {
    const exporters = (env: Record<string, string>) => loadConfig(env).ops.traces.exporters;
    expect(exporters({})).toEqual([]);
    expect(exporters({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual(['otlp']);
    expect(exporters({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toEqual(['otlp']);
    expect(exporters({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toEqual([]);
    expect(exporters({ OTEL_TRACES_EXPORTER: 'otlp,console' })).toEqual(['otlp', 'console']);
    expect(exporters({ OTEL_TRACES_EXPORTER: 'console', OTEL_SDK_DISABLED: 'true' })).toEqual([]);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
