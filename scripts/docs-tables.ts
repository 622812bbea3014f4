/**
 * Rewrites the generated tables in the docs from the code they describe: the role matrix in
 * docs/security.md (platform/security/permissions.ts) and the feature layout in docs/model.md
 * (the featurizer's FEATURE_LAYOUT). The contract tests fail while a copy is stale.
 * Run: npm run docs:tables
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fromRoot } from '../platform/paths.js';
import { renderRoleMatrix } from '../platform/security/permissions.js';
import { renderFeatureTable } from '../subgraphs/model/registry/model-card.js';

const TABLES = [
  { file: 'docs/security.md', start: '<!-- role-matrix:start -->', end: '<!-- role-matrix:end -->', render: renderRoleMatrix },
  {
    file: 'docs/model.md',
    start: '<!-- feature-layout:start -->',
    end: '<!-- feature-layout:end -->',
    render: renderFeatureTable,
  },
];

for (const table of TABLES) {
  const path = fromRoot(table.file);
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(table.start);
  const to = text.indexOf(table.end);
  if (from < 0 || to < from) throw new Error(`${table.file}: no ${table.start} … ${table.end} markers`);
  writeFileSync(path, `${text.slice(0, from + table.start.length)}\n${table.render()}\n${text.slice(to)}`);
  process.stdout.write(`rewrote the table in ${table.file}\n`);
}
