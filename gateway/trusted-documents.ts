import { existsSync, readFileSync } from 'node:fs';
import { ErrorCode } from '../platform/errors.js';
import type { Caller } from '../platform/security/caller.js';

export type TrustedDocumentsMode = 'off' | 'allow' | 'require';

export interface TrustedDocumentsSettings {
  /** off: ids are not accepted; allow: ids and free text; require: ids only (admins too, unless exempt). */
  mode: TrustedDocumentsMode;
  /** persisted-documents.json as codegen writes it: `{ "sha256:<hex>": "<document>" }`. */
  manifestPath: string;
  adminsExempt: boolean;
}

export type Resolution = { ok: true; body: unknown } | { ok: false; status: number; code: string; message: string };

const ID = /^(?:sha256:)?([0-9a-f]{64})$/;

/**
 * Trusted documents: the operations the project's clients send (examples/, generated into a
 * manifest by codegen), accepted by their id, so a client sends `documentId` instead of the
 * text. With `require`, nothing else runs: a leaked key cannot be used for arbitrary queries.
 * Also takes Apollo's `extensions.persistedQuery.sha256Hash` form of the id.
 */
export class TrustedDocuments {
  private constructor(
    private readonly settings: TrustedDocumentsSettings,
    private readonly documents: ReadonlyMap<string, string>,
  ) {}

  static load(settings: TrustedDocumentsSettings): TrustedDocuments {
    if (settings.mode === 'off') return new TrustedDocuments(settings, new Map());
    if (!existsSync(settings.manifestPath)) {
      // Without a manifest, `allow` simply knows no ids; `require` would refuse everything, so it cannot start.
      if (settings.mode === 'allow') return new TrustedDocuments(settings, new Map());
      throw new Error(
        `TRUSTED_DOCUMENTS=${settings.mode} but the manifest ${settings.manifestPath} does not exist (npm run codegen writes it)`,
      );
    }
    const manifest = JSON.parse(readFileSync(settings.manifestPath, 'utf8')) as Record<string, string>;
    const documents = new Map<string, string>();
    for (const [key, text] of Object.entries(manifest)) {
      const hash = ID.exec(key)?.[1];
      if (hash && typeof text === 'string') documents.set(hash, text);
    }
    return new TrustedDocuments(settings, documents);
  }

  /** The request body with the document filled in from its id, or why it is refused. */
  resolve(body: unknown, caller: Caller): Resolution {
    if (this.settings.mode === 'off' || typeof body !== 'object' || body === null || Array.isArray(body))
      return { ok: true, body };
    const request = body as Record<string, unknown>;
    const id = idOf(request);
    if (id !== undefined) {
      const hash = ID.exec(id)?.[1];
      const text = hash ? this.documents.get(hash) : undefined;
      if (!text) {
        return {
          ok: false,
          status: 400,
          code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
          message: `No trusted document with id ${id.slice(0, 80)}; send one of the manifest's ids (examples/generated/persisted-documents.json).`,
        };
      }
      const { documentId: _id, extensions, ...rest } = request;
      const { persistedQuery: _pq, ...otherExtensions } = (extensions ?? {}) as Record<string, unknown>;
      return {
        ok: true,
        body: { ...rest, query: text, ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}) },
      };
    }
    if (this.settings.mode === 'require' && !(this.settings.adminsExempt && caller.role === 'admin')) {
      return {
        ok: false,
        status: 403,
        code: ErrorCode.PERSISTED_QUERY_REQUIRED,
        message: 'This gateway runs trusted documents only: send a documentId from the manifest instead of the query text.',
      };
    }
    return { ok: true, body };
  }
}

function idOf(request: Record<string, unknown>): string | undefined {
  if (typeof request.documentId === 'string') return request.documentId;
  const extensions = request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}
