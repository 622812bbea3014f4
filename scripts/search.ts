import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../platform/config.js';
import type { TrainingRunStatus } from '../db/schema/model.js';
import { present } from '../platform/errors.js';
import { bestTrial, searchStatus } from '../subgraphs/model/training/hyperparameter-search.js';
import { TERMINAL_STATUSES } from '../subgraphs/model/training/training-runs.js';
import { cancelOnInterrupt, gatewayClient, interrupted, localModelService, PLATFORM_OPTIONS } from './cli-platform.js';

const HELP = `npm run search -- [options]

A small hyperparameter search: one training run per combination (at most 12), each registering a
version that records the search; prints each trial as it ends and a table ranked by validation
loss. Through a running platform's gateway when one answers, else in this process.

  --learning-rates LIST  e.g. 0.0003,0.001,0.003 (default: TRAINING_LEARNING_RATE)
  --batch-sizes LIST     e.g. 32,128 (default: TRAINING_BATCH_SIZE)
  --hidden LIST          layer sizes joined by '-', e.g. 256-128-64,128-64 (default: TRAINING_HIDDEN_UNITS)
  --epochs N             epochs per trial (default: TRAINING_EPOCHS)
  --gateway URL          gateway to use (default: http://127.0.0.1:PORT/graphql)
  --key KEY              API key (default: MI_API_KEY, else DATA_DIR/dev-admin-key)
  --local                do not look for a running gateway
`;

const leftBehind = (searchId: string) =>
  `trials not yet ended may still be queued; cancelHyperparameterSearch(id: "${searchId}") cancels them.`;

const { values } = parseArgs({
  options: {
    'learning-rates': { type: 'string' },
    'batch-sizes': { type: 'string' },
    hidden: { type: 'string' },
    epochs: { type: 'string' },
    ...PLATFORM_OPTIONS,
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const config = loadConfigOrExit();
const defaults = config.model.training;
const numbers = (list: string | undefined) => list?.split(',').map(Number);
const input = {
  learningRates: numbers(values['learning-rates']) ?? [defaults.learningRate],
  batchSizes: numbers(values['batch-sizes']) ?? [defaults.batchSize],
  hiddenUnits: values.hidden?.split(',').map((h) => h.split('-').map(Number)) ?? [defaults.hiddenUnits],
  epochs: values.epochs ? Number(values.epochs) : undefined,
};

interface Trial {
  id: string;
  status: TrainingRunStatus;
  error: string | null;
  bestValidationLoss: number | null;
  config: { learningRate: number; batchSize: number; hiddenUnits: number[] };
  modelVersion: { version: number; metrics: { test: { mae: number; accuracyWithin: number } } } | null;
}
interface Search {
  id: string;
  status: TrainingRunStatus;
  trials: Trial[];
  best: { id: string } | null;
}
const SEARCH = `id status best { id } trials { id status error bestValidationLoss config { learningRate batchSize hiddenUnits }
  modelVersion { version metrics { test { mae accuracyWithin } } } }`;

const describeTrial = (t: Trial) =>
  `lr ${t.config.learningRate}, batch ${t.config.batchSize}, hidden ${t.config.hiddenUnits.join('-')}`;
const reported = new Set<string>();
function report(search: Search): void {
  search.trials.forEach((t, i) => {
    if (reported.has(t.id) || !TERMINAL_STATUSES.includes(t.status)) return;
    reported.add(t.id);
    const outcome =
      t.status === 'COMPLETED'
        ? `validation loss ${t.bestValidationLoss?.toFixed(5)}, version ${t.modelVersion?.version ?? '—'}`
        : `${t.status.toLowerCase()}${t.error ? `: ${t.error}` : ''}`;
    process.stderr.write(`  trial ${i + 1}/${search.trials.length} (${describeTrial(t)}): ${outcome}\n`);
  });
}

const gateway = gatewayClient(config, values);

async function viaGateway(): Promise<Search> {
  const { startHyperparameterSearch: started } = await gateway.call<{ startHyperparameterSearch: Search }>(
    `mutation ($input: HyperparameterSearchInput!) { startHyperparameterSearch(input: $input) { ${SEARCH} } }`,
    { input },
  );
  process.stderr.write(`  search ${started.id}: ${started.trials.length} trials queued through ${gateway.url}\n`);
  cancelOnInterrupt(
    'search',
    () => gateway.call('mutation ($id: ID!) { cancelHyperparameterSearch(id: $id) { id } }', { id: started.id }),
    leftBehind(started.id),
  );
  for (;;) {
    const { hyperparameterSearch: search } = await gateway.call<{ hyperparameterSearch: Search }>(
      `query ($id: ID!) { hyperparameterSearch(id: $id) { ${SEARCH} } }`,
      { id: started.id },
    );
    report(search);
    if (search.status !== 'RUNNING') return search;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function inProcess(): Promise<Search> {
  const { service, database, close } = await localModelService(config, 'search');
  try {
    process.stderr.write(
      `  searching in this process on ${database.kind} (${database.location}), backend ${service.runtime?.backend}\n`,
    );
    const started = await service.searches.start({
      space: { learningRates: input.learningRates, batchSizes: input.batchSizes, hiddenUnits: input.hiddenUnits },
      base: input.epochs === undefined ? {} : { epochs: input.epochs },
      startedBy: process.env.USER ?? 'cli',
    });
    const trials = async () =>
      Promise.all(
        (await service.searches.trials(started.id)).map(async (run) => {
          const version = run.modelVersionId ? await service.registry.get(run.modelVersionId) : null;
          return {
            ...run,
            // Stored metrics are the evaluation itself (the GraphQL type calls that part `test`).
            modelVersion: version ? { version: version.version, metrics: { test: version.metrics } } : null,
          };
        }),
      );
    const ids = (await trials()).map((t) => t.id);
    process.stderr.write(`  search ${started.id}: ${ids.length} trials queued\n`);
    cancelOnInterrupt('search', () => service.searches.cancel(started.id), leftBehind(started.id));
    for (const id of ids) {
      for await (const _ of service.events.follow(id));
      report({ id: started.id, status: 'RUNNING', trials: await trials(), best: null });
    }
    const all = await trials();
    const best = bestTrial(all);
    return { id: started.id, status: searchStatus(all), trials: all, best: best ? { id: best.id } : null };
  } finally {
    await close();
  }
}

try {
  const search = !values.local && (await gateway.answers()) ? await viaGateway() : await inProcess();
  const ranked = [...search.trials].sort((a, b) => (a.bestValidationLoss ?? Infinity) - (b.bestValidationLoss ?? Infinity));
  const best = search.best
    ? present(
        search.trials.find((t) => t.id === search.best?.id),
        'the best trial',
      )
    : null;
  process.stdout.write(
    `\n| trial | learning rate | batch | hidden | validation loss | test MAE | within ±0.1 | version |\n|---|---|---|---|---|---|---|---|\n` +
      ranked
        .map(
          (t) =>
            `| ${search.trials.indexOf(t) + 1}${t === best ? ' (best)' : ''} | ${t.config.learningRate} | ${t.config.batchSize} | ${t.config.hiddenUnits.join('-')} | ${t.bestValidationLoss?.toFixed(5) ?? t.status.toLowerCase()} | ${t.modelVersion?.metrics.test.mae.toFixed(4) ?? '—'} | ${t.modelVersion ? `${(t.modelVersion.metrics.test.accuracyWithin * 100).toFixed(1)}%` : '—'} | ${t.modelVersion?.version ?? '—'} |`,
        )
        .join('\n') +
      `\n\n${best ? `Best: trial ${search.trials.indexOf(best) + 1} (${describeTrial(best)}), model version ${best.modelVersion?.version}. Compare it with compareModelVersions, promote it with promoteModel.` : 'No trial completed.'}\n`,
  );
  if (interrupted()) {
    process.stderr.write(
      `Search cancelled: ${search.trials.filter((t) => t.status === 'COMPLETED').length} of ${search.trials.length} trials had completed.\n`,
    );
    process.exit(130);
  }
  if (!best) process.exit(1);
} catch (err) {
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
