import { execFileSync } from 'node:child_process';
import { licenceOf, REVIEWED, verdict } from './licence-policy.js';

/**
 * Lists every production dependency's licence (npm query ".prod": what `npm ci --omit=dev`
 * installs) against the policy in licence-policy.ts; exits 1 naming any package outside it.
 */
interface Installed {
  name: string;
  version: string;
  license?: unknown;
  path?: string;
}

const root = (JSON.parse(execFileSync('npm', ['pkg', 'get', 'name'], { encoding: 'utf8' })) as string).trim();
const installed = (
  JSON.parse(execFileSync('npm', ['query', '.prod'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Installed[]
).filter((p) => p.name !== root);
const byLicence = new Map<string, string[]>();
const refused: string[] = [];
const reviewed: string[] = [];
for (const p of installed) {
  const licence = licenceOf(p.license);
  byLicence.set(licence, [...(byLicence.get(licence) ?? []), `${p.name}@${p.version}`]);
  const v = verdict(licence, p.name);
  if (v === 'refused') refused.push(`${p.name}@${p.version} (${licence})`);
  if (v === 'reviewed') reviewed.push(`${p.name}@${p.version} (${licence})`);
}
process.stdout.write(`${installed.length} production packages:\n`);
for (const [licence, packages] of [...byLicence].sort((a, b) => b[1].length - a[1].length)) {
  process.stdout.write(`  ${String(packages.length).padStart(4)}  ${licence}\n`);
}
if (reviewed.length) {
  process.stdout.write(`Allowed after review:\n${reviewed.map((r) => `  ${r}`).join('\n')}\n`);
  for (const [licence, { why }] of Object.entries(REVIEWED)) process.stdout.write(`  ${licence}: ${why}\n`);
}
if (refused.length) {
  process.stderr.write(
    `Licences outside the policy (scripts/licence-policy.ts; review, then allow or replace):\n${refused.map((r) => `  ${r}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write('Every production dependency is within the licence policy.\n');
