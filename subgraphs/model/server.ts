import DataLoader from 'dataloader';
import type { DatabaseHandle } from '../../db/client.js';
import type { Logger } from '../../platform/logger.js';
import { ServiceMetrics } from '../../platform/metrics.js';
import type { AuditLog } from '../../platform/security/audit-log.js';
import { buildProtectedSchema, createSubgraphApollo, type Subgraph } from '../../platform/subgraph.js';
import { subgraphTypeDefs } from '../../schema/load.js';
import type { ModelContext } from './context.js';
import { ModelService, type ModelServiceOptions } from './model-service.js';
import { resolvers } from './resolvers/index.js';
import { createPredictionLoaders } from './serving/prediction-loader.js';

export interface ModelSubgraphDeps {
  database: DatabaseHandle;
  auditLog: AuditLog;
  log: Logger;
  isProduction: boolean;
  options: ModelServiceOptions;
}

export function createModelSubgraph(deps: ModelSubgraphDeps): Subgraph<ModelContext> & { model: ModelService } {
  const metrics = new ServiceMetrics('model');
  const model = new ModelService(deps.database, metrics, deps.log, deps.options);
  const schema = buildProtectedSchema({ name: 'model', typeDefs: subgraphTypeDefs('model'), resolvers });
  const built = createSubgraphApollo<ModelContext>({
    name: 'model',
    typeDefs: subgraphTypeDefs('model'),
    resolvers,
    log: deps.log,
    isProduction: deps.isProduction,
    metrics,
    schema,
  });
  return {
    name: 'model',
    auditLog: deps.auditLog,
    model,
    metrics,
    apollo: built,
    subscriptionSchema: schema,
    start: () => model.start(),
    stop: () => model.stop(),
    context: (base) => ({
      ...base,
      model,
      predictions: createPredictionLoaders(deps.database.db, model.predictor, model.features),
      versions: new DataLoader((ids: readonly string[]) => model.registry.getMany(ids)),
      searches: new DataLoader((ids: readonly string[]) => model.searches.getMany(ids)),
    }),
  };
}
