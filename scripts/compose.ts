import { writeFileSync } from 'node:fs';
import { API_SCHEMA_PATH, composeSupergraph, SUPERGRAPH_PATH } from '../schema/load.js';

try {
  const { supergraphSdl, apiSdl } = composeSupergraph();
  writeFileSync(SUPERGRAPH_PATH, supergraphSdl);
  writeFileSync(API_SCHEMA_PATH, apiSdl);
  process.stdout.write(`wrote ${SUPERGRAPH_PATH} and ${API_SCHEMA_PATH}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
