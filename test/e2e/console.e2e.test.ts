import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { hasChromium, launchChromium } from '../support/chromium.js';
import { RUNS_PGLITE } from '../support/database.js';
import { post, TEST_ADMIN_KEY } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/** UPDATE_SCREENSHOTS=1 writes the pages' pictures into docs/images (the README shows them). */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? fromRoot('docs', 'images') : null;

describe.runIf(hasChromium && RUNS_PGLITE)('the web console and GraphiQL in a real browser (headless Chromium, offline)', () => {
  let t: TestPlatform;
  let browser: Browser;
  let origin: string;
  let graphql: string;
  const leftTheMachine: string[] = [];
  const pageErrors: string[] = [];
  const keys: Record<'annotator' | 'viewer', { secret: string; name: string }> = {
    annotator: { secret: '', name: 'dr-okafor-console' },
    viewer: { secret: '', name: 'viewer-console' },
  };

  /** A browser context that lets nothing through but the gateway's own origin. */
  async function offlineContext(viewport = { width: 1280, height: 860 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      leftTheMachine.push(url);
      return route.abort();
    });
    context.on('page', (page) => watch(page));
    return context;
  }
  function watch(page: Page) {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('websocket', (ws) => {
      if (!ws.url().startsWith(origin.replace(/^http/, 'ws'))) leftTheMachine.push(ws.url());
    });
  }
  async function signIn(page: Page, secret: string, hash = '') {
    await page.goto(`${origin}/${hash}`);
    await page.fill('#credential', secret);
    await page.press('#credential', 'Enter');
    await page.waitForSelector('#who');
  }
  /** Runs the open GraphiQL tab until its result matches (a click before the editor is ready is lost). */
  async function runUntil(page: Page, expected: RegExp) {
    const result = () => page.locator('.result-window').innerText();
    await expect
      .poll(
        async () => {
          if (!expected.test(await result())) await page.click('.graphiql-execute-button');
          return result();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toMatch(expected);
  }
  const shoot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    t = await startTestPlatform({ DEMO_TRAJECTORIES: '300', TRAINING_POLL_INTERVAL_MS: '500', DEMO_IMAGES: 'true' });
    graphql = t.platform.gatewayUrl;
    origin = new URL(graphql).origin;
    for (const [role, key] of Object.entries(keys)) {
      const res = await post<{ createApiKey: { secret: string } }>(
        graphql,
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { name: key.name, role: role.toUpperCase() } },
      );
      key.secret = res.body.data!.createApiKey.secret;
    }
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('serves the console at / with a strict content security policy; a wrong key is told so', async () => {
    const page = await (await offlineContext()).newPage();
    const res = await page.goto(`${origin}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
    expect(await page.title()).toBe('MedIllustrator-AI console');
    await page.fill('#credential', 'mi_000000000000_not-a-real-key-at-all-0000000000000000000');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#sign-in-message')).toMatch(/UNAUTHENTICATED/);
    await shoot(page, 'console-sign-in');
    // The old address of the training page leads to the console's Training tab.
    await page.goto(`${origin}/training`);
    await page.waitForURL(`${origin}/#/training`);
  });

  it('starts a run from the Training tab and draws its loss curves live over graphql-ws, then shows the version', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, TEST_ADMIN_KEY, '#/training');
    await page.fill('#epochs', '8');
    await page.check('#promote-after');
    await page.click('#start');
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
    await expect.poll(() => page.textContent('#version')).toMatch(/^v1 \(production\)/);
    expect(await page.locator('#metrics-body tr').count()).toBe(6);
    expect(await page.locator('#log li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/running/), expect.stringMatching(/completed/)]),
    );
    await shoot(page, 'console-training');
  }, 150_000);

  it('Overview shows the figures, the trend chart with its forecast, and the daily report', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, TEST_ADMIN_KEY, '#/overview');
    await page.waitForSelector('#overview-figures');
    expect(await page.locator('#overview-figures dd').first().textContent()).toBe('300');
    await expect.poll(() => page.locator('path.line.observed').getAttribute('data-points')).not.toBe('0');
    expect(Number(await page.locator('path.line.forecast').getAttribute('data-points'))).toBe(6);
    expect(await page.locator('path.band').count()).toBe(1);
    expect(await page.textContent('#latest-report')).toMatch(/Latest daily report/);
    expect(await page.locator('#latest-report .markdown').count()).toBe(1);
    // The report's highlights once, not twice.
    expect((await page.textContent('#latest-report'))!.match(/Capture rate \d/g)).toHaveLength(1);
    // Axes a reader can use: dates and whole hours below, round numbers up the side, the last
    // label inside the chart.
    const xLabels = await page.locator('.chart text.x-tick').allTextContents();
    expect(xLabels.length).toBeGreaterThanOrEqual(3);
    for (const label of xLabels) expect(label).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{2}:00$/);
    const yLabels = (await page.locator('.chart text.y-tick').allTextContents()).map(Number);
    const steps = new Set(yLabels.slice(1).map((v, i) => Math.round((v - yLabels[i]!) * 1000) / 1000));
    expect(steps.size).toBe(1);
    expect([1, 2, 5].some((m) => [0.01, 0.1, 1, 10, 100].some((p) => Math.abs([...steps][0]! - m * p) < 1e-9))).toBe(true);
    const lastEnd = await page
      .locator('.chart text.x-tick')
      .last()
      .evaluate((t: { getBBox(): { x: number; width: number } }) => t.getBBox().x + t.getBBox().width);
    expect(lastEnd).toBeLessThanOrEqual(800);
    // The demo's week has a daily rhythm and a weekend, and nothing in it is unusual.
    expect(await page.locator('.chart circle.anomaly').count()).toBe(0);
    expect(await page.textContent('#latest-report')).not.toMatch(/Unusually (high|low) volume/);
    const favicon = await page.request.get(`${origin}/favicon.svg`);
    expect([favicon.status(), favicon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
    expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/favicon.svg');
    await shoot(page, 'console-overview');
  });

  it('Trajectories filters and pages; a detail shows the reward breakdown with reasons, the prediction and ratings', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, TEST_ADMIN_KEY, '#/trajectories');
    await page.waitForSelector('#trajectories tbody tr');
    expect(await page.locator('#trajectories tbody tr').count()).toBe(20);
    expect(await page.textContent('#trajectories caption')).toMatch(/^300 trajectories; page 1/);
    await page.click('text=Next');
    await expect.poll(() => page.textContent('#trajectories caption')).toMatch(/page 2/);
    await page.selectOption('select[name=audience]', 'RESIDENT');
    await page.click('button:has-text("Filter")');
    await expect.poll(() => page.textContent('#trajectories caption')).toMatch(/page 1$/);
    // The rows of the page before stay on screen until the filtered page arrives.
    await expect
      .poll(async () => new Set(await page.locator('#trajectories tbody tr td:nth-child(4)').allTextContents()))
      .toEqual(new Set(['resident']));
    // Modality's choices come from the data, with counts; choosing one narrows the list to it.
    const histology = await page.locator('select[name=modality] option[value=HISTOLOGY]').textContent();
    expect(histology).toMatch(/^histology \(\d+\)$/);
    await page.selectOption('select[name=modality]', 'HISTOLOGY');
    await page.click('button:has-text("Filter")');
    await expect
      .poll(async () => new Set(await page.locator('#trajectories tbody tr td:nth-child(3)').allTextContents()))
      .toEqual(new Set(['histology']));
    await page.locator('#trajectories tbody tr a').first().click();
    await page.waitForSelector('#reward-breakdown tbody tr');
    expect(await page.locator('#reward-breakdown tbody tr').count()).toBe(4);
    expect(await page.locator('#reward-breakdown tbody li').count()).toBeGreaterThan(4);
    expect(await page.textContent('#predicted')).toMatch(/^0\.\d{3}$/);
    // The model's explanation beside the rubric's reasons.
    expect(await page.locator('#explanation tbody tr').count()).toBeGreaterThan(3);
    // The image itself, fetched with the credential and shown from a blob: URL; a click zooms to its pixels.
    const image = page.locator('.illustration img');
    await expect
      .poll(() => image.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    const declared = (await page.textContent('.illustration figcaption'))!.match(/(\d+)×(\d+)/)!;
    await image.click();
    expect(await image.getAttribute('width')).toBe(declared[1]);
    await page.click('.illustration .zoom button:has-text("Fit")');
    expect(await image.getAttribute('width')).toBeNull();
    await shoot(page, 'console-trajectory');
  });

  it('an educator rates three trajectories from the queue with the keyboard; the API shows them with the rater; undo withdraws', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, keys.annotator.secret, '#/rate');
    const current = () => page.locator('article.candidate').getAttribute('data-trajectory-id');
    const imagesAsked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/images/')) imagesAsked.push(new URL(r.url()).pathname);
    });
    const imageShown = () =>
      page
        .locator('article.candidate .illustration img')
        .evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth);
    await page.waitForSelector('article.candidate');
    await expect.poll(imageShown).toBeGreaterThan(0);
    await shoot(page, 'console-rating-queue');
    const rated: { id: string; digit: number }[] = [];
    let askedAtEnter = 0;
    for (const digit of [7, 2, 9, 4]) {
      const id = (await current())!;
      expect(rated.map((r) => r.id)).not.toContain(id);
      // Each item's image was asked for before the educator got there: the queue preloads the next.
      const { url } = (
        await post<{ trajectory: { image: { url: string } } }>(
          graphql,
          `query ($id: ID!) { trajectory(id: $id) { image { url } } }`,
          {
            id,
          },
        )
      ).body.data!.trajectory.image;
      expect(imagesAsked).toContain(url);
      if (rated.length > 0) expect(imagesAsked.indexOf(url)).toBeLessThan(askedAtEnter);
      await expect.poll(imageShown).toBeGreaterThan(0);
      await page.keyboard.press(String(digit));
      expect(await page.getAttribute(`.digit:nth-child(${digit + 1})`, 'aria-checked')).toBe('true');
      askedAtEnter = imagesAsked.length;
      await page.keyboard.press('Enter');
      await expect.poll(current).not.toBe(id);
      rated.push({ id, digit });
    }
    expect(await page.textContent('#progress')).toMatch(/^4 rated this session · 4 rated by you in all/);
    // Undo: the fourth rating is withdrawn.
    await page.keyboard.press('u');
    await expect.poll(() => page.textContent('#rate-message')).toMatch(/^Withdrew the rating of/);
    await expect.poll(() => page.textContent('#progress')).toMatch(/^3 rated this session · 3 rated by you in all/);
    // Keeping to one modality: the queue and its counts are of it.
    await page.selectOption('#focus', 'HISTOLOGY');
    await expect.poll(() => page.textContent('#progress')).toMatch(/ of \d+ histology not rated by anyone$/);
    await expect.poll(() => page.textContent('#candidate-title')).toMatch(/ · histology for /);
    await page.selectOption('#focus', '');

    const feedbackOf = async (id: string) =>
      (
        await post<{ trajectory: { feedback: { rater: string; score: number }[] } }>(
          graphql,
          `query ($id: ID!) { trajectory(id: $id) { feedback { rater score } } }`,
          { id },
        )
      ).body.data!.trajectory.feedback;
    for (const { id, digit } of rated.slice(0, 3)) {
      expect(await feedbackOf(id)).toEqual([{ rater: keys.annotator.name, score: expect.closeTo(digit / 9, 12) }]);
    }
    expect(await feedbackOf(rated[3]!.id)).toEqual([]);
  });

  it('Models shows versions, calibration, per-audience metrics and aliases; promotion shows the gate verdict', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, TEST_ADMIN_KEY, '#/models');
    await page.waitForSelector('#versions tbody tr');
    // How each version came about (the test's first run was started by hand).
    expect(await page.locator('#versions tbody tr').last().locator('td').nth(2).textContent()).toBe('manual');
    expect(await page.locator('#agreement tbody tr').count()).toBe(7);
    // Model and rubric are compared on the same rated test trajectories; the targets' sources are named.
    const counts = await page.locator('#agreement tbody tr:has-text("trajectories") td').allTextContents();
    expect(Number(counts[1])).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[2]);
    expect(Number(counts[0])).toBeGreaterThan(Number(counts[1]));
    expect(await page.textContent('#target-sources')).toMatch(/^\d+ from educators, \d+ fall back to the rubric$/);
    expect(await page.locator('.calibration circle.bin').count()).toBeGreaterThan(2);
    expect(await page.locator('#per-audience tbody tr').count()).toBe(5);
    await page.click('text=Model card');
    expect(await page.textContent('#version-detail .markdown')).toMatch(/Intended use/i);
    await page.click('#stage');
    await expect.poll(() => page.textContent('#verdict')).toMatch(/staging now points at v1|PROMOTION_REJECTED/);
    await shoot(page, 'console-models');
  });

  it('Tuning: an ML engineer starts a search and watches its trials end, the best marked; cancel stops one', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, TEST_ADMIN_KEY, '#/tuning');
    await page.waitForSelector('#search-rates');
    expect(await page.textContent('#searches')).toMatch(/no searches yet/);
    // A grid over the limit, or with a bad value, is stopped before it is sent.
    await page.fill('#search-batches', '16, 32, 64');
    expect(await page.textContent('#search-count')).toBe('18 trials: at most 12');
    expect(await page.isDisabled('#start-search')).toBe(true);
    await page.fill('#search-rates', '0.001, x');
    expect(await page.textContent('#search-count')).toBe('learning rates: “x” is not a positive number');
    await page.fill('#search-rates', '0.001, 0.003');
    await page.fill('#search-batches', '32');
    await page.fill('#search-hidden', '32-16, 16');
    await page.fill('#search-epochs', '4');
    expect(await page.textContent('#search-count')).toBe('4 trials');
    await page.click('#start-search');
    await expect.poll(() => page.textContent('#search-message')).toMatch(/queued 4 trials/);
    await expect.poll(() => page.locator('#trials tbody tr').count()).toBe(4);
    await expect
      .poll(() => page.textContent('#search-summary'), { timeout: 120_000 })
      .toMatch(/^completed: 4 of 4 trials completed/);
    // The row marked best has the lowest validation loss of the four, and so has its bar.
    const best = page.locator('#trials tbody tr.best');
    expect(await best.count()).toBe(1);
    const losses = (await page.locator('#trials tbody tr td:nth-child(7)').allTextContents()).map(Number);
    expect(Number(await best.locator('td:nth-child(7)').textContent())).toBe(Math.min(...losses));
    expect(await page.locator('#trial-chart rect.bar').count()).toBe(4);
    expect(await page.locator('#trial-chart .best text').last().textContent()).toMatch(/\(best\)$/);
    expect(await page.textContent('#searches')).toMatch(/completed · 4 trials/);
    await shoot(page, 'console-search');

    // A long search, cancelled from the page: the trials not yet ended say so.
    // (Small steps on the full network keep improving for hundreds of epochs: no early stop.)
    await page.fill('#search-rates', '0.0001, 0.0002');
    await page.fill('#search-hidden', '256-128-64');
    await page.fill('#search-epochs', '5000');
    await page.click('#start-search');
    await expect.poll(() => page.textContent('#search-message')).toMatch(/queued 2 trials/);
    await page.click('#cancel-search');
    await expect.poll(() => page.textContent('#search-message')).toMatch(/^Cancelled the trials of search/);
    await expect.poll(() => page.textContent('#search-summary'), { timeout: 30_000 }).toMatch(/^cancelled: 0 of 2/);
    expect(await page.locator('#trials tbody tr[data-status=CANCELLED]').count()).toBe(2);
  }, 180_000);

  it('a viewer is offered nothing the role cannot do', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, keys.viewer.secret, '#/models');
    await page.waitForSelector('#versions tbody tr');
    expect(await page.locator('#promote, #stage, .rollback').count()).toBe(0);
    expect(await page.locator('nav a').allTextContents()).not.toContain('Rating queue');
    await page.goto(`${origin}/#/training`);
    await page.waitForSelector('#runs');
    expect(await page.locator('#start').count()).toBe(0);
    await page.goto(`${origin}/#/tuning`);
    await page.waitForSelector('#trials tbody tr');
    expect(await page.locator('#search-rates, #start-search, #cancel-search').count()).toBe(0);
    await page.goto(`${origin}/#/rate`);
    expect(await page.textContent('#page')).toMatch(/needs the annotator role; you are viewer/);
  });

  it('reads well on a tablet', async () => {
    const page = await (await offlineContext({ width: 768, height: 1024 })).newPage();
    await signIn(page, keys.annotator.secret, '#/rate');
    await page.waitForSelector('article.candidate');
    // Nothing wider than the screen: the queue, the score keys and the header fit.
    for (const selector of ['article.candidate', '.digits', 'header.top', '#rate']) {
      const box = (await page.locator(selector).boundingBox())!;
      expect(box.x + box.width, selector).toBeLessThanOrEqual(768);
    }
    await shoot(page, 'console-tablet');
  });

  it('GraphiQL is served from our bundle: example operations preloaded, queries over HTTP and subscriptions over graphql-ws', async () => {
    const page = await (await offlineContext()).newPage();
    await signIn(page, TEST_ADMIN_KEY);
    const res = await page.goto(`${origin}/graphiql`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self';");
    await page.waitForSelector('.graphiql-tab');
    const tabs = await page.locator('.graphiql-tab').allTextContents();
    expect(tabs.length).toBeGreaterThanOrEqual(13);
    expect(tabs.join(' ')).toMatch(/TrainingProgress/);
    await runUntil(page, /"accepted":[\s\u00a0]+300/);
    await shoot(page, 'graphiql');

    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.locator('.graphiql-tab', { hasText: 'TrainingProgress' }).click();
    await runUntil(page, /NOT_FOUND/);
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sockets)).toEqual(new Set([origin.replace(/^http/, 'ws') + '/graphql']));

    // A browser opening /graphql is sent to GraphiQL.
    await page.goto(graphql);
    expect(page.url()).toBe(`${origin}/graphiql`);
  });

  it('no page sent a request anywhere but the gateway, and none threw', () => {
    expect(leftTheMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
