import type { RequestContext } from '../../platform/request-context.js';
import type { RewardService } from './reward-service.js';
import type { RewardLoaders } from './reward-loaders.js';

export interface RewardContext extends RequestContext {
  rewards: RewardService;
  loaders: RewardLoaders;
}
