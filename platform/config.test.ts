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

  it('reads encryption keys, picks the first as active, and refuses bad ones without echoing key material', () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const c = loadConfig({ ENCRYPTION_KEYS: `k1:${k1}, k2:${k2}` });
    expect(c.encryption.keys.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(c.encryption.activeKeyId).toBe('k1');
    expect(loadConfig({ ENCRYPTION_KEYS: `k1:${k1},k2:${k2}`, ENCRYPTION_ACTIVE_KEY: 'k2' }).encryption.activeKeyId).toBe('k2');
    expect(loadConfig({}).encryption).toEqual({ keys: [], activeKeyId: null, modelWeights: false });
    const short = Buffer.alloc(16, 3).toString('base64');
    try {
      loadConfig({
        ENCRYPTION_KEYS: `k1:${short},k1:${k1},k1:${k1}`,
        ENCRYPTION_ACTIVE_KEY: 'k9',
        ENCRYPT_MODEL_WEIGHTS: 'true',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).problems.join('\n');
      expect(text).toMatch(/entry 1 is not/);
      expect(text).toMatch(/k1 appears twice/);
      expect(text).not.toContain(short);
      expect(text).not.toContain(k1);
    }
    expect(() => loadConfig({ ENCRYPTION_KEYS: `k1:${k1}`, ENCRYPTION_ACTIVE_KEY: 'k9' })).toThrow(/ENCRYPTION_ACTIVE_KEY/);
    expect(() => loadConfig({ ENCRYPT_MODEL_WEIGHTS: 'true' })).toThrow(/ENCRYPT_MODEL_WEIGHTS: needs ENCRYPTION_KEYS/);
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
