import type { MetricsService } from './metrics-service.js';

export type MetricSeries = Awaited<ReturnType<MetricsService['series']>>;
export type TrendAnalysis = Awaited<ReturnType<MetricsService['trend']>>;
/** A report as generated now, or as stored (jsonb: its dates are ISO strings; DateTime serialises both). */
export type Report = ReportFigures | Jsonified<ReportFigures>;
export type ReportFigures = Awaited<ReturnType<MetricsService['report']>>;
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;
export type { StoredReport } from './report-archive.js';
