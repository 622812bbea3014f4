import type { IMAGE_FORMATS } from '../../../domain/assessment/state.js';

export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** One piece of an XML prolog, with the space after it. */
const PROLOG = /^(?:<\?xml[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*/i;

/** What the bytes are, by their first bytes (never by what the client says or the file name). */
export function detectFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'PNG';
  if (at(0, 0xff, 0xd8, 0xff)) return 'JPEG';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'WEBP';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'TIFF';
  if (at(128, 0x44, 0x49, 0x43, 0x4d)) return 'DICOM';
  // SVG is text: an optional BOM, XML declaration, comments or doctype, then an <svg> element.
  let rest = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  for (let prolog = PROLOG.exec(rest); prolog; prolog = PROLOG.exec(rest)) rest = rest.slice(prolog[0].length);
  if (/^<svg[\s>]/i.test(rest)) return 'SVG';
  return null;
}

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  PNG: 'image/png',
  JPEG: 'image/jpeg',
  SVG: 'image/svg+xml',
  TIFF: 'image/tiff',
  WEBP: 'image/webp',
  DICOM: 'application/dicom',
};

/**
 * SVG is a document that can run script, load other resources and (through the renderer that
 * makes its thumbnail) read local files. We keep it only when it is a picture and nothing else:
 * no script, no event handlers, no foreign HTML, no entities, and references only within itself
 * or to inline data. The bytes are kept as sent (their sha256 is the image's identity), so a
 * document that needs cleaning is refused with the reason, not silently changed. Served, it is
 * also confined by a sandboxing content security policy (see image-route.ts).
 */
export function svgProblems(text: string): string[] {
  const problems: string[] = [];
  if (/<script[\s>/]/i.test(text)) problems.push('contains a <script> element');
  if (/<foreignObject[\s>/]/i.test(text)) problems.push('contains a <foreignObject> element');
  if (/<!ENTITY/i.test(text)) problems.push('declares XML entities');
  if (/\son[a-z]+\s*=/i.test(text)) problems.push('has event handler attributes (on…=)');
  if (/javascript:/i.test(text)) problems.push('contains a javascript: URL');
  for (const match of text.matchAll(/(?:xlink:)?href\s*=\s*["']\s*([^"']*)["']/gi)) {
    const target = match[1] ?? '';
    if (!target.startsWith('#') && !/^data:image\/(png|jpeg|webp|gif);base64,/i.test(target)) {
      problems.push(`refers to ${JSON.stringify(target.slice(0, 80))} (only #fragments and inline raster data are allowed)`);
      break;
    }
  }
  if (/url\(\s*["']?\s*(?!#)[^)"'\s]/i.test(text)) problems.push('uses url(…) to something outside the document');
  if (/@import/i.test(text)) problems.push('imports a style sheet');
  return problems;
}
