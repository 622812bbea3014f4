import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from './config.js';
import { fromRoot } from './paths.js';

describe('loadConfig', () => {
  it('has working defaults for the embedded stack', () => {
    const c = loadConfig({});
    expect(c.gateway.port).toBe(4000);
    expect(c.db.url).toBeUndefined();
    expect(c.db.dataDir).toBe('./.data');
    expect(c.demo.seed).toBe(true);
    expect(c.gateway.subgraphUrls).toEqual({
      trajectory: 'http://127.0.0.1:4001/graphql',
      reward: 'http://127.0.0.1:4002/graphql',
      metrics: 'http://127.0.0.1:4003/graphql',
      access: 'http://127.0.0.1:4004/graphql',
      model: 'http://127.0.0.1:4005/graphql',
    });
    expect(c.capture.requiredAgents).toEqual(['medical_terms', 'blooms_taxonomy', 'cognitive_load', 'visual_analysis']);
  });

  it('parses booleans and numbers from strings', () => {
    const c = loadConfig({ SEED_DEMO: 'false', PORT: '5000', QUALITY_FLAG_THRESHOLD: '0.4' });
    expect(c.demo.seed).toBe(false);
    expect(c.gateway.port).toBe(5000);
    expect(c.capture.qualityFlagThreshold).toBe(0.4);
  });

  it('collects every problem, not just the first', () => {
    try {
      loadConfig({ PORT: 'abc', SEED_DEMO: 'maybe', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(problems.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SEED_DEMO']);
    }
  });

  it('every setting is documented in the README configuration table', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const missing = CONFIG_KEYS.filter((k) => !readme.includes(`| \`${k}\``));
    expect(missing).toEqual([]);
  });
});
