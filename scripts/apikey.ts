import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.js';
import { startFieldEncryption } from '../db/encryption/data-keys.js';
import { loadConfigOrExit } from '../platform/config.js';
import { ApiKeyStore } from '../platform/security/api-keys.js';
import { isRole, ROLES } from '../platform/security/roles.js';

const USAGE = `Manage API keys in the configured database (DATABASE_URL, or PGlite under DATA_DIR).

  npm run apikey -- create --role <${ROLES.join('|')}> --name <name> [--expires <ISO date>]
  npm run apikey -- list [--all]
  npm run apikey -- revoke <id or public id>

The secret is printed once, by create; only its hash is stored.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string' },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean' },
  },
});
const [command, arg] = positionals;
const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
};
if (values.help || !command) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfigOrExit();
const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: 1 });
try {
  await database.migrate();
  // Key names are stored encrypted when ENCRYPTION_KEYS is set.
  await startFieldEncryption(database.db, config.encryption);
  const keys = new ApiKeyStore(database.db);
  if (command === 'create') {
    if (!isRole(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    const name = values.name?.trim() || fail('--name is required');
    const expiresAt = values.expires ? new Date(values.expires) : null;
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= new Date())) fail('--expires must be a future ISO date');
    const { row, token } = await keys.create({ name, role: values.role as (typeof ROLES)[number], expiresAt, createdBy: 'cli' });
    process.stdout.write(
      `created ${row.role} key "${row.name}" (id ${row.id}, public id ${row.publicId})\n${token}\nStore it now: it is not shown again.\n`,
    );
  } else if (command === 'list') {
    for (const k of await keys.list(values.all)) {
      process.stdout.write(
        `${k.publicId}\t${k.role}\t${k.name}\t${k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= new Date() ? 'expired' : 'active'}\t${k.id}\n`,
      );
    }
  } else if (command === 'revoke') {
    const row = arg ? await keys.revoke(arg) : fail('revoke needs an id or public id');
    if (!row) fail(`no key ${arg}`);
    process.stdout.write(`revoked ${row?.publicId} (${row?.name})\n`);
  } else {
    fail(`unknown command ${command}`);
  }
} finally {
  await database.close();
}
