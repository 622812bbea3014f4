/**
 * Auth overhead benchmark (on demand: npm run bench:auth). Measures, per request, what the
 * security layer adds at the gateway and in a subgraph — key authentication (cached), query
 * limits and cost, the rate limiter, signing the identity, verifying it — and, as the baseline
 * in the same run, a whole request through the gateway.
 */
import { randomBytes } from 'node:crypto';
import { parse, type OperationDefinitionNode } from 'graphql';
import { pino } from 'pino';
import { openDatabase } from '../../db/client.js';
import { operationCost, limitChecks } from '../../gateway/operation-limits.js';
import { documentCheck, storableLiterals } from '../../platform/document-check.js';
import { OperationRateLimiter } from '../../gateway/rate-limiter.js';
import { startPlatform } from '../../app/platform.js';
import { EPHEMERAL_PORTS, loadConfig } from '../../platform/config.js';
import { ApiKeyAuthenticator, ApiKeyStore } from '../../platform/security/api-keys.js';
import { IdentityTokens } from '../../platform/security/identity.js';
import { percentile, printTable } from '../support/stats.js';

const N = Number(process.env.BENCH_AUTH_N ?? 5000);
const QUERY = `query TrajectoriesWithRewards { trajectories(first: 20) { totalCount edges { node { id audience reward { total } } } } }`;

async function measure(name: string, fn: () => unknown): Promise<[string, number, number]> {
  for (let i = 0; i < Math.min(500, N); i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn();
    xs.push((performance.now() - t) * 1000);
  }
  xs.sort((a, b) => a - b);
  return [name, percentile(xs, 50), percentile(xs, 95)];
}

const database = await openDatabase({});
await database.migrate();
const keys = new ApiKeyStore(database.db);
const { token } = await keys.create({ name: 'bench', role: 'admin', createdBy: 'bench' });
const authenticator = new ApiKeyAuthenticator(keys, 5000);
const identity = new IdentityTokens(randomBytes(32).toString('hex'));
const config = loadConfig({
  ...EPHEMERAL_PORTS,
  DEMO_TRAJECTORIES: '100',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ADMIN: String(1e12),
});
const limiter = new OperationRateLimiter(config.security.rateLimits);
const doc = parse(QUERY);
const checkDocument = documentCheck([...limitChecks(config.security.queryLimits), storableLiterals], {
  maxTokens: config.security.queryLimits.maxTokens,
});
const op = doc.definitions[0] as OperationDefinitionNode;
const caller = await authenticator.authenticate(token);
if (!caller) throw new Error('the benchmark key did not authenticate');
const signed = await identity.sign(caller);
let signedFresh = '';

const stages = [
  await measure('authenticate key (cached)', () => authenticator.authenticate(token)),
  // What a request pays: the checks run once per distinct query text and are then a lookup.
  await measure('query limits (depth, aliases, directives, literals)', () => checkDocument(QUERY)),
  await measure('operation cost', () => operationCost(doc, op, {})),
  await measure('rate limiter (memory)', () => limiter.consume(caller, '127.0.0.1', 5)),
  // A query joining two subgraphs makes two subgraph fetches: two signatures, two verifications.
  // Both are cached (per key for 30 s, per token until it expires); that is what requests pay.
  await measure('sign identity (gateway, ×2, cached)', async () => {
    await identity.sign(caller);
    await identity.sign(caller);
  }),
  await measure('verify identity (subgraphs, ×2, cached)', async () => {
    await identity.verify(signed);
    await identity.verify(signed);
  }),
];
// Once per key per 30 s the gateway signs afresh, and a subgraph verifies a new token.
const secret = randomBytes(32).toString('hex');
signedFresh = await new IdentityTokens(secret).sign(caller);
const fresh = [
  await measure('sign identity, uncached (once per key per 30 s)', () => new IdentityTokens(secret).sign(caller)),
  await measure('verify identity, uncached (once per token)', () => new IdentityTokens(secret).verify(signedFresh)),
];
const totalP50 = stages.reduce((s, [, p50]) => s + p50, 0);

// Baseline in the same run: the whole request through the gateway.
const platform = await startPlatform(
  { ...config, security: { ...config.security, adminApiKey: undefined } },
  pino({ level: 'warn' }),
  { database },
);
const body = JSON.stringify({ query: QUERY });
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const [, requestP50, requestP95] = await measure('whole request', async () => {
  const res = await fetch(platform.gatewayUrl, { method: 'POST', headers, body });
  await res.text();
});
await platform.stop();
await database.close();

printTable(
  `Security overhead per request (µs, ${N} runs each) against a whole request through the gateway`,
  ['stage', 'p50 µs', 'p95 µs'],
  [
    ...stages,
    ['total per request', totalP50, stages.reduce((s, [, , p95]) => s + p95, 0)],
    ...fresh,
    ['baseline: whole gateway request', requestP50, requestP95],
  ],
);
process.stdout.write(
  `\nsecurity stages add ${(totalP50 / 1000).toFixed(3)} ms at p50 (target < 1 ms): ${((totalP50 / requestP50) * 100).toFixed(1)}% of a ${(requestP50 / 1000).toFixed(2)} ms request\n`,
);
