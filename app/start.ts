import { DatabaseTlsError } from '../db/client.js';
import { DatabaseLockedError } from '../db/embedded-lock.js';
import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startTracing } from '../platform/tracing.js';
import { startPlatform } from './platform.js';
import { ensureDevelopmentKey } from '../platform/security/dev-key.js';
import { runUntilSignal } from '../platform/shutdown.js';
import type { RunningPlatform } from './platform.js';
import type { TrainingRunRow } from '../db/schema/index.js';
import { TrainingProgressBar } from './training-progress.js';

/** On a fresh demo database: show the first model training, then how to ask it for predictions. */
async function followFirstRun(platform: RunningPlatform, run: TrainingRunRow, key: string): Promise<void> {
  const epochs = run.config.epochs;
  process.stderr.write(
    `Training a first reward model on the demo data (run ${run.id}); it is promoted to production if it passes the gate.\n`,
  );
  const bar = new TrainingProgressBar(epochs);
  for await (const event of platform.model.events.follow(run.id)) bar.update(event);
  bar.stop();
  const done = await platform.model.runs.get(run.id);
  const version = done?.modelVersionId ? await platform.model.registry.get(done.modelVersionId) : null;
  if (!version) {
    process.stderr.write(`The first training run ended ${done?.status ?? 'unknown'}: ${done?.error ?? ''}\n`);
    return;
  }
  const m = version.metrics;
  const aliases = await platform.model.registry.aliasesOf(version.id);
  process.stdout.write(
    [
      '',
      `Model version ${version.version} registered${aliases.length ? ` (${aliases.join(', ')})` : ''}: test MAE ${m.mae.toFixed(3)}, within ±0.1 ${(m.accuracyWithin * 100).toFixed(1)}%, pairwise ${(m.pairwiseAccuracy * 100).toFixed(1)}%.`,
      'Predicted next to rubric rewards:',
      `  curl -s ${platform.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer ${key}" \\`,
      `    -d '{"query":"{ trajectories(first: 5) { edges { node { id reward { total } predictedReward { value modelVersion { version } } } } } }"}'`,
      '',
    ].join('\n') + '\n',
  );
}

const config = loadConfigOrExit();
const log = createLogger('platform', config.log.level);
const tracing = startTracing('medillustrator', config.tracing);

try {
  const platform = await startPlatform(config, log);
  // In production no secret is ever printed; operators bring ADMIN_API_KEY or use npm run apikey.
  const dev = config.isProduction ? null : await ensureDevelopmentKey(platform.keys, config.db.dataDir);
  const key = dev ? dev.token : '<your API key>';
  const example = `curl -s ${platform.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer ${key}" \\
    -d '{"query":"{ trajectories(first: 3) { totalCount edges { node { id audience reward { total components { name score reasons } } } } } }"}'`;
  process.stdout.write(
    [
      '',
      'MedIllustrator-AI platform is running',
      `  Web console       ${platform.gatewayUrl.replace(/\/graphql$/, '/')}   (overview, trajectories, rating queue, models, training, tuning; sign in with the key below)`,
      `  GraphQL gateway   ${platform.gatewayUrl}   (GraphiQL at ${platform.gatewayUrl.replace(/\/graphql$/, '/graphiql')})`,
      `  Trajectory        ${platform.subgraphUrls.trajectory}`,
      `  Reward            ${platform.subgraphUrls.reward}`,
      `  Metrics           ${platform.subgraphUrls.metrics}`,
      `  Access            ${platform.subgraphUrls.access}`,
      `  Model             ${platform.subgraphUrls.model}   (TensorFlow.js backend: ${platform.model.runtime?.backend ?? 'not started'})`,
      `  Prometheus text   <service>/metrics, e.g. ${platform.gatewayUrl.replace('/graphql', '/metrics')}`,
      `  Database          ${platform.database.kind} (${platform.database.location})`,
      platform.seeded
        ? `  Demo data         ${platform.seeded.trajectories} trajectories, ${platform.seeded.ratings} educator ratings`
        : null,
      dev
        ? `  Admin API key     ${dev.token}\n                    (${dev.created ? 'created now, saved in' : 'from'} ${config.db.dataDir}/dev-admin-key; development only)`
        : '  API keys          send "authorization: Bearer <key>"; create one with npm run apikey -- create --role admin --name ops',
      '',
      'Try:',
      `  ${example}`,
      '  More ready-made operations are in examples/ (see README).',
      '',
    ]
      .filter((l) => l !== null)
      .join('\n') + '\n',
  );
  runUntilSignal(log, async () => {
    await platform.stop();
    await tracing?.shutdown();
  });
  if (platform.firstRun) await followFirstRun(platform, platform.firstRun, key);
} catch (err) {
  if (err instanceof DatabaseLockedError || err instanceof DatabaseTlsError) {
    // Said plainly: it is the newcomer's next step, not a stack trace.
    process.stderr.write(`\n${err.message}\n`);
    process.exit(1);
  }
  log.fatal({ err }, 'platform failed to start');
  process.exit(1);
}
