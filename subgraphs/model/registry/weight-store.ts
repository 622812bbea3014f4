import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { modelVersions } from '../../../db/schema/index.js';

export type WeightStoreName = 'postgres' | 'filesystem';

/**
 * Where a version's weights live. The row in model_versions always holds the topology, the
 * weight specs and `weights_store`, which says where the bytes are, so versions written under
 * one setting stay readable after the setting changes.
 */
export interface WeightStore {
  readonly name: WeightStoreName;
  put(db: Executor, versionId: string, bytes: Uint8Array): Promise<void>;
  get(db: Executor, versionId: string): Promise<Uint8Array>;
}

/** In the row (bytea, encrypted with ENCRYPT_MODEL_WEIGHTS): a version is one row and moves with a pg_dump. */
export class PostgresWeightStore implements WeightStore {
  readonly name = 'postgres' as const;

  async put(db: Executor, versionId: string, bytes: Uint8Array): Promise<void> {
    await db.update(modelVersions).set({ weights: bytes, weightsStore: this.name }).where(eq(modelVersions.id, versionId));
  }

  async get(db: Executor, versionId: string): Promise<Uint8Array> {
    const [row] = await db.select({ weights: modelVersions.weights }).from(modelVersions).where(eq(modelVersions.id, versionId));
    if (!row?.weights) throw new Error(`model version ${versionId} has no weights in Postgres`);
    return row.weights;
  }
}

/**
 * In files under a directory (`<version id>.weights.bin`), e.g. a volume shared by the Model
 * replicas or an object-store mount: large models stay out of the database and its backups.
 * Written to a temporary name and renamed, so a reader never sees half a file.
 */
export class FilesystemWeightStore implements WeightStore {
  readonly name = 'filesystem' as const;

  constructor(private readonly dir: string) {}

  private path(versionId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(versionId)) throw new Error(`not a version id: ${versionId}`);
    return join(this.dir, `${versionId}.weights.bin`);
  }

  async put(db: Executor, versionId: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.path(versionId);
    await writeFile(`${path}.tmp`, bytes);
    await rename(`${path}.tmp`, path);
    await db.update(modelVersions).set({ weights: null, weightsStore: this.name }).where(eq(modelVersions.id, versionId));
  }

  async get(_db: Executor, versionId: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.path(versionId)));
  }
}

/** The store new versions are written to, and every store a version may have been written to. */
export interface WeightStores {
  write: WeightStore;
  read(name: string): WeightStore;
}

export function weightStores(options: { store: WeightStoreName; dir: string }): WeightStores {
  const postgres = new PostgresWeightStore();
  const filesystem = new FilesystemWeightStore(options.dir);
  return {
    write: options.store === 'filesystem' ? filesystem : postgres,
    read: (name) => (name === 'filesystem' ? filesystem : postgres),
  };
}
