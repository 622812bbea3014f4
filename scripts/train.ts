import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfigOrExit } from '../platform/config.js';
import { present } from '../platform/errors.js';
import { TrainingProgressBar, type ProgressLike } from '../app/training-progress.js';
import { cancelOnInterrupt, gatewayClient, interrupted, localModelService, PLATFORM_OPTIONS } from './cli-platform.js';

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

const leftBehind = (runId: string) => `the run may still be queued or training; cancelTraining(runId: "${runId}") cancels it.`;

const { values } = parseArgs({
  options: {
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    'learning-rate': { type: 'string' },
    target: { type: 'string' },
    promote: { type: 'string' },
    ...PLATFORM_OPTIONS,
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
const gateway = gatewayClient(config, values);
const gatewayUrl = gateway.url;

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
  const key = gateway.apiKey();
  const call = gateway.call;
  const { startTraining } = await call<{ startTraining: { id: string } }>(
    'mutation ($input: StartTrainingInput) { startTraining(input: $input) { id } }',
    { input: { ...input, promoteTo: values.promote } },
  );
  process.stderr.write(`  run ${startTraining.id} queued through ${gatewayUrl}\n`);
  cancelOnInterrupt(
    'run',
    () => call('mutation ($id: ID!) { cancelTraining(runId: $id) { id } }', { id: startTraining.id }),
    leftBehind(startTraining.id),
  );
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
  const { service, database, close } = await localModelService(config, 'train');
  try {
    process.stderr.write(
      `  training in this process on ${database.kind} (${database.location}), backend ${service.runtime?.backend}\n`,
    );
    const overrides = { ...input, promoteTo: values.promote ? [values.promote] : undefined };
    const run = await service.queue(overrides, 'CLI', process.env.USER ?? 'cli');
    cancelOnInterrupt('run', () => service.training.cancel(run.id), leftBehind(run.id));
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
    await close();
  }
}

try {
  const summary = !values.local && (await gateway.answers()) ? await viaGateway() : await inProcess();
  bar.stop();
  if (summary.status !== 'COMPLETED' || !summary.modelVersion) {
    process.stderr.write(`\nTraining ${summary.status.toLowerCase()}: ${summary.error ?? 'no version registered'}\n`);
    process.exit(interrupted() ? 130 : 1);
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
