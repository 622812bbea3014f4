import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { openDatabase } from '../db/client.js';
import { prepareFieldEncryption } from '../platform/field-encryption.js';
import { loadConfigOrExit } from '../platform/config.js';
import { present } from '../platform/errors.js';
import { createLogger } from '../platform/logger.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { ModelService } from '../subgraphs/model/model-service.js';
import { modelServiceOptions } from '../subgraphs/model/options.js';
import { TrainingProgressBar, type ProgressLike } from '../app/training-progress.js';

const HELP = `npm run train -- [options]

Trains the reward model on the current data, shows a progress bar, and registers the version.
Talks to a running platform through its gateway (startTraining + the trainingProgress
subscription) when one answers; otherwise trains in this process on the database itself.

  --epochs N            epochs (default: TRAINING_EPOCHS)
  --batch-size N        batch size (default: TRAINING_BATCH_SIZE)
  --learning-rate X     Adam learning rate (default: TRAINING_LEARNING_RATE)
  --target T            RATING_ELSE_RUBRIC or RUBRIC (default: TRAINING_TARGET)
  --promote ALIAS       move ALIAS (e.g. production) to the new version if it passes the gate
  --gateway URL         gateway to use (default: http://127.0.0.1:PORT/graphql)
  --key KEY             API key (default: MI_API_KEY, else DATA_DIR/dev-admin-key)
  --local               do not look for a running gateway
`;

const { values } = parseArgs({
  options: {
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    'learning-rate': { type: 'string' },
    target: { type: 'string' },
    promote: { type: 'string' },
    gateway: { type: 'string' },
    key: { type: 'string' },
    local: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const config = loadConfigOrExit();
const input = {
  epochs: values.epochs ? Number(values.epochs) : undefined,
  batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
  learningRate: values['learning-rate'] ? Number(values['learning-rate']) : undefined,
  targetSource: values.target,
};
const epochs = input.epochs ?? config.model.training.epochs;
const bar = new TrainingProgressBar(epochs);
const gatewayUrl = values.gateway ?? `http://127.0.0.1:${config.gateway.port}/graphql`;

async function gatewayAnswers(): Promise<boolean> {
  try {
    const res = await fetch(new URL('/_health', gatewayUrl), { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

function apiKey(): string {
  if (values.key) return values.key;
  if (process.env.MI_API_KEY) return process.env.MI_API_KEY;
  const file = resolve(config.db.dataDir, 'dev-admin-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error('No API key: pass --key, set MI_API_KEY, or run npm start once to create the development key.');
}

interface TestMetrics {
  mae: number;
  accuracyWithin: number;
  pairwiseAccuracy: number;
}
interface RunSummary {
  id: string;
  status: string;
  error: string | null;
  modelVersion: { version: number; metrics: { test: TestMetrics } } | null;
}
const SUMMARY = 'id status error modelVersion { version metrics { test { mae accuracyWithin pairwiseAccuracy } } }';

async function viaGateway(): Promise<RunSummary> {
  const key = apiKey();
  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    if (!body.data) throw new Error(`no data from ${gatewayUrl}`);
    return body.data;
  };
  const { startTraining } = await call<{ startTraining: { id: string } }>(
    'mutation ($input: StartTrainingInput) { startTraining(input: $input) { id } }',
    { input: { ...input, promoteTo: values.promote } },
  );
  process.stderr.write(`  run ${startTraining.id} queued through ${gatewayUrl}\n`);
  const client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
  });
  try {
    const events = client.iterate<{ trainingProgress: ProgressLike }>({
      query: `subscription ($id: ID!) { trainingProgress(runId: $id) { kind status epoch iteration loss validationLoss validationMae samplesPerSecond etaSeconds message } }`,
      variables: { id: startTraining.id },
    });
    for await (const event of events) {
      if (event.errors) throw new Error(JSON.stringify(event.errors));
      if (event.data) bar.update(event.data.trainingProgress);
    }
  } finally {
    await client.dispose();
  }
  return (
    await call<{ trainingRun: RunSummary }>(`query ($id: ID!) { trainingRun(id: $id) { ${SUMMARY} } }`, { id: startTraining.id })
  ).trainingRun;
}

async function inProcess(): Promise<RunSummary> {
  const log = createLogger('train', config.log.level === 'info' ? 'warn' : config.log.level);
  const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: config.db.poolMax });
  await database.migrate();
  // Reads ratings and writes weights, so it needs the keys the data is under; it leaves rotation to the services.
  await prepareFieldEncryption(database, config.encryption, log, { rotate: false });
  const service = new ModelService(database, new ServiceMetrics('model'), log, modelServiceOptions(config));
  try {
    await service.start();
    process.stderr.write(
      `  training in this process on ${database.kind} (${database.location}), backend ${service.runtime?.backend}\n`,
    );
    const overrides = { ...input, promoteTo: values.promote ? [values.promote] : undefined };
    const run = await service.queue(overrides, 'CLI', process.env.USER ?? 'cli');
    for await (const event of service.events.follow(run.id)) bar.update(event);
    const done = present(await service.runs.get(run.id), 'the run');
    const version = done.modelVersionId ? await service.registry.get(done.modelVersionId) : null;
    return {
      id: done.id,
      status: done.status,
      error: done.error,
      // Stored metrics are the evaluation itself (the GraphQL type calls that part `test`).
      modelVersion: version ? { version: version.version, metrics: { test: version.metrics } } : null,
    };
  } finally {
    await service.stop();
    await database.close();
  }
}

try {
  const summary = !values.local && (await gatewayAnswers()) ? await viaGateway() : await inProcess();
  bar.stop();
  if (summary.status !== 'COMPLETED' || !summary.modelVersion) {
    process.stderr.write(`\nTraining ${summary.status.toLowerCase()}: ${summary.error ?? 'no version registered'}\n`);
    process.exit(1);
  }
  const t = summary.modelVersion.metrics.test;
  process.stdout.write(
    `\nRegistered model version ${summary.modelVersion.version} (run ${summary.id}): test MAE ${t.mae.toFixed(4)}, within ±0.1 ${(t.accuracyWithin * 100).toFixed(1)}%, pairwise ${(t.pairwiseAccuracy * 100).toFixed(1)}%\n` +
      (values.promote
        ? ''
        : 'Promote it with promoteModel(versionId, alias: "production"), or rerun with --promote production.\n'),
  );
} catch (err) {
  bar.stop();
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
