import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';
import { post } from '../support/graphql-client.js';
import { freePort } from '../support/processes.js';

const execFileAsync = promisify(execFile);

/**
 * What a newcomer does on the embedded database: `npm start` in one terminal, the CLIs in
 * another. The CLIs go through the running gateway; a process that would open the same PGlite
 * directory itself is refused, saying by whom; a key made while the platform runs works at once
 * and survives a restart.
 */
describe('the embedded database with a second process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mi-embedded-'));
  let port = 0;
  let env: NodeJS.ProcessEnv = {};
  let platform: ChildProcess | null = null;
  let output = '';
  /** The key `npm run apikey` made while the platform ran. */
  let token = '';
  const gatewayUrl = () => `http://127.0.0.1:${port}/graphql`;

  /** `npm start`'s command, in a process group of its own as in a terminal. */
  async function startPlatform(): Promise<ChildProcess> {
    output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('app', 'start.ts')], {
      env,
      cwd: fromRoot(),
      detached: true,
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('MedIllustrator-AI platform is running')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the platform did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return child;
  }

  const cli = async (script: string, args: string[]) => {
    try {
      const { stdout, stderr } = await execFileAsync(
        process.execPath,
        ['--import', 'tsx', fromRoot('scripts', script), ...args],
        {
          env,
          cwd: fromRoot(),
        },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    port = await freePort();
    env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      DATA_DIR: dir,
      PORT: String(port),
      TRAJECTORY_PORT: '0',
      REWARD_PORT: '0',
      METRICS_PORT: '0',
      ACCESS_PORT: '0',
      MODEL_PORT: '0',
      DEMO_TRAJECTORIES: '0',
      TRAIN_ON_START: 'false',
      SHUTDOWN_DRAIN_MS: '0',
    };
    platform = await startPlatform();
  }, 120_000);
  afterAll(() => {
    if (platform?.exitCode === null) platform.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('npm run apikey goes through the running gateway: the key works at once', async () => {
    const made = await cli('apikey.ts', ['create', '--role', 'annotator', '--name', 'assessment-app']);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`created annotator key "assessment-app"`);
    expect(made.stdout).toContain(`in the platform at ${gatewayUrl()}`);
    token = made.stdout.split('\n')[1] ?? '';
    const me = await post<{ me: { name: string; role: string } }>(
      gatewayUrl(),
      '{ me { name role } }',
      {},
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(me.body.data?.me).toEqual({ name: 'assessment-app', role: 'ANNOTATOR' });
  });

  it('a CLI that would open the database itself is refused at once, naming the process that has it', async () => {
    const refused = await cli('apikey.ts', ['create', '--local', '--role', 'viewer', '--name', 'should-not-exist']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${platform?.pid}`);
    expect(refused.stderr).toContain('app/start.ts');
    expect(refused.stderr).toContain('goes through the gateway');
    const listed = await post<{ apiKeys: { name: string }[] }>(
      gatewayUrl(),
      '{ apiKeys { name } }',
      {},
      {
        authorization: `Bearer ${readFileSync(join(dir, 'dev-admin-key'), 'utf8').trim()}`,
      },
    );
    expect(listed.body.data?.apiKeys.map((k) => k.name)).toContain('assessment-app');
    expect(listed.body.data?.apiKeys.map((k) => k.name)).not.toContain('should-not-exist');
  });

  it('db:migrate and model say what the running platform did or answered', async () => {
    const migrated = await cli('migrate.ts', []);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`(process ${platform?.pid}) holds the embedded database and applied its migrations`);
    // Through the gateway: its typed error, not a lock error.
    const exported = await cli('model-artifact.ts', ['export', 'production', join(dir, 'export')]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(
      'NOT_FOUND: Model version production (a version number, an id, or an alias) does not exist',
    );
  });

  it('SIGINT to the platform process alone stops it promptly and frees the database; the key survives a restart', async () => {
    const child = platform as ChildProcess;
    const exited = once(child, 'exit');
    const sentAt = Date.now();
    child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);

    // Nothing running: the CLI opens the database itself, and finds the key.
    const offline = await cli('apikey.ts', ['list']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/\tannotator\tassessment-app\tactive\t/);

    platform = await startPlatform();
    const me = await post<{ me: { name: string } }>(gatewayUrl(), '{ me { name } }', {}, { authorization: `Bearer ${token}` });
    expect(me.body.data?.me.name).toBe('assessment-app');
    platform.kill('SIGINT');
    await once(platform, 'exit');
  }, 120_000);
});
