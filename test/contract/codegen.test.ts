import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../platform/paths.js';

describe('graphql-codegen outputs', () => {
  it('the committed generated files match what codegen produces now (run npm run codegen)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: join(repoRoot, 'codegen.yml') });
    const outputs = await generate({ ...config, cwd: repoRoot, silent: true }, false);
    // Five subgraph resolver files, and the client preset for examples/ (typed documents and the manifest, four files).
    expect(outputs.length).toBe(9);
    for (const output of outputs) {
      const committed = readFileSync(join(repoRoot, output.filename), 'utf8');
      expect(committed, `${output.filename} is stale`).toBe(output.content);
    }
  }, 60_000);
});
