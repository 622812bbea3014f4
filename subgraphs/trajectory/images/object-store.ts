import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Where image bytes live. Keys are content addresses (`images/<sha256>`), so a put of a key that
 * exists writes the same bytes again and is harmless: no locking is needed between replicas.
 */
export interface ObjectStore {
  readonly kind: 'filesystem' | 's3';
  /** For logs and the banner: a folder, or the endpoint and bucket. */
  readonly location: string;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export interface ObjectStoreSettings {
  store: 'filesystem' | 's3';
  /** The filesystem store's folder. */
  dir: string;
  s3: {
    endpoint: string | undefined;
    region: string;
    bucket: string;
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    /** Path-style addressing (MinIO, s3rver, Ceph); AWS itself takes virtual-hosted style. */
    forcePathStyle: boolean;
  };
}

export function objectStore(settings: ObjectStoreSettings): ObjectStore {
  return settings.store === 's3' ? new S3ObjectStore(settings.s3) : new FilesystemObjectStore(settings.dir);
}

/** A folder (under DATA_DIR by default); two levels of fan-out keep directories small. */
export class FilesystemObjectStore implements ObjectStore {
  readonly kind = 'filesystem';
  readonly location: string;

  constructor(dir: string) {
    this.location = resolve(dir);
  }

  private path(key: string): string {
    if (!/^[a-z]+\/[a-z0-9.]+$/.test(key)) throw new Error(`not an object key: ${key}`);
    const [prefix, name] = key.split('/') as [string, string];
    return join(this.location, prefix, name.slice(0, 2), name);
  }

  async put(key: string, bytes: Uint8Array, _contentType?: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Written beside and renamed: a reader never sees half a file.
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/**
 * Any S3-compatible store: AWS S3, MinIO, Ceph, R2 (tested against s3rver, a real S3 endpoint).
 * The SDK is loaded on first use: it is large, and the default store does not need it.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3';
  readonly location: string;
  private readonly bucket: string;
  private sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3') }> | null = null;

  constructor(private readonly settings: ObjectStoreSettings['s3']) {
    this.bucket = settings.bucket;
    this.location = `${settings.endpoint ?? 'aws'}/${settings.bucket}`;
  }

  private connect() {
    this.sdk ??= import('@aws-sdk/client-s3').then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: this.settings.region,
        forcePathStyle: this.settings.forcePathStyle,
        ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
        ...(this.settings.accessKeyId && this.settings.secretAccessKey
          ? { credentials: { accessKeyId: this.settings.accessKeyId, secretAccessKey: this.settings.secretAccessKey } }
          : {}),
      }),
    }));
    return this.sdk;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const { client, s3 } = await this.connect();
    await client.send(new s3.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<Buffer | null> {
    const { client, s3 } = await this.connect();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
    } catch (err) {
      if (err instanceof s3.NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { client, s3 } = await this.connect();
    await client.send(new s3.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
