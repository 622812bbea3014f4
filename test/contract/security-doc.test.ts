import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { renderRoleMatrix } from '../../platform/security/permissions.js';

/** Table cells, ignoring alignment and the separator row (Prettier re-pads the markdown). */
const cells = (table: string) =>
  table
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe('docs/security.md', () => {
  it('shows the role matrix the permissions module enforces', () => {
    const doc = readFileSync(fromRoot('docs', 'security.md'), 'utf8');
    const table = /<!-- role-matrix:start -->([\s\S]*?)<!-- role-matrix:end -->/.exec(doc)?.[1] ?? '';
    expect(cells(table), 'stale: npm run docs:tables rewrites it').toEqual(cells(renderRoleMatrix()));
    expect(cells(table).length).toBeGreaterThan(20);
  });
});
