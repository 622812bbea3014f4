import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import { ModelMetrics } from '../../subgraphs/model/model-metrics.js';
import { renderFeatureTable, SERVING_NOTES } from '../../subgraphs/model/registry/model-card.js';

const cells = (table: string) =>
  table
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()));

describe('docs/model.md', () => {
  it('documents the featurizer dimension by dimension, as FEATURE_LAYOUT defines it', () => {
    const doc = readFileSync(fromRoot('docs', 'model.md'), 'utf8');
    const table = /<!-- feature-layout:start -->([\s\S]*?)<!-- feature-layout:end -->/.exec(doc)?.[1] ?? '';
    expect(cells(table), 'stale: npm run docs:tables rewrites it').toEqual(cells(renderFeatureTable()));
  });
});

describe('the model card', () => {
  it('names only metrics the Model service exports and alerts the rules define', async () => {
    const metrics = new ServiceMetrics('model');
    new ModelMetrics(metrics, () => Promise.resolve());
    const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    const rules = readFileSync(fromRoot('monitoring', 'alerts', 'alert_rules.yml'), 'utf8');
    const alerts = new Set([...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]));
    const text = SERVING_NOTES.join('\n');
    const named = [...text.matchAll(/`(mi_\w+)`/g)].map((m) => m[1]!);
    const namedAlerts = [...text.matchAll(/`([A-Z]\w+)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(2);
    expect(namedAlerts.length).toBeGreaterThan(1);
    for (const name of named) expect(exported.has(name), name).toBe(true);
    for (const name of namedAlerts) expect(alerts.has(name), name).toBe(true);
  });
});
