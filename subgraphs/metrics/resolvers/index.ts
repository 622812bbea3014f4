import { DateTimeScalar, JSONScalar } from '../../../platform/scalars.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import { storedBody } from '../report-archive.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    systemOverview: (_, __, ctx) => ctx.metricsService.overview(),
    metricSeries: (_, { metric, range, bucket }, ctx) => ctx.metricsService.series(metric, range, bucket ?? 'HOUR'),
    trend: (_, { metric, range, bucket, forecastBuckets }, ctx) =>
      ctx.metricsService.trend(metric, range, bucket ?? 'HOUR', forecastBuckets ?? 6),
    report: (_, { period, endingAt }, ctx) => ctx.metricsService.report(period, endingAt),
    reports: (_, { period, first }, ctx) => ctx.reportArchive.list(period, first ?? 20),
  },
  Mutation: {
    generateReport: async (_, { period }, ctx) => {
      return ctx.reports.generate(period, 'MANUAL', ctx.audit);
    },
  },
  StoredReport: {
    id: (s) => s.row.id,
    trigger: (s) => s.row.trigger,
    generatedAt: (s) => s.row.generatedAt,
    report: (s) => storedBody(s.row),
    deliveries: (s) => s.deliveries,
  },
};
