import type { MetricsService } from './metrics-service.js';
import type { Jsonified, ReportFigures } from './report-archive.js';

export type { StoredReport } from './report-archive.js';
export type MetricSeries = Awaited<ReturnType<MetricsService['series']>>;
export type TrendAnalysis = Awaited<ReturnType<MetricsService['trend']>>;
/** A report as generated now, or as stored (jsonb: its dates are ISO strings; DateTime serialises both). */
export type Report = ReportFigures | Jsonified<ReportFigures>;
