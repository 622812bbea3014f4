import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../platform/config.js';
import { readArtifactFiles, writeArtifact, type ArtifactFiles } from '../subgraphs/model/registry/model-artifacts.js';
import { gatewayClient, localModelService, PLATFORM_OPTIONS } from './cli-platform.js';

const USAGE = `Export a model version as a TensorFlow.js model directory, or import one as a new version.

  npm run model -- export <version number | id | alias> <directory>
  npm run model -- import <directory>

Export writes model.json (topology, weights manifest, featurizer version, educator correction,
lineage), weights.bin and model-card.md. Import evaluates the model on the current data's
held-out split and registers it (not promoted: promoteModel does that, through the gate).
Through a running platform's gateway when one answers (modelArtifact / importModelArtifact,
with an ml_engineer key), otherwise on the database itself (DATABASE_URL / DATA_DIR).

  --gateway URL   gateway to use (default: http://127.0.0.1:PORT/graphql)
  --key KEY       API key (default: MI_API_KEY, else DATA_DIR/dev-admin-key)
  --local         do not look for a running gateway`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { ...PLATFORM_OPTIONS } });
const [command, target, dir] = positionals;
if (values.help || !command || !['export', 'import'].includes(command) || !target || (command === 'export' && !dir)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

interface Artifacts {
  where: string;
  export(ref: string): Promise<{ version: number; files: ArtifactFiles }>;
  import(files: ArtifactFiles, source: string): Promise<{ id: string; version: number }>;
  close(): Promise<void>;
}

const config = loadConfigOrExit();
const gateway = gatewayClient(config, values);

function throughGateway(): Artifacts {
  return {
    where: gateway.url,
    async export(ref) {
      const { modelArtifact: a } = await gateway.call<{
        modelArtifact: { version: { version: number }; modelJson: string; weightsBase64: string; modelCard: string };
      }>('query ($v: String!) { modelArtifact(version: $v) { version { version } modelJson weightsBase64 modelCard } }', {
        v: ref,
      });
      return {
        version: a.version.version,
        files: { modelJson: a.modelJson, weights: Buffer.from(a.weightsBase64, 'base64'), card: a.modelCard },
      };
    },
    async import(files, source) {
      const { importModelArtifact } = await gateway.call<{ importModelArtifact: { id: string; version: number } }>(
        'mutation ($input: ModelArtifactInput!) { importModelArtifact(input: $input) { id version } }',
        { input: { modelJson: files.modelJson, weightsBase64: files.weights.toString('base64'), modelCard: files.card, source } },
      );
      return importModelArtifact;
    },
    close: async () => undefined,
  };
}

async function inProcess(): Promise<Artifacts> {
  const { service, database, close } = await localModelService(config, 'model-artifact', { start: false });
  return {
    where: `${database.kind} (${database.location})`,
    async export(ref) {
      const { version, files } = await service.exportArtifact(ref);
      return { version: version.version, files };
    },
    import: (files, source) => service.importArtifact(files, `import (${process.env.USER ?? 'cli'})`, source),
    close,
  };
}

try {
  const artifacts = !values.local && (await gateway.answers()) ? throughGateway() : await inProcess();
  try {
    if (command === 'export') {
      const { version, files } = await artifacts.export(target);
      await writeArtifact(files, dir ?? '.');
      process.stdout.write(`exported v${version} from ${artifacts.where} to ${dir}: model.json, weights.bin, model-card.md\n`);
    } else {
      const imported = await artifacts.import(await readArtifactFiles(target), target);
      process.stdout.write(
        `imported ${target} as v${imported.version} (${imported.id}) in ${artifacts.where}; promote it with promoteModel\n`,
      );
    }
  } finally {
    await artifacts.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
