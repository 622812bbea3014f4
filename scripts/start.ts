import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startPlatform } from '../platform/all-in-one.js';
import { ensureDevelopmentKey } from '../platform/security/dev-key.js';
import { runUntilSignal } from '../platform/shutdown.js';

const config = loadConfigOrExit();
const log = createLogger('platform', config.log.level);

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
      `  GraphQL gateway   ${platform.gatewayUrl}   (open it in a browser for the Apollo Sandbox)`,
      `  Trajectory        ${platform.subgraphUrls.trajectory}`,
      `  Reward            ${platform.subgraphUrls.reward}`,
      `  Metrics           ${platform.subgraphUrls.metrics}`,
      `  Access            ${platform.subgraphUrls.access}`,
      `  Prometheus text   <service>/metrics, e.g. ${platform.gatewayUrl.replace('/graphql', '/metrics')}`,
      `  Database          ${platform.database.kind} (${platform.database.location})`,
      platform.seeded
        ? `  Demo data         ${platform.seeded.trajectories} trajectories, ${platform.seeded.ratings} educator ratings`
        : '',
      dev
        ? `  Admin API key     ${dev.token}\n                    (${dev.created ? 'created now, saved in' : 'from'} ${config.db.dataDir}/dev-admin-key; development only)`
        : '  API keys          send "authorization: Bearer <key>"; create one with npm run apikey -- create --role admin --name ops',
      '',
      'Try:',
      `  ${example}`,
      '  More ready-made operations are in examples/ (see README).',
      '',
    ]
      .filter((l, i, all) => l !== '' || all[i - 1] !== '')
      .join('\n') + '\n',
  );
  runUntilSignal(log, platform.stop);
} catch (err) {
  log.fatal({ err }, 'platform failed to start');
  process.exit(1);
}
