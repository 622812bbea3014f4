import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { StaticPage } from '../platform/graphql-http.js';
import { fromRoot } from '../platform/paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * GraphiQL's editor (Monaco) writes <style> elements and style attributes at run time, so its
 * page allows inline styles; scripts stay same-origin only, as on every other page.
 */
const GRAPHIQL_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; worker-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

/** Hashed file names change with their content, so browsers may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const notBuilt = (what: string): StaticPage => ({
  contentType: TYPES['.html'] ?? 'text/html',
  body: Buffer.from(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${what} not built</title>` +
      `<p>The ${what} has not been built: run <code>npm run build:web</code> (npm start does it) and restart the gateway.</p></html>`,
  ),
});

/**
 * The gateway's browser pages, read once at start from dist/web (built by Vite from web/,
 * scripts/build-web.ts): the console at /, GraphiQL at /graphiql, and their hashed assets.
 * They carry no data; everything they show comes through /graphql with the user's credential.
 */
export function gatewayPages(dist = fromRoot('dist', 'web')): ReadonlyMap<string, StaticPage> {
  const pages = new Map<string, StaticPage>();
  if (!existsSync(join(dist, 'index.html'))) {
    pages.set('/', notBuilt('web console'));
    pages.set('/graphiql', notBuilt('GraphiQL page'));
  } else {
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const file of files.map((e) => join(e.parentPath, e.name))) {
      const path = `/${relative(dist, file).split('\\').join('/')}`;
      const contentType = TYPES[extname(file)];
      if (!contentType) continue;
      pages.set(path, {
        contentType,
        body: readFileSync(file),
        ...(path.startsWith('/assets/') ? { cacheControl: IMMUTABLE } : {}),
        ...(path.startsWith('/assets/') || path === '/graphiql.html' ? { csp: GRAPHIQL_CSP } : {}),
      });
    }
    const index = pages.get('/index.html');
    const graphiql = pages.get('/graphiql.html');
    if (index) pages.set('/', index);
    if (graphiql) pages.set('/graphiql', graphiql);
  }
  // The training page's old address, now a tab of the console.
  pages.set('/training', {
    contentType: TYPES['.html'] ?? 'text/html',
    body: Buffer.from(
      '<!doctype html><meta http-equiv="refresh" content="0; url=/#/training"><a href="/#/training">Training</a>',
    ),
  });
  return pages;
}
