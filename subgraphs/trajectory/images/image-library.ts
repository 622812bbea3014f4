import { createHash } from 'node:crypto';
import { and, eq, inArray, lt, notExists, notInArray, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Database } from '../../../db/client.js';
import type { RemovalListener } from '../../../domain/data-removal.js';
import { images, trajectories } from '../../../db/schema/trajectory.js';
import type { FieldError } from '../../../platform/errors.js';
import { strictBase64 } from '../../../platform/input.js';
import { CONTENT_TYPES, detectFormat, svgProblems, type ImageFormat } from './image-content.js';
import type { ObjectStore } from './object-store.js';

export interface ImageSettings {
  maxBytes: number;
  /** Origins capture may fetch an image URL from; empty: URLs are refused. */
  fetchOrigins: readonly string[];
  fetchTimeoutMs: number;
}

/** What capture sent: the bytes, or where to fetch them. */
export interface ImageContent {
  base64?: string | null;
  url?: string | null;
}

/** The image as the state declares it; the bytes must agree. */
export interface DeclaredImage {
  sha256: string;
  width: number;
  height: number;
  format: string;
}

export const THUMBNAIL_SIDE = 320;

/** A raster's size from its header (sharp reads no pixels for this). */
async function rasterSize(bytes: Buffer): Promise<{ width?: number | undefined; height?: number | undefined } | null> {
  return sharp(bytes, { limitInputPixels: 20_000 * 20_000 })
    .metadata()
    .catch(() => null);
}

/**
 * An SVG's size as its root element declares it (width/height in px or unitless, else the
 * viewBox), without parsing the document: what a browser shows and what sharp renders.
 */
export function svgSize(bytes: Buffer): { width?: number; height?: number } | null {
  const root = /<svg\b[^>]*>/i.exec(bytes.subarray(0, 8192).toString('utf8'))?.[0];
  if (!root) return null;
  const attr = (name: 'width' | 'height') =>
    (name === 'width' ? /\swidth\s*=\s*["']\s*([0-9.]+)(?:px)?\s*["']/i : /\sheight\s*=\s*["']\s*([0-9.]+)(?:px)?\s*["']/i).exec(
      root,
    )?.[1];
  const [, , vw, vh] = (/\sviewBox\s*=\s*["']([^"']*)["']/i.exec(root)?.[1] ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const width = Number(attr('width') ?? vw);
  const height = Number(attr('height') ?? vh);
  return Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0
    ? { width: Math.round(width), height: Math.round(height) }
    : null;
}
const imageKey = (sha256: string) => `images/${sha256}`;
const thumbnailKey = (sha256: string) => `thumbnails/${sha256}.png`;
/** An image just stored for a submission that is still in flight is not an orphan yet. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * The assessed images: checked (size, kind by magic bytes, the declared hash, format and size,
 * SVG confined to a picture), stored once by sha256 in object storage, thumbnailed on first
 * request, and deleted when no trajectory refers to them any more.
 */
export class ImageLibrary implements RemovalListener {
  constructor(
    private readonly db: Database,
    readonly store: ObjectStore,
    private readonly settings: ImageSettings,
  ) {}

  /** Field errors (paths under `state.image`), or none once the bytes are stored. */
  async ingest(content: ImageContent, declared: DeclaredImage): Promise<FieldError[]> {
    const at = (field: string, message: string): FieldError[] => [{ path: `state.image.${field}`, message }];
    const hasBytes = typeof content.base64 === 'string';
    const hasUrl = typeof content.url === 'string';
    if (hasBytes === hasUrl) return at('content', 'give exactly one of base64 and url');
    const fetched = hasBytes ? this.decode(content.base64 ?? '') : await this.fetch(content.url ?? '');
    if ('error' in fetched) return at(hasBytes ? 'content.base64' : 'content.url', fetched.error);
    const bytes = fetched.bytes;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== declared.sha256) return at('sha256', `does not match the image's bytes (their sha256 is ${sha256})`);
    const format = detectFormat(bytes);
    if (!format) return at('content', 'is not a PNG, JPEG, WebP, TIFF, SVG or DICOM image (checked by its first bytes)');
    if (format !== declared.format) return at('format', `says ${declared.format}, but the bytes are ${format}`);
    if (format === 'SVG') {
      const problems = svgProblems(bytes.toString('utf8'));
      if (problems.length > 0) return at('content', `SVG refused: it ${problems.join('; ')}`);
    }
    if (format !== 'DICOM') {
      const size = format === 'SVG' ? svgSize(bytes) : await rasterSize(bytes);
      if (!size?.width || !size.height) return at('content', `cannot be read as ${format} (no size found)`);
      if (size.width !== declared.width || size.height !== declared.height) {
        return at('width', `says ${declared.width}×${declared.height}, but the image is ${size.width}×${size.height}`);
      }
    }
    await this.put(sha256, format, bytes, hasUrl ? (content.url ?? null) : null);
    return [];
  }

  private async put(sha256: string, format: ImageFormat, bytes: Buffer, sourceUrl: string | null): Promise<void> {
    const contentType = CONTENT_TYPES[format];
    // Bytes first, then the row that says they are there; a second put of the same image writes
    // the same bytes again (content-addressed) and its row is left as it was.
    await this.store.put(imageKey(sha256), bytes, contentType);
    await this.db
      .insert(images)
      .values({ sha256, format, contentType, byteSize: bytes.byteLength, sourceUrl })
      .onConflictDoNothing();
  }

  private decode(base64: string): { bytes: Buffer } | { error: string } {
    const compact = base64.replace(/\s+/g, '');
    if (compact.length === 0) return { error: 'is empty' };
    if (Math.floor((compact.length * 3) / 4) > this.settings.maxBytes + 2) return { error: this.tooLarge() };
    const bytes = strictBase64(compact);
    if (!bytes) return { error: 'is not base64' };
    return bytes.byteLength > this.settings.maxBytes ? { error: this.tooLarge() } : { bytes };
  }

  private tooLarge(): string {
    return `is larger than IMAGE_MAX_BYTES (${this.settings.maxBytes} bytes)`;
  }

  /**
   * Only from the configured origins (never an arbitrary address: that would let any caller make
   * the platform reach its own network), no redirects, within the size and time limits.
   */
  private async fetch(url: string): Promise<{ bytes: Buffer } | { error: string }> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return { error: 'is not a URL' };
    }
    if (!this.settings.fetchOrigins.includes(origin)) {
      return {
        error:
          this.settings.fetchOrigins.length === 0
            ? 'fetching images by URL is off (IMAGE_FETCH_ORIGINS is empty): send the bytes as base64'
            : `is not on an allowed origin (${this.settings.fetchOrigins.join(', ')})`,
      };
    }
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(this.settings.fetchTimeoutMs) });
      if (res.status !== 200 || !res.body) return { error: `answered HTTP ${res.status}` };
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > this.settings.maxBytes) return { error: this.tooLarge() };
        chunks.push(chunk);
      }
      return { bytes: Buffer.concat(chunks) };
    } catch (err) {
      return { error: `could not be fetched (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  /** The stored bytes and their type, or null when the platform has none for this hash. */
  async original(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    const [row] = await this.db.select().from(images).where(eq(images.sha256, sha256));
    if (!row) return null;
    const bytes = await this.store.get(imageKey(sha256));
    return bytes ? { bytes, contentType: row.contentType } : null;
  }

  /** A PNG at most THUMBNAIL_SIDE on each side, made on first request and kept; null for DICOM or no image. */
  async thumbnail(sha256: string): Promise<Buffer | null> {
    const kept = await this.store.get(thumbnailKey(sha256));
    if (kept) return kept;
    const original = await this.original(sha256);
    if (!original || original.contentType === CONTENT_TYPES.DICOM) return null;
    const png = await sharp(original.bytes)
      .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    await this.store.put(thumbnailKey(sha256), png, 'image/png');
    return png;
  }

  /** Which of these hashes the platform holds bytes for (one query, for a page of trajectories). */
  async held(shas: readonly string[]): Promise<boolean[]> {
    const rows = shas.length
      ? await this.db
          .select({ sha256: images.sha256 })
          .from(images)
          .where(inArray(images.sha256, [...shas]))
      : [];
    const have = new Set(rows.map((r) => r.sha256));
    return shas.map((s) => have.has(s));
  }

  /**
   * Deletes the images no trajectory refers to (after erasure or retention removed their
   * trajectories, or a submission whose image was stored was then refused), bytes and thumbnail
   * with the row. Returns how many.
   */
  async deleteOrphans(now = new Date()): Promise<number> {
    const orphans = await this.db
      .select({ sha256: images.sha256 })
      .from(images)
      .where(
        and(
          lt(images.createdAt, new Date(now.getTime() - ORPHAN_GRACE_MS)),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(trajectories)
              .where(eq(trajectories.imageSha256, images.sha256)),
          ),
        ),
      );
    return this.delete(orphans.map((o) => o.sha256));
  }

  /** Removal (retention, erasure): the images of these trajectories that no other trajectory refers to. */
  async onRemoved(removed: { trajectoryIds: readonly string[]; imageSha256s: readonly string[] }): Promise<void> {
    await this.deleteUnreferenced(removed.imageSha256s, removed.trajectoryIds);
  }

  /** Deletes these images now if no trajectory but `except` refers to them (no grace period). */
  async deleteUnreferenced(shas: readonly string[], except: readonly string[] = []): Promise<number> {
    if (shas.length === 0) return 0;
    const still = await this.db
      .selectDistinct({ sha256: trajectories.imageSha256 })
      .from(trajectories)
      .where(
        and(
          inArray(trajectories.imageSha256, [...new Set(shas)]),
          except.length ? notInArray(trajectories.id, [...except]) : undefined,
        ),
      );
    const referenced = new Set(still.map((r) => r.sha256));
    return this.delete([...new Set(shas)].filter((s) => !referenced.has(s)));
  }

  private async delete(shas: readonly string[]): Promise<number> {
    for (const sha256 of shas) {
      await this.store.delete(imageKey(sha256));
      await this.store.delete(thumbnailKey(sha256));
      await this.db.delete(images).where(eq(images.sha256, sha256));
    }
    return shas.length;
  }
}
