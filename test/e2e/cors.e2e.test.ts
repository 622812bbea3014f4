import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/chromium.js';
import { RUNS_PGLITE } from '../support/database.js';
import { TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/** A page server standing for a frontend app: any path answers an empty page. */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Outcome {
  status?: number;
  requestId?: string | null;
  retryAfter?: string | null;
  role?: string;
  error?: string;
}

/** What a page's script gets when it calls the gateway with fetch. */
const CALL = async ([url, key]: [string, string | null]): Promise<Outcome> => {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    const body = (await res.json()) as { data?: { me?: { role: string } } };
    return {
      status: res.status,
      requestId: res.headers.get('x-request-id'),
      retryAfter: res.headers.get('retry-after'),
      role: body.data?.me?.role,
    };
  } catch (err) {
    return { error: String(err) };
  }
};

describe.runIf(hasChromium && RUNS_PGLITE)('CORS: browser apps on other origins (headless Chromium)', () => {
  let allowed: Awaited<ReturnType<typeof pageServer>>;
  let other: Awaited<ReturnType<typeof pageServer>>;
  let t: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    allowed = await pageServer();
    other = await pageServer();
    t = await startTestPlatform({ CORS_ORIGINS: allowed.origin, RATE_LIMIT_ANONYMOUS: '3', SEED_DEMO: 'false' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    allowed?.server.close();
    other?.server.close();
  });

  it('a page on an allowed origin calls the gateway with its key and reads the answer and the request id', async () => {
    const page = await browser.newPage();
    await page.goto(allowed.origin);
    const outcome = await page.evaluate(CALL, [t.platform.gatewayUrl, TEST_ADMIN_KEY] as [string, string]);
    expect(outcome).toMatchObject({ status: 200, role: 'ADMIN' });
    expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });

  it('a page on another origin is refused: the browser never gets to send the request', async () => {
    const page = await browser.newPage();
    await page.goto(other.origin);
    const outcome = await page.evaluate(CALL, [t.platform.gatewayUrl, TEST_ADMIN_KEY] as [string, string]);
    expect(outcome.error).toMatch(/TypeError|Failed to fetch/);
    expect(outcome.status).toBeUndefined();
    await page.close();
  });

  it('a rate-limited browser app can read Retry-After', async () => {
    const page = await browser.newPage();
    await page.goto(allowed.origin);
    let limited: Outcome | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const outcome = await page.evaluate(CALL, [t.platform.gatewayUrl, null] as [string, null]);
      if (outcome.status === 429) limited = outcome;
    }
    expect(limited?.retryAfter).toMatch(/^\d+$/);
    await page.close();
  });

  it('preflights: answered and cacheable for the allowed origin, 403 with a stable code for others; servers without Origin are untouched', async () => {
    const preflight = (origin: string) =>
      fetch(t.platform.gatewayUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const ok = await preflight(allowed.origin);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed.origin);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = await preflight(other.origin);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'CORS_ORIGIN_NOT_ALLOWED',
    );
    const server = await fetch(t.platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    expect(server.status).toBe(200);
    expect(server.headers.get('access-control-allow-origin')).toBeNull();
  });
});
