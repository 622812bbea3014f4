import type { RequestContext } from '../../platform/request-context.js';
import type { MetricsService } from './metrics-service.js';

export interface MetricsContext extends RequestContext {
  metricsService: MetricsService;
}
