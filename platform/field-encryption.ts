import type { DatabaseHandle } from '../db/client.js';
import { startFieldEncryption } from '../db/encryption/data-keys.js';
import type { EncryptionSettings } from '../db/encryption/field-keyring.js';
import { rotateFieldEncryption } from '../db/encryption/rotation.js';
import type { Logger } from './logger.js';

export interface FieldEncryption {
  /** Settles when the background re-encryption has finished (or was stopped). */
  rotation: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Encryption at rest for this process (db/encryption): loads the data keys, then, when `rotate`,
 * re-encrypts in the background whatever is stored under another key or in plaintext. Every
 * service process that owns data rotates; batches skip rows another process holds.
 */
export async function prepareFieldEncryption(
  database: DatabaseHandle,
  settings: EncryptionSettings,
  log: Logger,
  options: { rotate: boolean },
): Promise<FieldEncryption> {
  const status = await startFieldEncryption(database.db, settings);
  if (status.unreadableDataKeys.length > 0) {
    log.warn(
      { dataKeys: status.unreadableDataKeys },
      'some stored data keys are wrapped by keys not in ENCRYPTION_KEYS; values under them cannot be read until rotation has moved them',
    );
  }
  if (!status.enabled || !options.rotate) return { rotation: Promise.resolve(), stop: async () => undefined };
  log.info({ activeKey: status.activeKeyId, modelWeights: settings.modelWeights }, 'encryption at rest on');
  const abort = new AbortController();
  const started = performance.now();
  const rotation = rotateFieldEncryption(database.db, {
    signal: abort.signal,
    onProgress: (table, rows) => log.info({ table, rows }, 're-encrypting under the active key'),
  }).then(
    (done) => {
      const rows = Object.values(done).reduce((s, n) => s + n, 0);
      if (rows > 0 && !abort.signal.aborted)
        log.info({ rows: done, ms: Math.round(performance.now() - started) }, 'every value is under the active key');
    },
    (err: unknown) => {
      if (!abort.signal.aborted) log.error({ err }, 're-encryption stopped; it resumes at the next start');
    },
  );
  return {
    rotation,
    stop: async () => {
      abort.abort();
      await rotation;
    },
  };
}
