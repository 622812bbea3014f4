import type DataLoader from 'dataloader';
import type { HyperparameterSearchRow } from '../../db/schema/model.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { ModelService } from './model-service.js';
import type { ModelVersionInfo } from './registry/model-registry.js';
import type { Prediction } from './serving/reward-predictor.js';

export interface ModelContext extends RequestContext {
  model: ModelService;
  /** Per request and model version: every trajectory of a page scored in one tensor operation. */
  predictions(modelVersionId: string | null): DataLoader<string, Prediction | null>;
  /** Versions by id, per request: a page of predictions asking for their version is one query. */
  versions: DataLoader<string, ModelVersionInfo | null>;
  /** Searches by id, per request: the Models page's versions asking for their run's search is one query. */
  searches: DataLoader<string, HyperparameterSearchRow | null>;
}
