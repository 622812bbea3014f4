import { existsSync, readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fromRoot } from '../../platform/paths.js';

// No Docker engine runs here, so the files are checked statically: lint the Dockerfile and
// make sure the compose file starts entrypoints that exist, with the settings they read.
describe('Dockerfile and docker-compose.yml', () => {
  it('the Dockerfile lints clean', () => {
    const problems = validate(readFileSync(fromRoot('Dockerfile'), 'utf8'));
    expect(problems.map((p) => p.message)).toEqual([]);
  });

  it('compose runs every service from an entrypoint that exists, wired to Postgres and to each other', () => {
    const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
    };
    const { postgres, trajectory, reward, metrics, access, model, gateway, prometheus, alertmanager, grafana } = compose.services;
    expect([postgres, prometheus, alertmanager, grafana].every(Boolean)).toBe(true);
    for (const service of [trajectory, reward, metrics, access, model, gateway]) {
      const entry = service?.command?.at(-1);
      expect(entry && existsSync(fromRoot(entry)), `${entry} exists`).toBe(true);
    }
    expect(trajectory?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(reward?.environment?.DATABASE_URL).toBe(trajectory?.environment?.DATABASE_URL);
    expect(gateway?.environment?.TRAJECTORY_URL).toBe(`http://trajectory:${trajectory?.environment?.TRAJECTORY_PORT}/graphql`);
    expect(gateway?.environment?.REWARD_URL).toBe(`http://reward:${reward?.environment?.REWARD_PORT}/graphql`);
    expect(gateway?.environment?.METRICS_URL).toBe(`http://metrics:${metrics?.environment?.METRICS_PORT}/graphql`);
    expect(gateway?.environment?.MODEL_URL).toBe(`http://model:${model?.environment?.MODEL_PORT}/graphql`);
    expect(model?.environment?.DATABASE_URL).toBe(trajectory?.environment?.DATABASE_URL);
  });
});
