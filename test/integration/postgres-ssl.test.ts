import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';

// The machine's Postgres runs without SSL, so a URL that requires it must fail to connect:
// proof that `sslmode` in DATABASE_URL reaches the driver instead of being ignored.
describe.skipIf(!process.env.TEST_DATABASE_URL)('DATABASE_URL sslmode', () => {
  it('sslmode=require is honoured (refused by a server without SSL)', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.searchParams.set('sslmode', 'require');
    const database = await openDatabase({ url: url.toString(), poolMax: 1 });
    try {
      // postgres-js reports the refused TLS handshake as a socket error.
      await expect(database.ping()).rejects.toThrow(/SSL|ssl|TLS|secure TLS connection|socket disconnected/);
    } finally {
      await database.close();
    }
  });

  it('sslmode=disable connects', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.searchParams.set('sslmode', 'disable');
    const database = await openDatabase({ url: url.toString(), poolMax: 1 });
    try {
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
