import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { startPlatform, type RunningPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { createTestDatabase, RUNS_PGLITE } from '../support/database.js';
import { TEST_ADMIN_KEY } from '../support/graphql-client.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// CI installs Debian's chromium and sets REQUIRE_CHROMIUM=1, so there a missing browser fails.
if (!hasChromium && process.env.REQUIRE_CHROMIUM === '1') throw new Error(`REQUIRE_CHROMIUM=1 but ${CHROMIUM} is not installed`);

describe.runIf(hasChromium && RUNS_PGLITE)('the live training page in a real browser (headless Chromium)', () => {
  let database: DatabaseHandle;
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageUrl = () => platform.gatewayUrl.replace('/graphql', '/training');

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const config = loadConfig({
      ...EPHEMERAL_PORTS,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      DEMO_TRAJECTORIES: '300',
      TRAIN_ON_START: 'false',
      TRAINING_POLL_INTERVAL_MS: '500',
      LOG_LEVEL: 'silent',
    });
    platform = await startPlatform(config, pino({ level: 'silent' }), { database });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  it('is served by the gateway with a strict content security policy', async () => {
    const res = await page.goto(pageUrl());
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.title()).toContain('Reward model training');
  });

  it('says so when the key is wrong', async () => {
    await page.goto(pageUrl());
    await page.fill('#key', 'mi_000000000000_not-a-real-key-at-all-0000000000000000000');
    await page.click('#connect');
    await expect.poll(() => page.textContent('#message')).toMatch(/UNAUTHENTICATED/);
  });

  it('starts a run and draws its loss curves live over the subscription, then shows the version and its metrics', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pageUrl());
    await page.fill('#key', TEST_ADMIN_KEY);
    await page.click('#connect');
    await expect.poll(() => page.textContent('#message')).toMatch(/start one|Pick a run/);
    await page.fill('#epochs', '8');
    await page.click('#start');

    // The curve is drawn from the progress events as they arrive.
    // Polled from the test side: the page's CSP (rightly) refuses scripts evaluated from strings.
    const points = async () =>
      Number(
        (await page
          .locator('path.line.val')
          .getAttribute('data-points', { timeout: 1000 })
          .catch(() => null)) ?? 0,
      );
    await expect.poll(points, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.textContent('#status'), { timeout: 90_000 }).toBe('COMPLETED');
    expect(await page.textContent('#epoch')).toBe('8 / 8');
    expect(await page.getAttribute('path.line.val', 'data-points')).toBe('8');
    const path = (await page.getAttribute('path.line.train', 'd')) ?? '';
    expect(path.split(' ').map((p) => p[0])).toEqual(['M', 'L', 'L', 'L', 'L', 'L', 'L', 'L']);
    expect(await page.textContent('#version')).toMatch(/^v\d+/);
    expect(await page.isVisible('#metrics')).toBe(true);
    expect(await page.locator('#metrics-body tr').count()).toBe(6);
    expect(await page.locator('#log li').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/queued/),
        expect.stringMatching(/running/),
        expect.stringMatching(/completed/),
      ]),
    );
    expect(errors).toEqual([]);
  }, 150_000);
});
