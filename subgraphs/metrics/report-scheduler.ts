import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../../db/client.js';
import type { ReportPeriodName, ReportTrigger } from '../../db/schema/metrics.js';
import type { Logger } from '../../platform/logger.js';
import type { RequestAudit } from '../../platform/security/audit-log.js';
import type { ReportArchive, StoredReport } from './report-archive.js';
import { recipientsOf, ReportSender, type ReportRecipients } from './report-delivery.js';
import type { MetricsService } from './metrics-service.js';
import { createJobQueue, ensureQueue } from '../../platform/job-queue.js';

export interface ReportScheduleOptions {
  /** Cron expressions (pg-boss schedules, minute resolution); empty: not scheduled. */
  dailyCron: string;
  weeklyCron: string;
  timezone: string;
  /** How often the schedules are checked (pg-boss's cron monitor; one replica checks at a time). */
  cronCheckSeconds: number;
  recipients: ReportRecipients;
  /** Retries after a failed delivery, with exponential backoff from `retryDelaySeconds`. */
  deliveryRetries: number;
  retryDelaySeconds: number;
}

const QUEUE: Record<ReportPeriodName, string> = { DAY: 'report-daily', WEEK: 'report-weekly' };
const DELIVERY_QUEUE = 'report-delivery';

interface DeliveryJob {
  deliveryId: string;
  reportId: string;
  /** Which configured recipient: its position and label (checked, in case the configuration changed). */
  index: number;
  label: string;
}

/**
 * Daily and weekly reports on a schedule: pg-boss runs the cron (one replica fires it, whichever
 * holds the schedule), a worker generates the report, stores it with a pending delivery per
 * recipient and queues the deliveries; each delivery is retried with backoff until it arrives or
 * the retries run out, and its attempts and last error are recorded.
 */
export class ReportScheduler {
  private readonly boss: PgBoss;
  private readonly sender: ReportSender;
  private started = false;

  constructor(
    database: DatabaseHandle,
    private readonly service: MetricsService,
    private readonly archive: ReportArchive,
    private readonly options: ReportScheduleOptions,
    private readonly log: Logger,
  ) {
    this.boss = createJobQueue(
      database,
      {
        supervise: true,
        schedule: true,
        cronMonitorIntervalSeconds: options.cronCheckSeconds,
        cronWorkerIntervalSeconds: Math.min(5, options.cronCheckSeconds),
      },
      log,
      'report queue',
    );
    this.sender = new ReportSender(options.recipients);
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const period of ['DAY', 'WEEK'] as const) {
      const queue = QUEUE[period];
      await ensureQueue(this.boss, queue, { retryLimit: 2, retryDelay: 60, retryBackoff: true });
      const cron = period === 'DAY' ? this.options.dailyCron : this.options.weeklyCron;
      if (cron) await this.boss.schedule(queue, cron, { period }, { tz: this.options.timezone });
      else await this.boss.unschedule(queue);
      await this.boss.work<{ period: ReportPeriodName }>(queue, async ([job]) => {
        if (job) await this.generate(job.data.period, 'SCHEDULED');
      });
    }
    await ensureQueue(this.boss, DELIVERY_QUEUE, {
      retryLimit: this.options.deliveryRetries,
      retryDelay: this.options.retryDelaySeconds,
      retryBackoff: true,
    });
    await this.boss.work<DeliveryJob>(DELIVERY_QUEUE, { includeMetadata: true, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (job) await this.deliver(job.data, job.retryCount >= job.retryLimit);
    });
    const schedules = await this.boss.getSchedules();
    this.log.info(
      {
        schedules: schedules.map((s) => `${s.name} ${s.cron} ${this.options.timezone}`),
        recipients: recipientsOf(this.options.recipients).map((r) => r.label),
      },
      'report schedules set',
    );
  }

  /** The schedules pg-boss holds (what will fire). */
  schedules(): Promise<PgBoss.Schedule[]> {
    return this.boss.getSchedules();
  }

  /** Generates, stores and queues the deliveries of a report now. */
  async generate(period: ReportPeriodName, trigger: ReportTrigger, audit?: RequestAudit): Promise<StoredReport> {
    const recipients = recipientsOf(this.options.recipients);
    const stored = await this.archive.store(await this.service.report(period), trigger, recipients, audit);
    this.log.info({ reportId: stored.row.id, period, trigger, deliveries: stored.deliveries.length }, 'report generated');
    for (const [index, delivery] of stored.deliveries.entries()) {
      await this.boss.send(DELIVERY_QUEUE, {
        deliveryId: delivery.id,
        reportId: stored.row.id,
        index,
        label: delivery.target,
      } satisfies DeliveryJob);
    }
    return stored;
  }

  private async deliver(job: DeliveryJob, final: boolean): Promise<void> {
    const recipient = recipientsOf(this.options.recipients)[job.index];
    const stored = await this.archive.get(job.reportId);
    if (!stored) return;
    if (!recipient || recipient.label !== job.label) {
      await this.archive.recordAttempt(job.deliveryId, {
        ok: false,
        error: 'the recipient is no longer configured',
        final: true,
      });
      return;
    }
    const body = stored.row.body;
    try {
      await this.sender.send(recipient, {
        id: stored.row.id,
        period: stored.row.period,
        from: stored.row.periodFrom.toISOString(),
        to: stored.row.periodTo.toISOString(),
        markdown: typeof body.markdown === 'string' ? body.markdown : '',
        body,
      });
      await this.archive.recordAttempt(job.deliveryId, { ok: true });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await this.archive.recordAttempt(job.deliveryId, { ok: false, error, final });
      this.log.warn(
        { reportId: job.reportId, to: recipient.label, error, final },
        final ? 'report delivery failed for good' : 'report delivery failed; retrying',
      );
      // Thrown, so the queue retries it with backoff.
      throw err;
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.sender.close();
    await this.boss
      .stop({ graceful: false, wait: true, close: true })
      .catch((err: unknown) => this.log.warn({ err }, 'report queue stop'));
  }
}
