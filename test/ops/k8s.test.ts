import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { ROOT } from '../support/spawn-cli.js';
import { QUEUE_NAMES } from '../../src/queues/names.js';

const BASE = `${ROOT}deploy/k8s/base/`;
/** Each kind's model validates an object against the Kubernetes (or KEDA) OpenAPI schema. */
const MODELS: Record<string, new (o: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment as never,
  'batch/v1/Job': Job as never,
  'v1/Service': Service as never,
  'v1/ConfigMap': ConfigMap as never,
  'v1/Namespace': Namespace as never,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as never,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject as never,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication as never,
};

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };

function load(): Obj[] {
  const kustomization = parse(readFileSync(`${BASE}kustomization.yaml`, 'utf8')) as { resources: string[] };
  return kustomization.resources.flatMap((file) => parseAllDocuments(readFileSync(BASE + file, 'utf8')).map((d) => d.toJSON() as Obj).filter(Boolean));
}

describe('Kubernetes kit (deploy/k8s/base)', () => {
  const objects = load();
  const of = (kind: string) => objects.filter((o) => o.kind === kind);

  it('every resource the kustomization lists is valid against its schema', () => {
    expect(objects.length).toBeGreaterThan(8);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model, `${o.apiVersion} ${o.kind}`).toBeTruthy();
      expect(() => new Model!(o as never).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
    }
    // and the check can fail: a wrong field type is refused
    const broken = structuredClone(of('Deployment')[0]!);
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it('has an api Deployment, worker Deployments covering every queue, and a migrate Job', () => {
    const deployments = of('Deployment');
    expect(deployments.map((d) => d.metadata.name)).toContain('api');
    const queues = deployments.filter((d) => d.metadata.name.startsWith('worker-')).flatMap((d) => {
      const args: string[] = d.spec.template.spec.containers[0].args;
      return args[args.indexOf('--queues') + 1]!.split(',');
    });
    expect([...queues].sort()).toEqual([...QUEUE_NAMES].sort());
    const job = of('Job')[0]!;
    expect(job.spec.template.spec.containers[0].args).toEqual(['interview-flow', 'migrate']);
  });

  it('gives workers probes on their metrics port and a grace period longer than the drain', () => {
    const config = of('ConfigMap')[0]!.data!;
    const drainS = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
    for (const d of of('Deployment').filter((x) => x.metadata.name.startsWith('worker-'))) {
      const pod = d.spec.template.spec;
      expect(pod.terminationGracePeriodSeconds, d.metadata.name).toBeGreaterThan(drainS);
      const c = pod.containers[0];
      expect(c.ports.find((p: any) => p.name === 'metrics').containerPort).toBe(Number(config.METRICS_PORT));
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    }
  });

  it('scales every worker Deployment on its queues\' waiting lists (KEDA) and protects each with a PDB', () => {
    const workers = of('Deployment').filter((x) => x.metadata.name.startsWith('worker-'));
    const prefix = of('ConfigMap')[0]!.data!.QUEUE_PREFIX;
    for (const d of workers) {
      const so = of('ScaledObject').find((s) => s.spec.scaleTargetRef.name === d.metadata.name);
      expect(so, d.metadata.name).toBeTruthy();
      const args: string[] = d.spec.template.spec.containers[0].args;
      const queues = args[args.indexOf('--queues') + 1]!.split(',');
      expect(so!.spec.triggers.map((t: any) => t.metadata.listName).sort()).toEqual(queues.map((q) => `${prefix}:${q}:wait`).sort());
      const labels = d.spec.template.metadata.labels;
      const pdb = of('PodDisruptionBudget').find((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
      expect(pdb, d.metadata.name).toBeTruthy();
    }
  });
});
