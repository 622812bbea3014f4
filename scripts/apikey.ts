import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.js';
import { startFieldEncryption } from '../db/encryption/data-keys.js';
import { loadConfigOrExit } from '../platform/config.js';
import { ApiKeyStore } from '../platform/security/api-keys.js';
import { fromGraphQLRole, isRole, ROLES, toGraphQLRole, type Role } from '../platform/security/roles.js';
import { gatewayClient, PLATFORM_OPTIONS } from './cli-platform.js';

const USAGE = `Manage API keys: through the running platform's gateway when one answers (with an admin
key: --key, MI_API_KEY, else DATA_DIR/dev-admin-key), otherwise in the configured database
itself (DATABASE_URL, or PGlite under DATA_DIR, which only one process may open).

  npm run apikey -- create --role <${ROLES.join('|')}> --name <name> [--expires <ISO date>]
  npm run apikey -- list [--all]
  npm run apikey -- revoke <id or public id>

  --gateway URL   gateway to use (default: http://127.0.0.1:PORT/graphql)
  --key KEY       an admin API key for the gateway
  --local         do not look for a running gateway: open the database (e.g. to make the
                  first admin key of a production database)

The secret is printed once, by create; only its hash is stored.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string' },
    all: { type: 'boolean', default: false },
    ...PLATFORM_OPTIONS,
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
if (!['create', 'list', 'revoke'].includes(command)) fail(`unknown command ${command}`);

/** The key as both routes report it. */
interface KeyView {
  id: string;
  publicId: string;
  name: string;
  role: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** What the command needs, whichever way it reaches the keys. */
interface KeyAdmin {
  where: string;
  create(input: { name: string; role: Role; expiresAt: Date | null }): Promise<{ key: KeyView; token: string }>;
  list(all: boolean): Promise<KeyView[]>;
  revoke(id: string): Promise<KeyView | null>;
  close(): Promise<void>;
}

const config = loadConfigOrExit();
const gateway = gatewayClient(config, values);

function throughGateway(): KeyAdmin {
  const FIELDS = 'id publicId name role expiresAt revokedAt';
  interface Wire extends Omit<KeyView, 'expiresAt' | 'revokedAt'> {
    expiresAt: string | null;
    revokedAt: string | null;
  }
  const view = (k: Wire): KeyView => ({
    ...k,
    role: fromGraphQLRole(k.role),
    expiresAt: k.expiresAt ? new Date(k.expiresAt) : null,
    revokedAt: k.revokedAt ? new Date(k.revokedAt) : null,
  });
  return {
    where: `the platform at ${gateway.url}`,
    async create({ name, role, expiresAt }) {
      const { createApiKey } = await gateway.call<{ createApiKey: { apiKey: Wire; secret: string } }>(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${FIELDS} } } }`,
        { input: { name, role: toGraphQLRole(role), expiresAt: expiresAt?.toISOString() } },
      );
      return { key: view(createApiKey.apiKey), token: createApiKey.secret };
    },
    async list(all) {
      const { apiKeys } = await gateway.call<{ apiKeys: Wire[] }>(
        `query ($all: Boolean) { apiKeys(includeRevoked: $all) { ${FIELDS} } }`,
        {
          all,
        },
      );
      return apiKeys.map(view);
    },
    async revoke(id) {
      const { revokeApiKey } = await gateway.call<{ revokeApiKey: Wire }>(
        `mutation ($id: ID!) { revokeApiKey(id: $id) { ${FIELDS} } }`,
        {
          id,
        },
      );
      return view(revokeApiKey);
    },
    close: async () => undefined,
  };
}

async function inDatabase(): Promise<KeyAdmin> {
  // Refused with DatabaseLockedError when another process has the embedded database open.
  const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolMax: 1 });
  await database.migrate();
  // Key names are stored encrypted when ENCRYPTION_KEYS is set.
  await startFieldEncryption(database.db, config.encryption);
  const keys = new ApiKeyStore(database.db);
  return {
    where: `${database.kind} (${database.location})`,
    async create(input) {
      const { row, token } = await keys.create({ ...input, createdBy: 'cli' });
      return { key: row, token };
    },
    list: (all) => keys.list(all),
    revoke: (id) => keys.revoke(id),
    close: () => database.close(),
  };
}

try {
  const admin = !values.local && (await gateway.answers()) ? throughGateway() : await inDatabase();
  try {
    if (command === 'create') {
      if (!isRole(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      const name = values.name?.trim() || fail('--name is required');
      const expiresAt = values.expires ? new Date(values.expires) : null;
      if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= new Date()))
        fail('--expires must be a future ISO date');
      const { key, token } = await admin.create({ name, role: values.role as Role, expiresAt });
      process.stdout.write(
        `created ${key.role} key "${key.name}" (id ${key.id}, public id ${key.publicId}) in ${admin.where}\n${token}\nStore it now: it is not shown again.\n`,
      );
    } else if (command === 'list') {
      for (const k of await admin.list(values.all)) {
        const state = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= new Date() ? 'expired' : 'active';
        process.stdout.write(`${k.publicId}\t${k.role}\t${k.name}\t${state}\t${k.id}\n`);
      }
    } else {
      const row = arg ? await admin.revoke(arg) : fail('revoke needs an id or public id');
      if (!row) fail(`no key ${arg}`);
      process.stdout.write(`revoked ${row?.publicId} (${row?.name})\n`);
    }
  } finally {
    await admin.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
