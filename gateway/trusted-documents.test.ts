import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Caller } from '../platform/security/caller.js';
import { TrustedDocuments, type TrustedDocumentsMode } from './trusted-documents.js';

const TEXT = 'query Me { me { role } }';
const HASH = createHash('sha256').update(TEXT).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'mi-trusted-'));
const manifestPath = join(dir, 'persisted-documents.json');
writeFileSync(manifestPath, JSON.stringify({ [`sha256:${HASH}`]: TEXT }));
const admin: Caller = { kind: 'api_key', keyId: 'k', name: 'ops', role: 'admin' };
const viewer: Caller = { kind: 'api_key', keyId: 'v', name: 'dash', role: 'viewer' };
const docs = (mode: TrustedDocumentsMode, adminsExempt = true) => TrustedDocuments.load({ mode, manifestPath, adminsExempt });

describe('TrustedDocuments', () => {
  it('fills in the text for an id in either form and drops the id', () => {
    expect(docs('allow').resolve({ documentId: `sha256:${HASH}`, variables: { a: 1 } }, viewer)).toEqual({
      ok: true,
      body: { query: TEXT, variables: { a: 1 } },
    });
    expect(
      docs('require').resolve({ extensions: { persistedQuery: { version: 1, sha256Hash: HASH }, trace: true } }, viewer),
    ).toEqual({
      ok: true,
      body: { query: TEXT, extensions: { trace: true } },
    });
  });

  it('require refuses text, unless an exempt admin sends it; off leaves bodies alone', () => {
    expect(docs('require').resolve({ query: TEXT }, viewer)).toMatchObject({
      ok: false,
      status: 403,
      code: 'PERSISTED_QUERY_REQUIRED',
    });
    expect(docs('require').resolve({ query: TEXT }, ANONYMOUS)).toMatchObject({ ok: false, code: 'PERSISTED_QUERY_REQUIRED' });
    expect(docs('require').resolve({ query: TEXT }, admin)).toMatchObject({ ok: true });
    expect(docs('require', false).resolve({ query: TEXT }, admin)).toMatchObject({ ok: false, code: 'PERSISTED_QUERY_REQUIRED' });
    const body = { documentId: `sha256:${HASH}` };
    expect(docs('off').resolve(body, viewer)).toEqual({ ok: true, body });
  });

  it('an unknown or malformed id is PERSISTED_QUERY_NOT_FOUND; a missing manifest fails the start', () => {
    expect(docs('allow').resolve({ documentId: 'sha256:abc' }, viewer)).toMatchObject({
      ok: false,
      status: 400,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    expect(() => TrustedDocuments.load({ mode: 'require', manifestPath: join(dir, 'missing.json'), adminsExempt: true })).toThrow(
      /does not exist/,
    );
  });
});
