import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleMeDocument } from '../../examples/generated/graphql.js';
import { fromRoot } from '../../platform/paths.js';
import { RUNS_PGLITE } from '../support/database.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const manifest = JSON.parse(readFileSync(fromRoot('examples', 'generated', 'persisted-documents.json'), 'utf8')) as Record<
  string,
  string
>;
const idOf = (operation: string) => {
  const entry = Object.entries(manifest).find(
    ([, text]) => text.startsWith(`query ${operation}(`) || text.startsWith(`query ${operation} `),
  );
  if (!entry) throw new Error(`${operation} is not in the manifest`);
  return entry[0];
};
const STATS = { since: '2020-01-01T00:00:00Z' };

/** Sends a body as a client would (post() takes a query; here the body is the point). */
async function send(url: string, body: Record<string, unknown>, key?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] },
  };
}

describe.runIf(RUNS_PGLITE)('trusted documents: operations by id from the codegen manifest', () => {
  let strict: TestPlatform;
  let viewerKey: string;

  beforeAll(async () => {
    strict = await startTestPlatform({
      SEED_DEMO: 'false',
      TRUSTED_DOCUMENTS: 'require',
      TRUSTED_DOCUMENTS_ADMINS_EXEMPT: 'true',
    });
    const created = await post<{ createApiKey: { secret: string } }>(
      strict.platform.gatewayUrl,
      'mutation { createApiKey(input: { name: "dashboard", role: VIEWER }) { secret } }',
    );
    viewerKey = created.body.data?.createApiKey.secret ?? '';
  }, 120_000);
  afterAll(async () => strict?.stop());

  it('the manifest holds every example operation, keyed by the SHA-256 of its text', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(13);
    expect(idOf('CaptureStatistics')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('require: a viewer runs a manifest operation by documentId (or Apollo’s persistedQuery hash), not by text', async () => {
    const byId = await send(strict.platform.gatewayUrl, { documentId: idOf('CaptureStatistics'), variables: STATS }, viewerKey);
    expect(byId.status).toBe(200);
    expect(byId.body.data?.captureStatistics).toBeDefined();
    const byHash = await send(
      strict.platform.gatewayUrl,
      {
        variables: STATS,
        extensions: { persistedQuery: { version: 1, sha256Hash: idOf('CaptureStatistics').slice('sha256:'.length) } },
      },
      viewerKey,
    );
    expect(byHash.status).toBe(200);
    const text = await send(
      strict.platform.gatewayUrl,
      { query: manifest[idOf('CaptureStatistics')], variables: STATS },
      viewerKey,
    );
    expect(text.status).toBe(403);
    expect(text.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    const unknown = await send(strict.platform.gatewayUrl, { documentId: `sha256:${'0'.repeat(64)}` }, viewerKey);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('require with admins exempt: an admin may still send text (operators debugging)', async () => {
    const res = await post<{ me: { role: string } }>(strict.platform.gatewayUrl, '{ me { role } }');
    expect(res.status).toBe(200);
    expect(res.body.data?.me.role).toBe('ADMIN');
  });

  it("the console's operations are in the manifest and run as the console sends them (id and text), under require and off", async () => {
    // The console sends the generated document's text with its id (web/console/api.ts): the id where ids run, the text where they do not.
    const consoleMe = { query: print(ConsoleMeDocument), documentId: idOf('ConsoleMe') };
    expect(manifest[consoleMe.documentId]).toMatch(/^query ConsoleMe \{ me \{/);
    expect(idOf('ConsoleRatingQueue')).toMatch(/^sha256:/);
    const strictly = await send(strict.platform.gatewayUrl, consoleMe, viewerKey);
    expect(strictly.body.data?.me).toMatchObject({ role: 'VIEWER' });
    const off = await startTestPlatform({ SEED_DEMO: 'false', TRUSTED_DOCUMENTS: 'off' });
    try {
      const loosely = await send(off.platform.gatewayUrl, consoleMe, TEST_ADMIN_KEY);
      expect(loosely.body.data?.me).toMatchObject({ role: 'ADMIN' });
    } finally {
      await off.stop();
    }
  });

  it('allow (the default): ids and text both run', async () => {
    const open = await startTestPlatform({ SEED_DEMO: 'false' });
    try {
      const byId = await send(
        open.platform.gatewayUrl,
        { documentId: idOf('CaptureStatistics'), variables: STATS },
        TEST_ADMIN_KEY,
      );
      expect(byId.status).toBe(200);
      expect(byId.body.data?.captureStatistics).toBeDefined();
      const byText = await send(open.platform.gatewayUrl, { query: '{ me { role } }' }, TEST_ADMIN_KEY);
      expect(byText.status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
