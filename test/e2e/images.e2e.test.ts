import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNS_PGLITE } from '../support/database.js';
import { stateWith } from '../support/fixtures.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/** The image route as a browser or app reaches it: through the gateway, with a key, as the role allows. */
describe.runIf(RUNS_PGLITE)('images through the gateway', () => {
  let t: TestPlatform;
  let origin = '';
  let viewerKey = '';
  let bytes: Buffer;
  let url = '';
  const get = (path: string, key: string | null, method = 'GET') =>
    fetch(new URL(path, origin), { method, headers: key ? { authorization: `Bearer ${key}` } : {} });

  beforeAll(async () => {
    t = await startTestPlatform({ SEED_DEMO: 'false' });
    origin = new URL(t.platform.gatewayUrl).origin;
    const created = await post<{ createApiKey: { secret: string } }>(
      t.platform.gatewayUrl,
      'mutation { createApiKey(input: { name: "a viewer", role: VIEWER }) { secret } }',
    );
    viewerKey = created.body.data!.createApiKey.secret;
    bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer();
    const state = stateWith((s) =>
      Object.assign(s.image, {
        sha256: createHash('sha256').update(bytes).digest('hex'),
        format: 'JPEG',
        width: 800,
        height: 600,
      }),
    );
    const res = await post<{ submitTrajectory: { trajectory: { image: { url: string } } } }>(
      t.platform.gatewayUrl,
      'mutation ($input: SubmitTrajectoryInput!) { submitTrajectory(input: $input) { trajectory { image { url } } } }',
      { input: { state: { ...state, image: { ...state.image, content: { base64: bytes.toString('base64') } } } } },
    );
    expect(res.body.errors).toBeUndefined();
    url = res.body.data!.submitTrajectory.trajectory.image.url;
  }, 120_000);
  afterAll(async () => t?.stop());

  it('a viewer gets the bytes, as a picture under a sandboxing policy', async () => {
    const res = await get(url, viewerKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('serves a thumbnail, and HEAD answers without a body', async () => {
    const res = await get(`${url}/thumbnail`, TEST_ADMIN_KEY);
    expect(res.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([320, 240]);
    const head = await get(url, viewerKey, 'HEAD');
    expect([head.status, Number(head.headers.get('content-length'))]).toEqual([200, bytes.byteLength]);
  });

  it('refuses without a key (401), for an unknown image (404), and to other methods (405), in the GraphQL error shape', async () => {
    const anonymous = await get(url, null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    const unknown = await get(`/images/${'0'.repeat(64)}`, viewerKey);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'NOT_FOUND',
    );
    expect((await get('/images/../../etc/passwd', viewerKey)).status).toBe(404);
    expect((await get(url, viewerKey, 'POST')).status).toBe(405);
  });
});
