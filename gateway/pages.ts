import { readFileSync } from 'node:fs';
import type { StaticPage } from '../platform/graphql-http.js';
import { fromRoot } from '../platform/paths.js';

const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;

/**
 * The gateway's public pages (files from web/, read once at start): the live training page at
 * /training. They carry no data; everything they show comes through /graphql with the user's key.
 */
export function gatewayPages(): ReadonlyMap<string, StaticPage> {
  const page = (file: string, type: keyof typeof TYPES): StaticPage => ({
    contentType: TYPES[type],
    body: readFileSync(fromRoot('web', file)),
  });
  return new Map([
    ['/training', page('training.html', 'html')],
    ['/training.js', page('training.js', 'js')],
    ['/training.css', page('training.css', 'css')],
  ]);
}
