import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fromRoot } from '../../platform/paths.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../platform/subgraph-catalog.js';
import { TEST_ADMIN_KEY } from './graphql-client.js';

export type ServiceName = SubgraphName | 'gateway';

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The platform as separate processes (the production shape: app/services/<name>.ts), each on
 * its own port, all on one Postgres. Services can be killed and started again.
 */
export class ServiceProcesses {
  private readonly children = new Map<string, ChildProcess>();
  readonly output = new Map<string, string>();

  private constructor(
    readonly ports: Record<ServiceName, number>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ServiceProcesses> {
    const names: ServiceName[] = [...SUBGRAPH_NAMES, 'gateway'];
    const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const))) as Record<
      ServiceName,
      number
    >;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      IDENTITY_SECRET: 'process-test-identity-secret-0123456789abcdef',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      TRAINING_CONCURRENCY: '0',
      PORT: String(ports.gateway),
      ...Object.fromEntries(
        SUBGRAPH_NAMES.flatMap((n) => [
          [`${n.toUpperCase()}_PORT`, String(ports[n])],
          [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}/graphql`],
        ]),
      ),
      ...extraEnv,
    };
    return new ServiceProcesses(ports, env);
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}/graphql`;
  }

  /** Starts a service and resolves once its /_readiness answers 200. */
  async start(name: ServiceName, timeoutMs = 60_000): Promise<void> {
    await this.startProcess(name, name, this.ports[name], {}, timeoutMs);
  }

  /**
   * Another replica of a service, on its own port, with settings of its own (e.g. a second
   * gateway pointed at the second replicas). Resolves with its port once it is ready.
   */
  async startReplica(name: ServiceName, id: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<number> {
    const port = await freePort();
    const portVar = name === 'gateway' ? 'PORT' : `${name.toUpperCase()}_PORT`;
    await this.startProcess(id, name, port, { ...env, [portVar]: String(port) }, timeoutMs);
    return port;
  }

  private async startProcess(
    id: string,
    name: ServiceName,
    port: number,
    env: Record<string, string>,
    timeoutMs: number,
  ): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('app', 'services', `${name}.ts`)], {
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(id, child);
    const append = (d: Buffer) => this.output.set(id, ((this.output.get(id) ?? '') + d.toString()).slice(-20_000));
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    const deadline = Date.now() + timeoutMs;
    const settings = { ...this.env, ...env };
    // A subgraph serving TLS (maybe mutual) is probed over TLS; which CA signed it is not the probe's question.
    const tls = name !== 'gateway' && settings.SUBGRAPH_TLS_CERT_FILE;
    const dispatcher = tls
      ? new Agent({
          connect: {
            rejectUnauthorized: false,
            ...(settings.SUBGRAPH_CLIENT_CERT_FILE && settings.SUBGRAPH_CLIENT_KEY_FILE
              ? { cert: readFileSync(settings.SUBGRAPH_CLIENT_CERT_FILE), key: readFileSync(settings.SUBGRAPH_CLIENT_KEY_FILE) }
              : {}),
          },
        })
      : undefined;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${id} exited ${child.exitCode}: ${this.output.get(id) ?? ''}`);
      const ok = await request(`${tls ? 'https' : 'http'}://127.0.0.1:${port}/_readiness`, { dispatcher })
        .then(async (r) => (await r.body.dump(), r.statusCode === 200))
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${id} not ready within ${timeoutMs} ms: ${this.output.get(id) ?? ''}`);
  }

  /** The whole platform: subgraphs in parallel, then the gateway. */
  async startAll(): Promise<void> {
    await Promise.all(SUBGRAPH_NAMES.map((n) => this.start(n)));
    await this.start('gateway');
  }

  /** SIGKILL: no shutdown, no goodbye, as when a machine or container dies. */
  /** Resolves with the exit code (null when a signal ended the process). */
  async kill(id: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.children.get(id);
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((n) => this.kill(n, 'SIGTERM')));
  }
}
