import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTrajectories, submissionOf } from './trajectory-generator.js';

const USAGE = `Submit generated demo trajectories to a running gateway.

  npm run demo -- [--count N] [--batch N] [--url URL] [--seed N]

  --count  how many trajectories (default 100)
  --batch  items per submitTrajectories call; 1 uses submitTrajectory (default 50)
  --url    gateway GraphQL URL (default http://127.0.0.1:4000/graphql)
  --seed   generator seed; the same seed yields the same trajectories and keys (default: time)
  --key    API key with the annotator role or higher (default: $MI_API_KEY, else the
           development key in $DATA_DIR/dev-admin-key that npm start created)`;

const MUTATION = `mutation ($inputs: [SubmitTrajectoryInput!]!) {
  submitTrajectories(inputs: $inputs) { acceptedCount rejectedCount results { error { code message } } }
}`;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100' },
    batch: { type: 'string', default: '50' },
    url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    seed: { type: 'string' },
    key: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const count = Number(values.count);
const batch = Number(values.batch);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(batch) || batch < 1) {
  process.stderr.write(`--count and --batch must be positive integers\n\n${USAGE}\n`);
  process.exit(2);
}
const keyFile = resolve(process.env.DATA_DIR ?? './.data', 'dev-admin-key');
const apiKey = values.key ?? process.env.MI_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
if (!apiKey) {
  process.stderr.write(`no API key: pass --key, set MI_API_KEY, or run npm start once to create ${keyFile}\n`);
  process.exit(2);
}
const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
const generated = generateTrajectories({ count, seed, idPrefix: 'cli', images: true });

let accepted = 0;
let rejected = 0;
const started = Date.now();
for (let i = 0; i < generated.length; i += batch) {
  const inputs = generated.slice(i, i + batch).map(submissionOf);
  const res = await fetch(values.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: MUTATION, variables: { inputs } }),
  }).catch((err: unknown) => {
    process.stderr.write(
      `\ncannot reach ${values.url}: ${err instanceof Error ? err.message : String(err)}\nIs the platform running (npm start)?\n`,
    );
    process.exit(1);
  });
  const body = (await res.json()) as {
    data?: { submitTrajectories: { acceptedCount: number; rejectedCount: number } };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (body.errors?.length) {
    process.stderr.write(`\n${body.errors[0]?.extensions?.code ?? 'ERROR'}: ${body.errors[0]?.message}\n`);
    process.exit(1);
  }
  accepted += body.data?.submitTrajectories.acceptedCount ?? 0;
  rejected += body.data?.submitTrajectories.rejectedCount ?? 0;
  const done = Math.min(i + batch, generated.length);
  const rate = (done / ((Date.now() - started) / 1000)).toFixed(0);
  process.stdout.write(`\r  ${done}/${generated.length} submitted  (${accepted} accepted, ${rejected} rejected, ${rate}/s)`);
}
process.stdout.write(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed})\n`);
