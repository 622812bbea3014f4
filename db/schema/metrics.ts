import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns.js';

export type ReportPeriodName = 'DAY' | 'WEEK';
export type ReportTrigger = 'SCHEDULED' | 'MANUAL';

/** A report as generated (the same figures `report(period)` answers), kept so it can be read later. */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    period: text('period').$type<ReportPeriodName>().notNull(),
    periodFrom: timestamptz('period_from').notNull(),
    periodTo: timestamptz('period_to').notNull(),
    trigger: text('trigger').$type<ReportTrigger>().notNull(),
    generatedAt: timestamptz('generated_at').notNull().defaultNow(),
    /** The Report object (GraphQL shape), dates as ISO strings. */
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('reports_generated_at_idx').on(t.generatedAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

export type DeliveryChannel = 'WEBHOOK' | 'EMAIL';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One report to one recipient: each attempt counted, the last error kept, until delivered or given up. */
export const reportDeliveries = pgTable(
  'report_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<DeliveryChannel>().notNull(),
    target: text('target').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    deliveredAt: timestamptz('delivered_at'),
  },
  (t) => [index('report_deliveries_report_idx').on(t.reportId)],
);

export type ReportRow = typeof reports.$inferSelect;
export type ReportDeliveryRow = typeof reportDeliveries.$inferSelect;
