import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { verdict } from '../../scripts/licence-policy.js';

describe('the licence policy', () => {
  it.each([
    ['MIT', 'anything', 'permissive'],
    ['(MIT OR CC0-1.0)', 'type-fest', 'permissive'],
    ['(MIT AND BSD-3-Clause)', 'sha.js', 'permissive'],
    ['GPL-3.0-only OR MIT', 'dual', 'permissive'],
    ['Elastic-2.0', '@apollo/gateway', 'reviewed'],
    ['Elastic-2.0', 'some-other-package', 'refused'],
    ['LGPL-3.0-or-later', '@img/sharp-libvips-linux-x64', 'reviewed'],
    ['GPL-3.0-only', 'a-copyleft-library', 'refused'],
    ['MIT AND GPL-2.0-only', 'mixed', 'refused'],
    ['SSPL-1.0', 'a-database-driver', 'refused'],
    ['UNKNOWN', 'no-licence-field', 'refused'],
  ])('%s for %s: %s', (expression, pkg, expected) => {
    expect(verdict(expression, pkg)).toBe(expected);
  });

  it('every installed production dependency is within it (npm run licences)', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fromRoot('scripts', 'check-licences.ts')], {
      cwd: fromRoot(),
      encoding: 'utf8',
    });
    expect(out).toMatch(/^\d+ production packages:/);
    expect(out).toContain('@apollo/gateway@');
    expect(out).toContain('Every production dependency is within the licence policy.');
  });
});
