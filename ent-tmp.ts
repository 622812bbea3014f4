import { pino } from 'pino';
import { startPlatform } from './platform/all-in-one.js';
import { EPHEMERAL_PORTS, loadConfig } from './platform/config.js';
import { IdentityTokens, IDENTITY_HEADER } from './platform/security/identity.js';
import { percentile } from './bench/support/stats.js';
const KEY = 'mi-bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
const SECRET = 'bench-identity-secret-0123456789abcdefghijkl';
const config = loadConfig({ ...EPHEMERAL_PORTS, ADMIN_API_KEY: KEY, IDENTITY_SECRET: SECRET, LOG_LEVEL: 'warn', RATE_LIMIT_ADMIN: String(1e12), DATA_DIR: '' });
const p = await startPlatform(config, pino({ level: 'warn' }));
for await (const _ of p.model.events.follow(p.firstRun!.id));
const token = await new IdentityTokens(SECRET).sign({ kind: 'api_key', keyId: '00000000-0000-4000-8000-000000000001', name: 'b', role: 'admin' });
async function q(url: string, query: string, variables: Record<string, unknown> = {}, direct = false) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(direct ? { [IDENTITY_HEADER]: token } : { authorization: `Bearer ${KEY}` }) }, body: JSON.stringify({ query, variables }) });
  const b = await res.json() as { errors?: unknown; data?: unknown };
  if (b.errors) throw new Error(JSON.stringify(b.errors).slice(0, 300));
  return b.data;
}
async function lat(name: string, fn: () => Promise<unknown>, n = 100) {
  for (let i = 0; i < 20; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); xs.push(performance.now() - t); }
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(55), percentile(xs, 50).toFixed(2), percentile(xs, 95).toFixed(2));
}
const data = await q(p.gatewayUrl, '{ trajectories(first: 100) { edges { node { id } } } }') as { trajectories: { edges: { node: { id: string } }[] } };
const reps = data.trajectories.edges.map((e) => ({ __typename: 'Trajectory', id: e.node.id }));
const ENT = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Trajectory { predictedReward { value } } } }';
const ENTR = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Trajectory { reward { total } } } }';
await lat('direct model _entities x100 predictedReward', () => q(p.subgraphUrls.model, ENT, { r: reps }, true));
await lat('direct reward _entities x100 reward', () => q(p.subgraphUrls.reward, ENTR, { r: reps }, true));
await lat('direct trajectory list 100 ids', () => q(p.subgraphUrls.trajectory, '{ trajectories(first: 100) { edges { node { id } } } }', {}, true));
await lat('gateway page ids', () => q(p.gatewayUrl, '{ trajectories(first: 100) { edges { node { id } } } }'));
await lat('gateway page predicted', () => q(p.gatewayUrl, '{ trajectories(first: 100) { edges { node { id predictedReward { value } } } } }'));
await lat('in-process predictVectors 100 (cached feats)', async () => { await p.model.predictor.predictVectors(reps.map((r) => p.model.features.get(r.id)!), null); });
await p.stop();
