import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The browser apps the gateway serves, built into dist/web (scripts/build-web.ts): the console
 * at / and GraphiQL at /graphiql. Everything is bundled, fonts and editor workers included, so
 * the pages need nothing but the gateway: no CDN, nothing inline (the pages' CSP forbids it).
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // GraphiQL's editor (Monaco) is large by nature; it loads on /graphiql only.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: { console: here('index.html'), graphiql: here('graphiql.html') },
      // GraphiQL's dependencies mark React server-component boundaries ("use client"), which mean
      // nothing in a browser bundle; the warning for each would drown the real ones.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
});
