import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { renderFeatureTable } from '../../subgraphs/model/registry/model-card.js';

const cells = (table: string) =>
  table
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()));

describe('docs/model.md', () => {
  it('documents the featurizer dimension by dimension, as FEATURE_LAYOUT defines it', () => {
    const doc = readFileSync(fromRoot('docs', 'model.md'), 'utf8');
    const table = /<!-- feature-layout:start -->([\s\S]*?)<!-- feature-layout:end -->/.exec(doc)?.[1] ?? '';
    expect(cells(table), 'stale: npm run docs:tables rewrites it').toEqual(cells(renderFeatureTable()));
  });
});
