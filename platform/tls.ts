import { readFileSync } from 'node:fs';
import type { Config } from './config.js';

/** What an HTTPS server needs: its certificate and, for mutual TLS, the CA clients must present. */
export interface ServerTls {
  cert: Buffer;
  key: Buffer;
  /** Set: clients must present a certificate signed by this CA (mutual TLS). */
  clientCa?: Buffer | undefined;
}

/** What the gateway needs to reach subgraphs over TLS: the CA to trust and, for mutual TLS, its own certificate. */
export interface ClientTls {
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
}

/** Reads a server's certificate (the gateway's `TLS_*`, a subgraph's `SUBGRAPH_TLS_*`) at start. */
export function readServerTls(
  tls: { certFile: string; keyFile: string; clientCaFile?: string | undefined } | undefined,
): ServerTls | undefined {
  if (!tls) return undefined;
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    clientCa: tls.clientCaFile ? readFileSync(tls.clientCaFile) : undefined,
  };
}

export function readClientTls(tls: Config['internalTls']['client']): ClientTls | undefined {
  if (!tls.caFile && !tls.certFile) return undefined;
  return {
    ca: tls.caFile ? readFileSync(tls.caFile) : undefined,
    cert: tls.certFile ? readFileSync(tls.certFile) : undefined,
    key: tls.keyFile ? readFileSync(tls.keyFile) : undefined,
  };
}
