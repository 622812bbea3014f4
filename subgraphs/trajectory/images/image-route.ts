import type { ServerResponse } from 'node:http';
import { ErrorCode } from '../../../platform/errors.js';
import { sendError, type AuthenticatedRoute } from '../../../platform/graphql-http.js';
import { roleAtLeast } from '../../../platform/security/roles.js';
import type { ImageLibrary } from './image-library.js';

/** Listed as the Trajectory subgraph's route in platform/subgraph-catalog.ts: the gateway passes it through. */
export const IMAGES_PREFIX = '/images/';
/** Where an image is served, on the gateway and on the Trajectory subgraph alike. */
export const imagePath = (sha256: string) => `${IMAGES_PREFIX}${sha256}`;

/**
 * Served as a picture and nothing else: a sandboxing policy with no script, nothing loaded from
 * anywhere, so an SVG opened directly in a tab is inert too; nosniff so no browser reads it as
 * anything but its declared type.
 */
export const IMAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  // Content-addressed, so it never changes; private because it is served per caller's role.
  'cache-control': 'private, max-age=86400, immutable',
} as const;

/** GET /images/<sha256> and /images/<sha256>/thumbnail: what a viewer (and up) may see of a trajectory. */
export function imageRoute(library: ImageLibrary): AuthenticatedRoute {
  return {
    prefix: IMAGES_PREFIX,
    async handle(req, res, { caller, requestId, url }) {
      const match = /^\/images\/([a-f0-9]{64})(\/thumbnail)?$/.exec(url.pathname);
      if (!match?.[1]) return sendError(res, 404, `No image at ${url.pathname}`, ErrorCode.NOT_FOUND, requestId);
      if (!roleAtLeast(caller.role, 'viewer')) {
        return sendError(res, 403, 'Seeing images needs the viewer role or higher', ErrorCode.FORBIDDEN, requestId);
      }
      const sha256 = match[1];
      const image = match[2]
        ? await library.thumbnail(sha256).then((png) => png && { bytes: png, contentType: 'image/png' })
        : await library.original(sha256);
      if (!image) return sendError(res, 404, `The platform holds no image ${sha256}`, ErrorCode.NOT_FOUND, requestId);
      send(res, image.bytes, image.contentType, req.method === 'HEAD');
    },
  };
}

function send(res: ServerResponse, bytes: Buffer, contentType: string, headOnly: boolean): void {
  res.writeHead(200, { ...IMAGE_HEADERS, 'content-type': contentType, 'content-length': bytes.byteLength });
  res.end(headOnly ? undefined : bytes);
}
