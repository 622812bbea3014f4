import type { RequestContext } from '../../platform/request-context.js';
import type { AccessService } from './access-service.js';

export interface AccessContext extends RequestContext {
  access: AccessService;
}
