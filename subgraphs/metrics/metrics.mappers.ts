import type { MetricsService } from './metrics-service.js';

export type MetricSeries = Awaited<ReturnType<MetricsService['series']>>;
export type TrendAnalysis = Awaited<ReturnType<MetricsService['trend']>>;
export type Report = Awaited<ReturnType<MetricsService['report']>>;
