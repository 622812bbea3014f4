import type { RequestContext } from '../../platform/request-context.js';
import type { MetricsService } from './metrics-service.js';
import type { ReportArchive } from './report-archive.js';
import type { ReportScheduler } from './report-scheduler.js';

export interface MetricsContext extends RequestContext {
  metricsService: MetricsService;
  reportArchive: ReportArchive;
  reports: ReportScheduler;
}
