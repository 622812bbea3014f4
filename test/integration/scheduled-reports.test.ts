import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { loadConfig } from '../../platform/config.js';
import { createMetricsSubgraph } from '../../subgraphs/metrics/server.js';
import type { MetricsContext } from '../../subgraphs/metrics/context.js';
import type { ReportScheduleOptions } from '../../subgraphs/metrics/report-scheduler.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { createModelService, seedTrajectories } from '../support/model.js';
import { createSubgraphs, exec, silentLog } from '../support/subgraphs.js';

interface Hook {
  path: string;
  body: { id: string; period: string; markdown: string; report: { volume: number; modelChanges: string[] } };
}

const until = async <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const STORED = `id trigger generatedAt report { period volume modelChanges markdown }
  deliveries { channel target status attempts lastError deliveredAt }`;

describe.each(BACKENDS)('scheduled reports on %s', (backend) => {
  let database: DatabaseHandle;
  let metrics: ReturnType<typeof createMetricsSubgraph>;
  let webhook: Server;
  let smtp: SMTPServer;
  const hooks: Hook[] = [];
  const mails: { to: string; subject: string; text: string }[] = [];
  /** The webhook answers 503 this many times before it accepts. */
  let webhookFailures = 2;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await createSubgraphs(database);
    await seedTrajectories(database, 40);
    const model = createModelService(database);
    await model.start();
    try {
      const run = await model.queue({ epochs: 2, promoteTo: ['staging'] }, 'MANUAL', 'report-test');
      for await (const event of model.events.follow(run.id)) void event;
    } finally {
      await model.stop();
    }

    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (webhookFailures > 0) {
          webhookFailures--;
          res.writeHead(503).end();
          return;
        }
        hooks.push({ path: req.url ?? '', body: JSON.parse(body) as Hook['body'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject, text: raw });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const hookPort = (webhook.address() as AddressInfo).port;

    const defaults = loadConfig({}).reports;
    const reports: ReportScheduleOptions = {
      ...defaults,
      // Every minute, checked every second: the schedule fires within seconds of the start.
      dailyCron: '* * * * *',
      weeklyCron: '',
      cronCheckSeconds: 1,
      recipients: {
        ...defaults.recipients,
        webhooks: [`http://127.0.0.1:${hookPort}/hooks/secret-token-123`],
        emails: ['educators@example.org'],
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        timeoutMs: 5_000,
      },
      deliveryRetries: 3,
      retryDelaySeconds: 1,
    };
    metrics = createMetricsSubgraph({
      database,
      auditLog: (await createSubgraphs(database)).auditLog,
      log: silentLog,
      isProduction: false,
      reports,
    });
    await metrics.start?.();
  }, 180_000);
  afterAll(async () => {
    await metrics?.stop?.();
    await new Promise<void>((r) => webhook?.close(() => r()));
    await new Promise<void>((r) => smtp?.close(() => r()));
    await database?.close();
  });

  it('the daily schedule is held by pg-boss with its cron; an empty cron leaves the weekly one unscheduled', async () => {
    const schedules = await metrics.reports.schedules();
    expect(schedules.map((s) => [s.name, s.cron])).toEqual([['report-daily', '* * * * *']]);
  });

  it('the schedule fires: a SCHEDULED daily report is stored, listed, and delivered to the webhook (after two failures) and by e-mail', async () => {
    const stored = await until(
      async () => {
        const res = await exec<
          MetricsContext,
          { reports: { trigger: string; report: { period: string }; deliveries: { status: string }[] }[] }
        >(metrics, `{ reports(period: DAY, first: 5) { ${STORED} } }`, {}, 'viewer');
        const first = res.data?.reports.find((r) => r.trigger === 'SCHEDULED');
        return first && first.deliveries.every((d) => d.status === 'DELIVERED') ? [first] : undefined;
      },
      'a scheduled report delivered everywhere',
      60_000,
    );
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(stored[0]).toMatchObject({
      trigger: 'SCHEDULED',
      report: { period: 'DAY', volume: expect.any(Number) },
    });

    // The webhook failed twice (503) and then took it; the third attempt is recorded.
    const [hook] = hooks;
    expect(hook?.path).toBe('/hooks/secret-token-123');
    expect(hook?.body.period).toBe('DAY');
    expect(hook?.body.markdown).toMatch(/^# Daily report/);
    expect(hook?.body.report.modelChanges.some((m) => /Training run \w+ COMPLETED \(manual\) → model v1/.test(m))).toBe(true);
    expect(hook?.body.report.modelChanges.some((m) => /PROMOTE staging → model v1|AUTO_PROMOTE staging → model v1/.test(m))).toBe(
      true,
    );
    const [mail] = mails;
    expect(mail?.to).toBe('educators@example.org');
    expect(mail?.subject).toMatch(/^MedIllustrator Daily report, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    expect(mail?.text).toContain('## Model and rubric changes');

    // The cron fires every minute, so a slow run may hold several scheduled reports: the two
    // refusals fell on the first delivery (3 attempts); every other delivery took one.
    type Listed = {
      reports: { id: string; deliveries: { channel: string; target: string; attempts: number; status: string }[] }[];
    };
    const all = await until(async () => {
      const res = await exec<MetricsContext, Listed>(metrics, `{ reports(period: DAY, first: 20) { ${STORED} } }`, {}, 'viewer');
      const list = res.data?.reports ?? [];
      return list.every((r) => r.deliveries.every((d) => d.status === 'DELIVERED')) ? list : undefined;
    }, 'every scheduled report delivered');
    const deliveries = all.flatMap((r) => r.deliveries);
    const webhookAttempts = deliveries.filter((d) => d.channel === 'WEBHOOK').map((d) => d.attempts);
    expect(webhookAttempts.reduce((a, b) => a + b, 0)).toBe(webhookAttempts.length + 2);
    expect(webhookAttempts).toContain(3);
    expect(hooks.length).toBe(webhookAttempts.length);
    expect(deliveries.filter((d) => d.channel === 'EMAIL')).toEqual(
      all.map(() => expect.objectContaining({ target: 'educators@example.org', status: 'DELIVERED', attempts: 1 })),
    );
    // The webhook's secret path is never shown.
    expect(JSON.stringify(deliveries)).not.toContain('secret-token');
  }, 90_000);

  it('generateReport needs ml_engineer; a delivery that keeps failing ends FAILED with its last error', async () => {
    const denied = await exec(metrics, 'mutation { generateReport(period: WEEK) { id } }', {}, 'annotator');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    webhookFailures = 100;
    const made = await exec<MetricsContext, { generateReport: { id: string; trigger: string; report: { period: string } } }>(
      metrics,
      `mutation { generateReport(period: WEEK) { ${STORED} } }`,
      {},
      'ml_engineer',
    );
    expect(made.errors).toBeUndefined();
    expect(made.data?.generateReport).toMatchObject({ trigger: 'MANUAL', report: { period: 'WEEK' } });
    const id = made.data?.generateReport.id;
    const failed = await until(
      async () => {
        const res = await exec<
          MetricsContext,
          {
            reports: {
              id: string;
              deliveries: { channel: string; status: string; attempts: number; lastError: string | null }[];
            }[];
          }
        >(metrics, `{ reports(period: WEEK, first: 5) { ${STORED} } }`);
        const webhookDelivery = res.data?.reports.find((r) => r.id === id)?.deliveries.find((d) => d.channel === 'WEBHOOK');
        return webhookDelivery?.status === 'FAILED' ? webhookDelivery : undefined;
      },
      'the webhook delivery given up',
      60_000,
    );
    // One attempt and three retries, each recorded.
    expect(failed).toMatchObject({ attempts: 4, lastError: 'webhook answered HTTP 503' });
  }, 90_000);
});
