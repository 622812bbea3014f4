import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { prepareFieldEncryption } from '../platform/field-encryption.js';
import { createLogger } from '../platform/logger.js';
import { ServiceMetrics } from '../platform/metrics.js';
import { onStopSignal } from '../platform/shutdown.js';
import { ModelService } from '../subgraphs/model/model-service.js';
import { modelServiceOptions } from '../subgraphs/model/options.js';

/** The options every model CLI takes: where the platform is, with which key, or none (--local). */
export const PLATFORM_OPTIONS = {
  gateway: { type: 'string' },
  key: { type: 'string' },
  local: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/**
 * What the model CLIs (train, search) share: reaching a running platform's gateway with an API
 * key, or, when none answers, a Model service of their own on the database.
 */
export function gatewayClient(config: Config, options: { gateway?: string; key?: string }) {
  const url = options.gateway ?? `http://127.0.0.1:${config.gateway.port}/graphql`;

  async function answers(): Promise<boolean> {
    try {
      const res = await fetch(new URL('/_health', url), { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  function apiKey(): string {
    if (options.key) return options.key;
    if (process.env.MI_API_KEY) return process.env.MI_API_KEY;
    const file = resolve(config.db.dataDir, 'dev-admin-key');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    throw new Error('No API key: pass --key, set MI_API_KEY, or run npm start once to create the development key.');
  }

  async function call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey()}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    if (!body.data) throw new Error(`no data from ${url}`);
    return body.data;
  }

  return { url, answers, apiKey, call };
}

/**
 * A Model service of this process's own on the configured database, stopped by `close`. On the
 * embedded database this is refused (DatabaseLockedError, which says by whom and what to do)
 * while another process has it open.
 */
export async function localModelService(
  config: Config,
  name: string,
  options: { start?: boolean } = {},
): Promise<{ service: ModelService; database: DatabaseHandle; log: Logger; close: () => Promise<void> }> {
  const log = createLogger(name, config.log.level === 'info' ? 'warn' : config.log.level);
  const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: config.db.poolMax });
  await database.migrate();
  // Reads ratings and writes weights, so it needs the keys the data is under; it leaves rotation to the services.
  await prepareFieldEncryption(database, config.encryption, log, { rotate: false });
  const service = new ModelService(database, new ServiceMetrics('model'), log, modelServiceOptions(config));
  // Export and import need the registry only: no backend choice, no training workers.
  const start = options.start ?? true;
  if (start) await service.start();
  return {
    service,
    database,
    log,
    close: async () => {
      if (start) await service.stop();
      await database.close();
    },
  };
}

let interruptedAt: Date | null = null;
/** Whether Ctrl-C cancelled the work: the CLI then exits 130, as an interrupted command does. */
export const interrupted = (): boolean => interruptedAt !== null;

/**
 * Ctrl-C cancels the work the CLI started (a run, a search) and lets the CLI report how it
 * ended; a second Ctrl-C leaves at once, saying how to cancel what may still be queued
 * (`ifLeft`): the queue is durable, so a Model service would otherwise train it later.
 */
export function cancelOnInterrupt(what: string, cancel: () => Promise<unknown>, ifLeft: string): void {
  onStopSignal(
    ['SIGINT'],
    () => {
      interruptedAt = new Date();
      process.stderr.write(`\n  cancelling the ${what} (Ctrl-C again to leave at once)…\n`);
      cancel().catch((err: unknown) => {
        process.stderr.write(`  could not cancel: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(130);
      });
    },
    () => {
      process.stderr.write(`\n  left without waiting: ${ifLeft}\n`);
      process.exit(130);
    },
  );
}
