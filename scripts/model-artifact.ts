import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.js';
import { prepareFieldEncryption } from '../platform/field-encryption.js';
import { loadConfigOrExit } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { ModelService } from '../subgraphs/model/model-service.js';
import { modelServiceOptions } from '../subgraphs/model/options.js';
import { exportVersion, importVersion } from '../subgraphs/model/registry/model-artifacts.js';
import { weightStores } from '../subgraphs/model/registry/weight-store.js';

const USAGE = `Export a model version as a TensorFlow.js model directory, or import one as a new version.

  npm run model -- export <version number | id | alias> <directory>
  npm run model -- import <directory>

Export writes model.json (topology, weights manifest, featurizer version, educator correction,
lineage), weights.bin and model-card.md. Import evaluates the model on the current data's
held-out split and registers it (not promoted: promoteModel does that, through the gate).
Uses DATABASE_URL / DATA_DIR like the services.`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
const [command, target, dir] = positionals;
if (values.help || !command || !['export', 'import'].includes(command) || !target || (command === 'export' && !dir)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfigOrExit();
const log = createLogger('model-artifact', 'warn');
const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: 2 });
try {
  await database.migrate();
  await prepareFieldEncryption(database, config.encryption, log, { rotate: false });
  const service = new ModelService(database, new ServiceMetrics('model'), log, modelServiceOptions(config));
  if (command === 'export') {
    const versions = await service.registry.list({ first: 1000, after: null });
    const alias = await service.registry.alias(target);
    const version = versions.find((v) => v.id === target || String(v.version) === target || v.id === alias?.versionId);
    if (!version) throw new Error(`no model version ${target} (a version number, an id, or an alias)`);
    await exportVersion(database.db, weightStores(config.model.weights), version.id, dir ?? '.');
    process.stdout.write(`exported v${version.version} to ${dir}: model.json, weights.bin, model-card.md\n`);
  } else {
    const imported = await importVersion(database.db, service.registry, target, {
      by: `import (${process.env.USER ?? 'cli'})`,
      defaults: config.model.training,
    });
    process.stdout.write(`imported ${target} as v${imported.version} (${imported.id}); promote it with promoteModel\n`);
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
