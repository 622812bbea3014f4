import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { callerOf, hashSecret, type ApiKeyStore } from './api-keys.js';

/**
 * Outside production, `npm start` gives the developer an admin key: created on first run and
 * kept in DATA_DIR/dev-admin-key (mode 600, never committed), so it is the same on every start.
 */
export async function ensureDevelopmentKey(keys: ApiKeyStore, dataDir: string): Promise<{ token: string; created: boolean }> {
  const file = resolve(dataDir, 'dev-admin-key');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    const row = await keys.bySecretHash(hashSecret(token));
    if (row && callerOf(row, new Date())) return { token, created: false };
  }
  const { token } = await keys.create({ name: 'development admin', role: 'admin', createdBy: 'npm start' });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, created: true };
}
