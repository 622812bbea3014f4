import { readFileSync } from 'node:fs';
import type { Config } from './config.js';

/** Reads the gateway's certificate and key at start (paths from configuration). */
export function readTls(tls: Config['tls']): { cert: Buffer; key: Buffer } | undefined {
  return tls ? { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } : undefined;
}
