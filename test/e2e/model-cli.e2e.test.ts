import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { fromRoot } from '../../platform/paths.js';
import { RUNS_PGLITE } from '../support/database.js';
import { seedTrajectories } from '../support/model.js';

const run = promisify(execFile);

/**
 * The model CLIs as an operator runs them without a platform up (--local): on an embedded
 * database directory holding captured, rated trajectories.
 */
describe.runIf(RUNS_PGLITE)('npm run train / npm run search (--local)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mi-cli-'));
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const cli = (script: string, args: string[]) =>
    run(process.execPath, ['--import', 'tsx', fromRoot('scripts', script), '--local', ...args], { env, cwd: fromRoot() });

  beforeAll(async () => {
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    await seedTrajectories(database, 120);
    await database.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('search: Ctrl-C in the terminal cancels the trials, says so, and exits 130', async () => {
    // The command `npm run search` runs, in a process group of its own as in a terminal.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fromRoot('scripts', 'search.ts'),
        '--local',
        '--learning-rates',
        '0.001,0.003',
        '--hidden',
        '16',
        '--epochs',
        '5000',
      ],
      { env: { ...env, TRAINING_PATIENCE: '5000' }, cwd: fromRoot(), detached: true },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    await expect.poll(() => stderr, { timeout: 60_000, interval: 200 }).toMatch(/2 trials queued/);
    await new Promise((r) => setTimeout(r, 2000)); // the first trial is training by now
    // One press, delivered twice: by the terminal to the group, and relayed by npm.
    const press = () => process.kill(-(child.pid ?? 0), 'SIGINT');
    press();
    await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode === null) press();
    const [code] = await exited;
    expect(stderr).toContain('cancelling the search');
    expect(stderr).toContain('Search cancelled: 0 of 2 trials had completed.');
    expect(stderr.match(/trial \d\/2 \(lr 0\.00\d, batch 32, hidden 16\): cancelled/g)).toHaveLength(2);
    expect(code).toBe(130);
  }, 120_000);

  it('train: trains, registers a version and says how it did', async () => {
    const { stdout } = await cli('train.ts', ['--epochs', '2']);
    expect(stdout).toMatch(/Registered model version \d+ \(run [0-9a-f-]{36}\): test MAE 0\.\d{4}, within ±0\.1 \d+\.\d%/);
  }, 120_000);

  it('search: one trial per combination, reported as each ends, ranked, with the best named', async () => {
    const { stdout, stderr } = await cli('search.ts', [
      '--learning-rates',
      '0.001,0.003',
      '--hidden',
      '32,16-8',
      '--epochs',
      '2',
    ]);
    expect(stderr).toMatch(/search [0-9a-f-]{36}: 4 trials queued/);
    expect(
      stderr.match(/trial \d\/4 \(lr 0\.00\d, batch 32, hidden (32|16-8)\): validation loss 0\.\d{5}, version \d/g),
    ).toHaveLength(4);
    const rows = stdout.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('(best)');
    const losses = rows.map((r) => Number(r.split('|')[5]));
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
    expect(stdout).toMatch(/Best: trial \d \(lr 0\.00\d, batch 32, hidden (32|16-8)\), model version \d+\./);
  }, 180_000);
});
