import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AnalysisTemplate, Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fromRoot } from '../../platform/paths.js';

/** Each kind the manifests use, validated against its OpenAPI schema by kubernetes-models. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  AnalysisTemplate,
  ConfigMap,
  CronJob,
  DaemonSet,
  Deployment,
  HorizontalPodAutoscaler,
  Ingress,
  Job,
  Namespace,
  NetworkPolicy,
  PersistentVolumeClaim,
  PodDisruptionBudget,
  Rollout,
  ScaledObject,
  Service,
  TriggerAuthentication,
};

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

let kubectl = true;
try {
  execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
} catch {
  kubectl = false;
}
if (!kubectl && process.env.REQUIRE_KUBECTL === '1') throw new Error('REQUIRE_KUBECTL=1 but kubectl is not installed');

/**
 * `kubectl kustomize` of an overlay: what a deploy applies, rendered offline with kustomize's
 * defaults (every file inside the kustomization's tree), as `kubectl apply -k`, Argo CD and Flux build.
 */
function render(overlay: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', fromRoot('deploy', 'overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
}

type Container = {
  resources: { limits: { cpu: string; memory: string } };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  image: string;
};
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: { containers: Container[] } } }).template.spec;

describe.runIf(kubectl)('Kubernetes manifests (deploy/), rendered with kubectl kustomize', () => {
  const overlays = { staging: render('staging'), production: render('production') };

  it.each(Object.keys(overlays))('%s: every object is valid against the Kubernetes, Argo Rollouts and KEDA schemas', (name) => {
    const objects = overlays[name as keyof typeof overlays];
    for (const object of objects) {
      const Model = MODELS[object.kind];
      expect(Model, `a schema for ${object.kind}`).toBeDefined();
      expect(() => new Model!(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
    }
  });

  it('a validation here can fail: a Deployment without a selector is refused', () => {
    const deployment = overlays.production.find((o) => o.kind === 'Deployment');
    const broken = { ...deployment, spec: { ...deployment?.spec, selector: undefined, replicas: 'two' } };
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it('sizes: staging 1 CPU / 1 GiB, production 2 CPU / 2 GiB per service, production autoscales 1–10', () => {
    const workloads = (objects: K8sObject[]) =>
      objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'Rollout') && o.metadata.name !== 'training-worker');
    for (const o of workloads(overlays.staging))
      expect(podSpec(o).containers[0]?.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    for (const o of workloads(overlays.production))
      expect(podSpec(o).containers[0]?.resources.limits).toEqual({ cpu: '2', memory: '2Gi' });
    const hpas = overlays.production.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.metadata.name).sort()).toEqual(['access', 'gateway', 'metrics', 'model', 'reward', 'trajectory']);
    for (const h of hpas) expect(h.spec).toMatchObject({ minReplicas: 1, maxReplicas: 10 });
    expect(overlays.staging.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('every service has probes, limits and a disruption budget; secrets are referenced, never committed', () => {
    for (const objects of Object.values(overlays)) {
      const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
      for (const w of workloads) {
        const c = podSpec(w).containers[0];
        expect(c?.readinessProbe, `${w.metadata.name} readiness`).toBeDefined();
        expect(c?.livenessProbe, `${w.metadata.name} liveness`).toBeDefined();
      }
      const budgets = new Set(objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name));
      for (const n of ['gateway', 'trajectory', 'reward', 'metrics', 'access', 'model']) expect(budgets.has(n), n).toBe(true);
      expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
      expect(JSON.stringify(objects)).toContain('"secretRef":{"name":"medillustrator-secrets"}');
    }
  });

  it('only the gateway (and Prometheus) reach the subgraphs', () => {
    const policy = overlays.production.find((o) => o.metadata.name === 'subgraphs-from-gateway-only');
    expect(policy?.spec).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'subgraph' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }] }, expect.anything()],
    });
    const subgraphs = overlays.production.filter(
      (o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'subgraph',
    );
    expect(subgraphs.map((d) => d.metadata.name).sort()).toEqual(['access', 'metrics', 'model', 'reward', 'trajectory']);
  });

  it('the gateway is a canary 10 % → 50 % → 100 % whose analysis reads recording rules that exist', () => {
    const rollout = overlays.production.find((o) => o.kind === 'Rollout');
    const steps = (rollout?.spec as { strategy: { canary: { steps: { setWeight?: number }[] } } }).strategy.canary.steps;
    expect(steps.flatMap((s) => (s.setWeight === undefined ? [] : [s.setWeight]))).toEqual([10, 50, 100]);
    const template = overlays.production.find((o) => o.kind === 'AnalysisTemplate');
    const queries = (template?.spec as { metrics: { provider: { prometheus: { query: string } } }[] }).metrics.map(
      (m) => m.provider.prometheus.query,
    );
    const rules = readFileSync(fromRoot('monitoring', 'alerts', 'alert_rules.yml'), 'utf8');
    for (const q of queries) {
      const recorded = /slo:[a-z_:0-9]+/.exec(q)?.[0];
      expect(recorded && rules.includes(`record: ${recorded}`), `${q} uses a recording rule`).toBe(true);
    }
  });

  it('node-exporter runs on every node and is scraped like the services', () => {
    for (const objects of Object.values(overlays)) {
      const ds = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'node-exporter');
      expect(ds?.spec).toMatchObject({
        template: { metadata: { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' } } },
      });
    }
  });

  it('migrations run as a Job, training scales on the queue, backups run daily', () => {
    const job = overlays.production.find((o) => o.kind === 'Job' && o.metadata.name === 'migrate');
    expect(JSON.stringify(job)).toContain('dist/scripts/migrate.js');
    const scaled = overlays.production.find((o) => o.kind === 'ScaledObject');
    expect(JSON.stringify(scaled)).toContain("name = 'reward-model-training'");
    const backup = overlays.production.find((o) => o.kind === 'CronJob');
    expect(backup?.spec).toMatchObject({ schedule: '30 2 * * *' });
    const scripts = overlays.production.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'backup-scripts');
    expect(scripts?.data?.['backup.sh']).toBe(readFileSync(fromRoot('deploy', 'base', 'backup', 'backup.sh'), 'utf8'));
  });
});
