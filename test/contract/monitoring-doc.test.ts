import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fromRoot } from '../../platform/paths.js';
import { SUBGRAPH_NAMES } from '../../platform/subgraph-catalog.js';

describe('docs/monitoring.md and the Prometheus configuration', () => {
  it('name the same scrape targets: one per service, and node-exporter for the host', () => {
    const config = parse(readFileSync(fromRoot('monitoring', 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string }[];
    };
    const jobs = config.scrape_configs.map((c) => c.job_name).sort();
    expect(jobs).toEqual(['gateway', 'node', ...SUBGRAPH_NAMES].sort());
    const doc = readFileSync(fromRoot('docs', 'monitoring.md'), 'utf8');
    const line = /prometheus\/prometheus\.yml\s+scrapes ([a-z, ]+)/.exec(doc)?.[1] ?? '';
    expect(
      line
        .split(',')
        .map((s) => s.trim())
        .sort(),
    ).toEqual(jobs);
  });
});
