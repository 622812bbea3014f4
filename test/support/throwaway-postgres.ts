import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.js';

/**
 * A Postgres cluster of the test's own (initdb and pg_ctl in a temporary directory, on a free
 * port), for tests that stop and start the database: never the machine's shared server.
 * As root, the server runs as the `postgres` user (initdb refuses root).
 */
export class ThrowawayPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    /** Server TLS settings (`-c ssl=on …`), when created with a certificate. */
    private readonly tlsArgs = '',
  ) {}

  /** With `tls`, the server takes TLS with that certificate and key (copied in, owned by the server's user). */
  static async create(options: { tls?: { certFile: string; keyFile: string } } = {}): Promise<ThrowawayPostgres> {
    const versions = readdirSync('/usr/lib/postgresql').sort();
    const bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
    const dir = mkdtempSync(join(tmpdir(), 'mi-pg-'));
    let tlsArgs = '';
    if (options.tls) {
      copyFileSync(options.tls.certFile, join(dir, 'server.crt'));
      copyFileSync(options.tls.keyFile, join(dir, 'server.key'));
      // Postgres refuses a key others can read.
      chmodSync(join(dir, 'server.key'), 0o600);
      tlsArgs = ` -c ssl=on -c ssl_cert_file=${join(dir, 'server.crt')} -c ssl_key_file=${join(dir, 'server.key')}`;
    }
    const cluster = new ThrowawayPostgres(dir, await freePort(), bin, tlsArgs);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      for (const f of ['', ...(options.tls ? ['server.crt', 'server.key'] : [])]) chownSync(join(dir, f), uid, gid);
    }
    cluster.run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off${this.tlsArgs}`,
      'start',
    ]);
  }

  /** Fast shutdown: open connections are cut, as in a restart or failover. */
  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore' });
    else execFileSync(command, args, { stdio: 'ignore' });
  }
}
