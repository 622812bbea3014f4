import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  reportDeliveries,
  reports,
  type DeliveryStatus,
  type ReportDeliveryRow,
  type ReportPeriodName,
  type ReportRow,
  type ReportTrigger,
} from '../../db/schema/metrics.js';
import { BadUserInputError } from '../../platform/errors.js';
import type { RequestAudit } from '../../platform/security/audit-log.js';
import type { MetricsService } from './metrics-service.js';
import type { Recipient } from './report-delivery.js';

export const MAX_REPORTS_PAGE = 100;

/** A report's figures as MetricsService computes them. */
export type ReportFigures = Awaited<ReturnType<MetricsService['report']>>;
/** The same after a trip through JSON (jsonb): dates become ISO strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export interface StoredReport {
  row: ReportRow;
  deliveries: ReportDeliveryRow[];
}

/** The stored body: written by `store` from a ReportFigures, read back through JSON. */
export function storedBody(row: ReportRow): Jsonified<ReportFigures> {
  return row.body as Jsonified<ReportFigures>;
}

/** Reports as generated, and where each was sent: the record behind `reports`. */
export class ReportArchive {
  constructor(private readonly db: Database) {}

  /** Stores a report and one pending delivery per recipient, in one transaction. */
  async store(report: ReportFigures, trigger: ReportTrigger, to: Recipient[], audit?: RequestAudit): Promise<StoredReport> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(reports)
        .values({
          period: report.period,
          periodFrom: report.from,
          periodTo: report.to,
          trigger,
          // jsonb: dates become ISO strings, as the GraphQL DateTime scalar serialises them.
          body: JSON.parse(JSON.stringify(report)) as Record<string, unknown>,
        })
        .returning();
      if (!row) throw new Error('insert returned no report');
      const deliveries = to.length
        ? await tx
            .insert(reportDeliveries)
            .values(to.map((r) => ({ reportId: row.id, channel: r.channel, target: r.label, status: 'PENDING' as const })))
            .returning()
        : [];
      await audit?.record(tx);
      return { row, deliveries };
    });
  }

  async list(period: ReportPeriodName | null | undefined, first: number): Promise<StoredReport[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_REPORTS_PAGE) {
      throw new BadUserInputError(`first must be 1..${MAX_REPORTS_PAGE}`, [
        { path: 'first', message: `must be 1..${MAX_REPORTS_PAGE}` },
      ]);
    }
    const rows = await this.db
      .select()
      .from(reports)
      .where(period ? eq(reports.period, period) : undefined)
      .orderBy(desc(reports.generatedAt), desc(reports.id))
      .limit(first);
    const deliveries = rows.length
      ? await this.db
          .select()
          .from(reportDeliveries)
          .where(
            inArray(
              reportDeliveries.reportId,
              rows.map((r) => r.id),
            ),
          )
      : [];
    return rows.map((row) => ({ row, deliveries: deliveries.filter((d) => d.reportId === row.id) }));
  }

  async get(reportId: string): Promise<StoredReport | null> {
    const [row] = await this.db.select().from(reports).where(eq(reports.id, reportId));
    if (!row) return null;
    return { row, deliveries: await this.db.select().from(reportDeliveries).where(eq(reportDeliveries.reportId, reportId)) };
  }

  /** One attempt's outcome. `final` marks the last attempt the queue will make. */
  async recordAttempt(deliveryId: string, outcome: { ok: true } | { ok: false; error: string; final: boolean }): Promise<void> {
    const status: DeliveryStatus = outcome.ok ? 'DELIVERED' : outcome.final ? 'FAILED' : 'PENDING';
    await this.db
      .update(reportDeliveries)
      .set({
        attempts: sql`${reportDeliveries.attempts} + 1`,
        status,
        ...(outcome.ok ? { deliveredAt: new Date() } : { lastError: outcome.error.slice(0, 500) }),
      })
      .where(eq(reportDeliveries.id, deliveryId));
  }
}
