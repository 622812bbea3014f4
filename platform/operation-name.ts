/**
 * The gateway names each subgraph fetch "<ClientOperation>__<subgraph>__<n>". Logs, metrics and
 * the audit log use the client's name, so one operation can be followed across services.
 */
export function clientOperationName(name: string): string {
  return /^(.+)__[a-z0-9_]+__\d+$/.exec(name)?.[1] ?? name;
}
