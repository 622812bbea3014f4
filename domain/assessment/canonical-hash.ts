import { createHash } from 'node:crypto';

/**
 * JSON with sorted keys and without null/undefined members, so that two payloads that
 * mean the same thing (GraphQL sends absent optionals as null or leaves them out) hash alike.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const canonicalHash = (value: unknown): string => sha256Hex(canonicalJson(value));
