import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fromRoot } from '../platform/paths.js';

/** What the bundles are made of: when none of it changed, the build is skipped. */
const INPUTS = ['web', 'examples/generated/graphql.ts', 'examples', 'package-lock.json'];
export const WEB_DIST = fromRoot('dist', 'web');
const STAMP = join(WEB_DIST, '.inputs-sha256');

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

function inputsDigest(): string {
  const hash = createHash('sha256');
  for (const file of [...new Set(INPUTS.flatMap((p) => files(fromRoot(p))))].sort()) {
    hash.update(relative(fromRoot(), file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The built files and their sizes, raw and gzipped, largest first. */
export function bundleSizes(): AssetSize[] {
  return files(WEB_DIST)
    .filter((f) => !f.endsWith('.inputs-sha256'))
    .map((f) => {
      const body = readFileSync(f);
      return { file: relative(WEB_DIST, f), bytes: body.length, gzipBytes: gzipSync(body).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * Builds the console and GraphiQL into dist/web with Vite unless the inputs are unchanged since
 * the last build (npm start and the tests call this; a build takes about half a minute).
 */
export async function buildWeb(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<'built' | 'up to date'> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const digest = inputsDigest();
  if (!options.force && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest) return 'up to date';
  log('Building the web console and GraphiQL (Vite) into dist/web…');
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: fromRoot('web', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, digest);
  const sizes = bundleSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
  for (const s of sizes.slice(0, 8))
    log(`  ${s.file.padEnd(48)} ${kb(s.bytes).padStart(12)}  gzip ${kb(s.gzipBytes).padStart(10)}`);
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await buildWeb({ force: process.argv.includes('--force') });
  if (result === 'up to date') process.stderr.write('dist/web is up to date.\n');
}
