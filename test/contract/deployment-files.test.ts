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

  it('compose runs every service from a compiled entrypoint whose source exists, wired to Postgres, Redis and each other', () => {
    type Service = {
      command?: string[];
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition: string }>;
    };
    const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, Service>;
    };
    const {
      postgres,
      redis,
      migrate,
      backup,
      trajectory,
      reward,
      metrics,
      access,
      model,
      gateway,
      prometheus,
      alertmanager,
      grafana,
    } = compose.services;
    expect([postgres, redis, backup, prometheus, alertmanager, grafana].every(Boolean)).toBe(true);
    // The image runs compiled JavaScript: dist/X.js is built from X.ts.
    const source = (entry: string | undefined) => entry?.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(migrate?.command).toEqual(['node', 'dist/scripts/migrate.js']);
    for (const service of [migrate, trajectory, reward, metrics, access, model, gateway]) {
      const entry = source(service?.command?.at(-1));
      expect(entry && existsSync(fromRoot(entry)), `${entry} exists`).toBe(true);
    }
    for (const service of [trajectory, reward, metrics, access, model]) {
      expect(service?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(service?.environment?.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(trajectory?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(reward?.environment?.DATABASE_URL).toBe(trajectory?.environment?.DATABASE_URL);
    expect(gateway?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(gateway?.environment?.TRAJECTORY_URL).toBe(`http://trajectory:${trajectory?.environment?.TRAJECTORY_PORT}/graphql`);
    expect(gateway?.environment?.REWARD_URL).toBe(`http://reward:${reward?.environment?.REWARD_PORT}/graphql`);
    expect(gateway?.environment?.METRICS_URL).toBe(`http://metrics:${metrics?.environment?.METRICS_PORT}/graphql`);
    expect(gateway?.environment?.ACCESS_URL).toBe(`http://access:${access?.environment?.ACCESS_PORT}/graphql`);
    expect(gateway?.environment?.MODEL_URL).toBe(`http://model:${model?.environment?.MODEL_PORT}/graphql`);
    expect(model?.environment?.DATABASE_URL).toBe(trajectory?.environment?.DATABASE_URL);
  });

  it('.env.example holds every variable compose requires, so cp .env.example .env is enough', () => {
    const compose = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
    const required = [...compose.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]);
    const example = readFileSync(fromRoot('.env.example'), 'utf8');
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(example).toMatch(new RegExp(`^${name}=.+$`, 'm'));
  });
});
