import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { images } from '../../db/schema/trajectory.js';
import { illustrationSvg } from '../../demo/illustration-svg.js';
import type { AssessmentState } from '../../domain/assessment/state.js';
import { createAccessSubgraph } from '../../subgraphs/access/server.js';
import { ImageLibrary } from '../../subgraphs/trajectory/images/image-library.js';
import { FilesystemObjectStore, S3ObjectStore } from '../../subgraphs/trajectory/images/object-store.js';
import { BACKENDS, createTestDatabase } from '../support/database.js';
import { stateWith } from '../support/fixtures.js';
import { createSubgraphs, exec, silentLog } from '../support/subgraphs.js';

const SUBMIT_MANY = /* GraphQL */ `
  mutation ($inputs: [SubmitTrajectoryInput!]!) {
    submitTrajectories(inputs: $inputs) {
      acceptedCount
      rejectedCount
      results {
        trajectory {
          id
          image {
            sha256
            url
            thumbnailUrl
          }
        }
        error {
          code
          fieldErrors {
            path
            message
          }
        }
      }
    }
  }
`;
interface SubmitManyData {
  submitTrajectories: {
    acceptedCount: number;
    rejectedCount: number;
    results: {
      trajectory: { id: string; image: { sha256: string; url: string | null; thumbnailUrl: string | null } } | null;
      error: { code: string; fieldErrors: { path: string; message: string }[] } | null;
    }[];
  };
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A state declaring `bytes` as its image, sent with them (base64) unless `content` says otherwise. */
function withImage(bytes: Buffer, declare: Partial<AssessmentState['image']>, content?: Record<string, unknown>) {
  const state = stateWith((s) => Object.assign(s.image, { sha256: sha(bytes), ...declare }));
  return { state: { ...state, image: { ...state.image, content: content ?? { base64: bytes.toString('base64') } } } };
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
}

describe.each(BACKENDS)('Images at capture on %s', (backend) => {
  let database: DatabaseHandle;
  let subgraphs: Awaited<ReturnType<typeof createSubgraphs>>;
  const submit = (inputs: unknown[]) =>
    exec<never, SubmitManyData>(subgraphs.trajectory as never, SUBMIT_MANY, { inputs }).then((r) => {
      expect(r.errors).toBeUndefined();
      return (r.data as SubmitManyData).submitTrajectories;
    });

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    subgraphs = await createSubgraphs(database);
  });
  afterAll(async () => database?.close());

  it('keeps a PNG once by its sha256, serves a thumbnail, and says where', async () => {
    const bytes = await png(640, 480);
    const input = withImage(bytes, { format: 'PNG', width: 640, height: 480 });
    const out = await submit([input, { ...input, idempotencyKey: 'second-use-of-the-same-image' }]);
    expect(out.acceptedCount).toBe(2);
    const image = out.results[0]?.trajectory?.image;
    expect(image).toEqual({
      sha256: sha(bytes),
      url: `/images/${sha(bytes)}`,
      thumbnailUrl: `/images/${sha(bytes)}/thumbnail`,
    });
    expect((await database.db.select({ n: count() }).from(images))[0]?.n).toBe(1);
    const library = subgraphs.trajectory.images;
    expect((await library.original(sha(bytes)))?.bytes.equals(bytes)).toBe(true);
    const thumbnail = await library.thumbnail(sha(bytes));
    const meta = await sharp(thumbnail ?? Buffer.alloc(0)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 320, 240]);
  });

  it('refuses bytes that disagree with the declaration, naming the field, and stores the others of the batch', async () => {
    const bytes = await png(100, 80);
    const svgWithScript = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    const outside = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/passwd"/></svg>',
    );
    const good = await png(120, 90);
    const out = await submit([
      {
        state: {
          ...withImage(bytes, { format: 'PNG', width: 100, height: 80 }).state,
          image: { ...withImage(bytes, { format: 'PNG', width: 100, height: 80 }).state.image, sha256: 'a'.repeat(64) },
        },
      },
      withImage(bytes, { format: 'JPEG', width: 100, height: 80 }),
      withImage(bytes, { format: 'PNG', width: 101, height: 80 }),
      withImage(bytes, { format: 'PNG', width: 100, height: 80 }, { base64: '***not base64***' }),
      withImage(bytes, { format: 'PNG', width: 100, height: 80 }, { url: 'http://169.254.169.254/latest/meta-data' }),
      withImage(svgWithScript, { format: 'SVG', width: 10, height: 10 }),
      withImage(outside, { format: 'SVG', width: 10, height: 10 }),
      withImage(Buffer.from('plain text, not an image'), { format: 'PNG', width: 10, height: 10 }),
      withImage(
        bytes,
        { format: 'PNG', width: 100, height: 80 },
        { base64: bytes.toString('base64'), url: 'https://x.org/a.png' },
      ),
      withImage(good, { format: 'PNG', width: 120, height: 90 }),
    ]);
    const paths = out.results.map((r) => r.error?.fieldErrors[0]?.path ?? 'accepted');
    expect(paths).toEqual([
      'state.image.sha256',
      'state.image.format',
      'state.image.width',
      'state.image.content.base64',
      'state.image.content.url',
      'state.image.content',
      'state.image.content',
      'state.image.content',
      'state.image.content',
      'accepted',
    ]);
    expect(out.results.slice(0, 9).every((r) => r.error?.code === 'BAD_USER_INPUT')).toBe(true);
    expect(out.results[4]?.error?.fieldErrors[0]?.message).toContain('IMAGE_FETCH_ORIGINS is empty');
    expect(out.results[5]?.error?.fieldErrors[0]?.message).toContain('<script>');
    expect(out.results[6]?.error?.fieldErrors[0]?.message).toContain('file:///etc/passwd');
    // Only the good one's bytes were kept.
    expect(await subgraphs.trajectory.images.held([sha(bytes), sha(svgWithScript), sha(good)])).toEqual([false, false, true]);
  });

  it('an image kept for a submission that was then refused is swept after an hour', async () => {
    const bytes = await png(60, 40);
    const input = withImage(bytes, { format: 'PNG', width: 60, height: 40 });
    const out = await submit([{ ...input, state: { ...input.state, steps: [] } }]);
    expect(out.results[0]?.error?.fieldErrors[0]?.path).toBe('state.steps');
    const library = subgraphs.trajectory.images;
    expect(await library.held([sha(bytes)])).toEqual([true]);
    await library.deleteOrphans(new Date());
    expect(await library.held([sha(bytes)])).toEqual([true]);
    await library.deleteOrphans(new Date(Date.now() + 2 * 3_600_000));
    expect(await library.held([sha(bytes)])).toEqual([false]);
  });

  it('a trajectory sent without bytes says so: no url', async () => {
    const out = await submit([{ state: stateWith((s) => (s.image.sha256 = 'b'.repeat(64))) }]);
    expect(out.results[0]?.trajectory?.image.url).toBeNull();
  });

  it('erasing the person who submitted an image removes it, unless someone else submitted it too', async () => {
    const svg = Buffer.from(
      illustrationSvg(
        stateWith((s) => Object.assign(s.image, { width: 400, height: 300 })),
        3,
      ),
    );
    const shared = await png(50, 50);
    const input = (bytes: Buffer, declare: Partial<AssessmentState['image']>, key: string) => ({
      ...withImage(bytes, declare),
      idempotencyKey: key,
    });
    const asRole = (role: 'annotator' | 'ml_engineer', inputs: unknown[]) =>
      exec<never, SubmitManyData>(subgraphs.trajectory as never, SUBMIT_MANY, { inputs }, role);
    await asRole('annotator', [
      input(svg, { format: 'SVG', width: 400, height: 300 }, 'erase-1'),
      input(shared, { format: 'PNG', width: 50, height: 50 }, 'erase-2'),
    ]);
    await asRole('ml_engineer', [input(shared, { format: 'PNG', width: 50, height: 50 }, 'keep-1')]);
    const library = subgraphs.trajectory.images;
    expect(await library.held([sha(svg), sha(shared)])).toEqual([true, true]);

    const access = createAccessSubgraph({
      db: database.db,
      log: silentLog,
      isProduction: false,
      auditLog: subgraphs.auditLog,
      retention: { trajectoryDays: 0, auditDays: 0, checkIntervalMs: 60_000 },
      removalListeners: [library],
    });
    const folder = library.store.location;
    const file = join(folder, 'images', sha(svg).slice(0, 2), sha(svg));
    expect(existsSync(file)).toBe(true);
    // The annotator test caller's key id (test/support/subgraphs.ts callerWith).
    await access.lifecycle.deleteSubject('api_key:00000000-0000-4000-8000-000000000002', { id: 'test', name: 'test' });
    expect(await library.held([sha(svg), sha(shared)])).toEqual([false, true]);
    expect(existsSync(file)).toBe(false);
  });
});

describe('Images fetched by URL, from configured origins only', () => {
  let server: Server;
  let origin = '';
  let bytes: Buffer;

  beforeAll(async () => {
    bytes = await png(64, 48);
    server = createServer((req, res) => {
      if (req.url === '/a.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(bytes);
      if (req.url === '/moved.png') return void res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      if (req.url === '/huge.png') return void res.writeHead(200).end(Buffer.alloc(2 << 20));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('takes an image from an allowed origin and records where it came from; refuses redirects, oversize and other origins', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const store = new FilesystemObjectStore(mkdtempSync(join(tmpdir(), 'mi-url-images-')));
      const library = new ImageLibrary(database.db, store, { maxBytes: 1 << 20, fetchOrigins: [origin], fetchTimeoutMs: 2000 });
      const declared = { sha256: sha(bytes), width: 64, height: 48, format: 'PNG' };
      expect(await library.ingest({ url: `${origin}/a.png` }, declared)).toEqual([]);
      const [row] = await database.db.select().from(images);
      expect(row?.sourceUrl).toBe(`${origin}/a.png`);
      const problem = async (url: string) => (await library.ingest({ url }, declared))[0]?.message;
      expect(await problem(`${origin}/moved.png`)).toBe('answered HTTP 302');
      expect(await problem(`${origin}/huge.png`)).toMatch(/larger than IMAGE_MAX_BYTES/);
      expect(await problem(`${origin}/missing.png`)).toBe('answered HTTP 404');
      expect(await problem('http://localhost:9/a.png')).toMatch(/not on an allowed origin/);
    } finally {
      await database.close();
    }
  });
});

describe('Images in an S3-compatible store (s3rver, a real S3 endpoint)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mi-s3rver-'));
  let server: S3rver;
  let store: S3ObjectStore;

  beforeAll(async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'mi-images' }],
    });
    const { port } = await server.run();
    store = new S3ObjectStore({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: 'mi-images',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('captures, serves a thumbnail and erases through S3', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const library = new ImageLibrary(database.db, store, { maxBytes: 1 << 20, fetchOrigins: [], fetchTimeoutMs: 1000 });
      const bytes = await png(300, 200);
      const declared = { sha256: sha(bytes), width: 300, height: 200, format: 'PNG' };
      expect(await library.ingest({ base64: bytes.toString('base64') }, declared)).toEqual([]);
      expect((await store.get(`images/${sha(bytes)}`))?.equals(bytes)).toBe(true);
      expect((await library.original(sha(bytes)))?.contentType).toBe('image/png');
      expect((await sharp((await library.thumbnail(sha(bytes))) ?? Buffer.alloc(0)).metadata()).width).toBe(300);
      expect(await store.get(`thumbnails/${sha(bytes)}.png`)).not.toBeNull();
      // No trajectory refers to it: removal takes the bytes and the thumbnail.
      expect(await library.deleteUnreferenced([sha(bytes)])).toBe(1);
      expect(await store.get(`images/${sha(bytes)}`)).toBeNull();
      expect(await store.get(`thumbnails/${sha(bytes)}.png`)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
