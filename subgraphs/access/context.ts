import type { RequestContext } from '../../platform/request-context.js';
import type { AccessService } from './access-service.js';
import type { DataLifecycle } from './data-lifecycle.js';

export interface AccessContext extends RequestContext {
  access: AccessService;
  lifecycle: DataLifecycle;
}
